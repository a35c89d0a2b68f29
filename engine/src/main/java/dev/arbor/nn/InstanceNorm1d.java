package dev.arbor.nn;

/**
 * Instance normalization of {@code [N, C, L] (or [C, L])}, as {@code torch.nn.InstanceNorm1d}:
 * {@code new InstanceNorm1d(64)} (not affine, no running statistics), or
 * {@code InstanceNorm1d.options(64).affine(true).trackRunningStats(true).build()}. See {@link InstanceNormNd}.
 */
public class InstanceNorm1d extends InstanceNormNd {
    /**
     * Creates the layer with PyTorch's defaults (not affine, without running statistics, eps 1e-5, momentum 0.1), as
     * {@code nn.InstanceNorm1d(num_features)}.
     *
     * @param numFeatures {@code num_features}, the number of channels C
     */
    public InstanceNorm1d(long numFeatures) {
        this(options(numFeatures));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long)}
     * @throws IllegalArgumentException when {@code momentum} is null (None is only for batch norm)
     */
    public InstanceNorm1d(NormOptions<InstanceNorm1d> options) {
        super(options);
    }

    /**
     * Starts the options of a layer with PyTorch's defaults, to adjust and {@code build()}.
     *
     * @param numFeatures {@code num_features}, the number of channels C
     * @return the options
     */
    public static NormOptions<InstanceNorm1d> options(long numFeatures) {
        return new NormOptions<>(numFeatures, false, InstanceNorm1d::new);
    }

    @Override
    int noBatchDim() {
        return 2;
    }
}
