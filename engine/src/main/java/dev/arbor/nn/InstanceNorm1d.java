package dev.arbor.nn;

/**
 * Instance normalization of {@code [N, C, L] (or [C, L])}, as {@code torch.nn.InstanceNorm1d}:
 * {@code new InstanceNorm1d(64)} (not affine, no running statistics), or
 * {@code InstanceNorm1d.options(64).affine(true).trackRunningStats(true).build()}. See {@link InstanceNormNd}.
 */
public class InstanceNorm1d extends InstanceNormNd {
    /** Not affine, without running statistics, eps 1e-5, momentum 0.1. */
    public InstanceNorm1d(long numFeatures) {
        this(options(numFeatures));
    }

    /** The layer with {@code options}. */
    public InstanceNorm1d(NormOptions<InstanceNorm1d> options) {
        super(options);
    }

    /** The options of a layer with PyTorch's defaults, to adjust and {@code build()}. */
    public static NormOptions<InstanceNorm1d> options(long numFeatures) {
        return new NormOptions<>(numFeatures, false, InstanceNorm1d::new);
    }

    @Override
    int noBatchDim() {
        return 2;
    }
}
