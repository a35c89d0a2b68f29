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

    /** eps 1e-5, affine. */
    public GroupNorm(long numGroups, long numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    /** float32 parameters on the CPU. */
    public GroupNorm(long numGroups, long numChannels, double eps, boolean affine) {
        this(numGroups, numChannels, eps, affine, DType.FLOAT32, Device.CPU);
    }

    /**
     * Parameters of {@code dtype} on {@code device}.
     *
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

    /** Weight back to ones, bias to zeros. */
    public void resetParameters() {
        LayerArgs.resetAffine(this);
    }

    /** The per-channel scale, or null. */
    public Parameter weight() {
        return param("weight");
    }

    /** The per-channel shift, or null. */
    public Parameter bias() {
        return param("bias");
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.groupNorm(input, numGroups, weight(), bias(), eps);
    }

    @Override
    public String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + PyRepr.of(eps) + ", affine=" + PyRepr.of(affine);
    }
}
