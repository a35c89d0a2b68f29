package dev.arbor.nn;

/**
 * Instance normalization of {@code [N, C, D, H, W] (or [C, D, H, W])}, as {@code torch.nn.InstanceNorm3d}:
 * {@code new InstanceNorm3d(64)} (not affine, no running statistics), or
 * {@code InstanceNorm3d.options(64).affine(true).trackRunningStats(true).build()}. See {@link InstanceNormNd}.
 */
public class InstanceNorm3d extends InstanceNormNd {
    /**
     * Creates the layer with PyTorch's defaults (not affine, without running statistics, eps 1e-5, momentum 0.1), as
     * {@code nn.InstanceNorm3d(num_features)}.
     *
     * @param numFeatures {@code num_features}, the number of channels C
     */
    public InstanceNorm3d(long numFeatures) {
        this(options(numFeatures));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long)}
     * @throws IllegalArgumentException when {@code momentum} is null (None is only for batch norm)
     */
    public InstanceNorm3d(NormOptions<InstanceNorm3d> options) {
        super(options);
    }

    /**
     * Starts the options of a layer with PyTorch's defaults, to adjust and {@code build()}.
     *
     * @param numFeatures {@code num_features}, the number of channels C
     * @return the options
     */
    public static NormOptions<InstanceNorm3d> options(long numFeatures) {
        return new NormOptions<>(numFeatures, false, InstanceNorm3d::new);
    }

    @Override
    int noBatchDim() {
        return 4;
    }
}
