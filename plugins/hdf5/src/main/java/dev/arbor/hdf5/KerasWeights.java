package dev.arbor.hdf5;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Maps Keras weights to PyTorch's names and layouts, as Keras-to-PyTorch converters do
 * ({@link Hdf5Layout#KERAS} reads files through it; {@code docs/HDF5-LAYOUT.md} has the table).
 *
 * <ul>
 *   <li>{@code kernel} becomes {@code weight}, transposed to PyTorch's layout by rank: Dense
 *       {@code [in, out]} to {@code [out, in]}; Conv1D/2D/3D {@code [k..., in, out]} to
 *       {@code [out, in, k...]} (the same permutation takes a ConvNDTranspose kernel
 *       {@code [k..., out, in]} to PyTorch's {@code [in, out, k...]}).</li>
 *   <li>{@code depthwise_kernel} {@code [k..., in, m]} becomes {@code weight} {@code [in*m, 1, k...]}.</li>
 *   <li>{@code embeddings} becomes {@code weight}; {@code bias} stays {@code bias}.</li>
 *   <li>Normalization: {@code gamma}, {@code beta}, {@code moving_mean}, {@code moving_variance}
 *       become {@code weight}, {@code bias}, {@code running_mean}, {@code running_var}; a layer with
 *       a moving mean also gets PyTorch's {@code num_batches_tracked} (int64 0), last.</li>
 *   <li>Any other weight keeps its name and values.</li>
 * </ul>
 */
public final class KerasWeights {
    private static final Map<String, String> NAMES = Map.of(
            "kernel", "weight",
            "depthwise_kernel", "weight",
            "embeddings", "weight",
            "bias", "bias",
            "gamma", "weight",
            "beta", "bias",
            "moving_mean", "running_mean",
            "moving_variance", "running_var");

    private KerasWeights() {}

    /**
     * One layer's weights with PyTorch keys and layouts.
     *
     * @param layerName the Keras layer name, the first part of every key ({@code dense_1})
     * @param weights the layer's weights by Keras weight name, in the layer's order, as its
     *     {@code weight_names} attribute spells them ({@code dense_1/kernel:0}): the part after the
     *     last {@code /} without its {@code :N} suffix is the weight's own name, the parts before it
     *     other than a leading copy of the layer name become key parts (nested models)
     * @return keys such as {@code dense_1.weight}, in the same order
     */
    public static SequencedMap<String, Tensor> layerToPyTorch(String layerName, SequencedMap<String, Tensor> weights) {
        SequencedMap<String, Tensor> out = new LinkedHashMap<>();
        String normalized = null; // the key prefix of a layer with running statistics
        for (Map.Entry<String, Tensor> w : weights.entrySet()) {
            List<String> parts = new ArrayList<>(Arrays.asList(w.getKey().split("/", -1)));
            String own = parts.removeLast();
            int colon = own.lastIndexOf(':');
            if (colon > 0 && own.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                own = own.substring(0, colon);
            }
            if (!parts.isEmpty() && parts.getFirst().equals(layerName)) {
                parts.removeFirst();
            }
            parts.addFirst(layerName);
            String prefix = String.join(".", parts);
            out.put(prefix + "." + NAMES.getOrDefault(own, own), toPyTorchLayout(own, w.getValue()));
            if (own.equals("moving_mean")) {
                normalized = prefix;
            }
        }
        if (normalized != null) {
            out.put(normalized + ".num_batches_tracked", Tensor.scalar(0, DType.INT64));
        }
        return out;
    }

    /** A weight's values in PyTorch's layout, given the weight's own Keras name. */
    static Tensor toPyTorchLayout(String kerasName, Tensor value) {
        int rank = value.dim();
        return switch (kerasName) {
            case "kernel" -> rank < 2 || rank > 5 ? value
                    : value.permute(channelsFirst(rank, rank - 1, rank - 2)).contiguous();
            case "depthwise_kernel" -> {
                if (rank < 3 || rank > 5) {
                    yield value;
                }
                // [k..., in, m] -> [in, m, k...] -> [in*m, 1, k...]: output channel c*m + j filters input c
                long[] shape = value.shape();
                long[] out = new long[rank];
                out[0] = shape[rank - 2] * shape[rank - 1];
                out[1] = 1;
                System.arraycopy(shape, 0, out, 2, rank - 2);
                yield value.permute(channelsFirst(rank, rank - 2, rank - 1)).contiguous().reshape(out);
            }
            default -> value;
        };
    }

    /** The permutation that moves dimensions {@code first} and {@code second} (the last two) to the front. */
    private static int[] channelsFirst(int rank, int first, int second) {
        int[] perm = new int[rank];
        perm[0] = first;
        perm[1] = second;
        for (int i = 2; i < rank; i++) {
            perm[i] = i - 2;
        }
        return perm;
    }
}
