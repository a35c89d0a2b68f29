package dev.arbor.nn;

/**
 * Instance normalization of {@code [N, C, D, H, W] (or [C, D, H, W])}, as {@code torch.nn.InstanceNorm3d}:
 * {@code new InstanceNorm3d(64)} (not affine, no running statistics), or
 * {@code InstanceNorm3d.options(64).affine(true).trackRunningStats(true).build()}. See {@link InstanceNormNd}.
 */
public class InstanceNorm3d extends InstanceNormNd {
    /** Not affine, without running statistics, eps 1e-5, momentum 0.1. */
    public InstanceNorm3d(long numFeatures) {
        this(options(numFeatures));
    }

    /** The layer with {@code options}. */
    public InstanceNorm3d(NormOptions<InstanceNorm3d> options) {
        super(options);
    }

    /** The options of a layer with PyTorch's defaults, to adjust and {@code build()}. */
    public static NormOptions<InstanceNorm3d> options(long numFeatures) {
        return new NormOptions<>(numFeatures, false, InstanceNorm3d::new);
    }

    @Override
    int noBatchDim() {
        return 4;
    }
}
