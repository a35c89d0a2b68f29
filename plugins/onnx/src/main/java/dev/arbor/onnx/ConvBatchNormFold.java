package dev.arbor.onnx;

import dev.arbor.nn.BatchNormNd;
import dev.arbor.nn.Conv1d;
import dev.arbor.nn.Conv2d;
import dev.arbor.nn.Conv3d;
import dev.arbor.nn.ConvNd;
import dev.arbor.nn.Module;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.MemoryScope;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A convolution whose output only a BatchNorm reads, run for inference as one convolution with the
 * normalization folded into its weight and bias, as ONNX Runtime does when it creates a session:
 * with {@code s = gamma / sqrt(running_var + eps)} per output channel, {@code w' = w * s} and
 * {@code b' = (b - running_mean) * s + beta}. The fold applies only where nothing can tell it apart
 * from the two layers: the BatchNorm in eval mode with running statistics, no gradients recorded, no
 * hooks on either layer. The folded tensors are kept, and made again when any tensor they come from
 * changes (another tensor, other memory, or a write in place), so a loaded state dict or a training
 * step is seen by the next inference.
 */
final class ConvBatchNormFold {
    private final ConvNd conv;
    private final BatchNormNd norm;
    private volatile Folded folded;

    /** Folded weight and bias, and the state of the tensors they were made from. */
    private record Folded(List<TensorFingerprint> sources, Tensor weight, Tensor bias) {}

    private ConvBatchNormFold(ConvNd conv, BatchNormNd norm) {
        this.conv = conv;
        this.norm = norm;
    }

    /**
     * Makes each Conv node that runs as a layer, and whose output only a BatchNormalization node that
     * runs as a layer reads, run folded where {@link #applies()}.
     *
     * @param index    the graph
     * @param layerOps the ops of the nodes that run as a call of a layer, changed in place
     * @param modules  the layer each of those nodes calls
     */
    static void install(GraphIndex index, Map<NodeProto, OnnxOp> layerOps, Map<NodeProto, Module> modules) {
        for (NodeProto convNode : index.nodes()) {
            if (!convNode.getOpType().equals("Conv") || !(modules.get(convNode) instanceof ConvNd conv)
                    || !(conv instanceof Conv1d || conv instanceof Conv2d || conv instanceof Conv3d)) {
                continue;
            }
            String out = convNode.getOutput(0);
            List<NodeProto> readers = index.consumers(out);
            if (readers.size() != 1 || !index.readOnlyBy(out, readers)) {
                continue;
            }
            NodeProto normNode = readers.getFirst();
            if (normNode.getOpType().equals("BatchNormalization") && normNode.getInput(0).equals(out)
                    && modules.get(normNode) instanceof BatchNormNd norm) {
                ConvBatchNormFold fold = new ConvBatchNormFold(conv, norm);
                layerOps.put(convNode, (ctx, in) -> {
                    Tensor x = ctx.tensor(in, 0);
                    return List.of(fold.applies() ? fold.forward(x) : conv.call(x));
                });
                layerOps.put(normNode, (ctx, in) -> {
                    Tensor x = ctx.tensor(in, 0);
                    return List.of(fold.applies() ? x : norm.call(x));
                });
            }
        }
    }

    /** {@return whether this call runs folded: the convolution computes both, the BatchNorm passes its input on} */
    boolean applies() {
        return !GradMode.isEnabled() && !norm.isTraining() && norm.runningMean() != null && norm.runningVar() != null
                && !conv.hasHooks() && !norm.hasHooks();
    }

    /** {@return the convolution followed by the normalization, as one convolution} */
    Tensor forward(Tensor input) {
        Folded f = current();
        return switch (conv) {
            case Conv1d c -> c.convForward(input, f.weight(), f.bias());
            case Conv2d c -> c.convForward(input, f.weight(), f.bias());
            case Conv3d c -> c.convForward(input, f.weight(), f.bias());
            default -> throw new IllegalStateException("not a foldable convolution: " + conv.getClass().getSimpleName());
        };
    }

    private Folded current() {
        Tensor w = conv.weight();
        Tensor b = conv.bias();
        List<TensorFingerprint> sources = Stream.of(w, b, norm.weight(), norm.bias(), norm.runningMean(),
                norm.runningVar()).map(TensorFingerprint::of).toList();
        Folded f = folded;
        if (f != null && f.sources().equals(sources)) {
            return f;
        }
        // kept across runs, so outside any memory scope of the run that made it
        try (MemoryScope outside = MemoryScope.suspend()) {
            f = fold(sources, w, b);
        }
        folded = f;
        return f;
    }

    private Folded fold(List<TensorFingerprint> sources, Tensor w, Tensor b) {
        long channels = w.size(0);
        DType dtype = w.dtype();
        Tensor scale = norm.runningVar().to(DType.FLOAT64).add(norm.eps()).rsqrt();
        if (norm.weight() != null) {
            scale = scale.mul(norm.weight().to(DType.FLOAT64));
        }
        Tensor shift = (b == null ? Tensor.zeros(DType.FLOAT64, w.device(), channels) : b.to(DType.FLOAT64))
                .sub(norm.runningMean().to(DType.FLOAT64)).mul(scale);
        if (norm.bias() != null) {
            shift = shift.add(norm.bias().to(DType.FLOAT64));
        }
        long[] perChannel = new long[w.dim()];
        Arrays.fill(perChannel, 1);
        perChannel[0] = channels;
        Tensor weight = w.to(DType.FLOAT64).mul(scale.reshape(perChannel)).to(dtype).contiguous();
        return new Folded(sources, weight, shift.to(dtype));
    }
}
