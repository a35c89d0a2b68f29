package dev.arbor.nn;

/**
 * Instance normalization of {@code [N, C, H, W] (or [C, H, W])}, as {@code torch.nn.InstanceNorm2d}:
 * {@code new InstanceNorm2d(64)} (not affine, no running statistics), or
 * {@code InstanceNorm2d.options(64).affine(true).trackRunningStats(true).build()}. See {@link InstanceNormNd}.
 */
public class InstanceNorm2d extends InstanceNormNd {
    /** Not affine, without running statistics, eps 1e-5, momentum 0.1. */
    public InstanceNorm2d(long numFeatures) {
        this(options(numFeatures));
    }

    /** The layer with {@code options}. */
    public InstanceNorm2d(NormOptions<InstanceNorm2d> options) {
        super(options);
    }

    /** The options of a layer with PyTorch's defaults, to adjust and {@code build()}. */
    public static NormOptions<InstanceNorm2d> options(long numFeatures) {
        return new NormOptions<>(numFeatures, false, InstanceNorm2d::new);
    }

    @Override
    int noBatchDim() {
        return 3;
    }
}
