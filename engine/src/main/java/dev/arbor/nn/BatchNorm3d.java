package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * Batch normalization of {@code [N, C, D, H, W]} over the batch (and spatial) dimensions per channel, as
 * {@code torch.nn.BatchNorm3d}: {@code new BatchNorm3d(64)}, or
 * {@code BatchNorm3d.options(64).momentum(null).affine(false).build()}. See {@link BatchNormNd}.
 */
public class BatchNorm3d extends BatchNormNd {
    /** Affine, tracking running statistics, eps 1e-5, momentum 0.1. */
    public BatchNorm3d(long numFeatures) {
        this(options(numFeatures));
    }

    /** The layer with {@code options}. */
    public BatchNorm3d(NormOptions<BatchNorm3d> options) {
        super(options);
    }

    /** The options of a layer with PyTorch's defaults, to adjust and {@code build()}. */
    public static NormOptions<BatchNorm3d> options(long numFeatures) {
        return new NormOptions<>(numFeatures, true, BatchNorm3d::new);
    }

    @Override
    void checkInputDim(Tensor input) {
        if (input.dim() != 5) {
            throw new IllegalArgumentException("expected 5D input (got " + input.dim() + "D input)");
        }
    }
}
