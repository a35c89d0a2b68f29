package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;

/**
 * Group normalization of {@code [N, C, *]}, as {@code torch.nn.GroupNorm}: each sample's channels are
 * split into {@code num_groups} groups normalized apart, then scaled by a per-channel {@code weight}
 * (ones) and shifted by {@code bias} (zeros) when affine.
 */
public class GroupNorm extends Module {
    private final long numGroups;
    private final long numChannels;
    private final double eps;
    private final boolean affine;

    /**
     * Creates the layer with eps 1e-5, affine, as {@code nn.GroupNorm(num_groups, num_channels)}.
     *
     * @param numGroups   {@code num_groups}, the number of groups the channels are split into
     * @param numChannels {@code num_channels}, the number of channels C; divisible by {@code numGroups}
     * @throws IllegalArgumentException when the channels do not split into the groups
     */
    public GroupNorm(long numGroups, long numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    /**
     * Creates the layer with float32 parameters on the CPU, as
     * {@code nn.GroupNorm(num_groups, num_channels, eps, affine)}.
     *
     * @param numGroups   {@code num_groups}, the number of groups the channels are split into
     * @param numChannels {@code num_channels}, the number of channels C; divisible by {@code numGroups}
     * @param eps         the value added to the variance for numerical stability (PyTorch's default 1e-5)
     * @param affine      whether the layer has a per-channel weight (ones) and bias (zeros) (default true)
     * @throws IllegalArgumentException when the channels do not split into the groups
     */
    public GroupNorm(long numGroups, long numChannels, double eps, boolean affine) {
        this(numGroups, numChannels, eps, affine, DType.FLOAT32, Device.CPU);
    }

    /**
     * Creates the layer with parameters of {@code dtype} on {@code device}.
     *
     * @param numGroups   {@code num_groups}, the number of groups the channels are split into
     * @param numChannels {@code num_channels}, the number of channels C; divisible by {@code numGroups}
     * @param eps         the value added to the variance for numerical stability (PyTorch's default 1e-5)
     * @param affine      whether the layer has a per-channel weight (ones) and bias (zeros) (default true)
     * @param dtype       the parameters' floating-point dtype (PyTorch's default float32)
     * @param device      where the parameters are created (PyTorch's default the CPU)
     * @throws IllegalArgumentException when the channels do not split into the groups
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public GroupNorm(long numGroups, long numChannels, double eps, boolean affine, DType dtype, Device device) {
        if (numGroups <= 0 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("num_channels must be divisible by num_groups");
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.affine = affine;
        LayerArgs.registerAffine(this, affine, dtype, device, numChannels);
    }

    /** Sets the weight back to ones and the bias to zeros, as {@code reset_parameters}. */
    public void resetParameters() {
        LayerArgs.resetAffine(this);
    }

    /** {@return the per-channel scale {@code weight} {@code (num_channels)}, or null when not affine} */
    public Parameter weight() {
        return param("weight");
    }

    /** {@return the per-channel shift {@code bias} {@code (num_channels)}, or null when not affine} */
    public Parameter bias() {
        return param("bias");
    }

    /**
     * Normalizes each group of channels of each sample, as {@code F.group_norm}.
     *
     * @param input {@code (N, C, *)}, C being {@code num_channels}
     * @return the normalized input, of the same shape
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.groupNorm(input, numGroups, weight(), bias(), eps);
    }

    @Override
    public String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + PyRepr.of(eps) + ", affine=" + PyRepr.of(affine);
    }
}
