package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * Batch normalization of {@code [N, C, H, W]} over the batch (and spatial) dimensions per channel, as
 * {@code torch.nn.BatchNorm2d}: {@code new BatchNorm2d(64)}, or
 * {@code BatchNorm2d.options(64).momentum(null).affine(false).build()}. See {@link BatchNormNd}.
 */
public class BatchNorm2d extends BatchNormNd {
    /**
     * Creates the layer with PyTorch's defaults (affine, tracking running statistics, eps 1e-5, momentum 0.1), as
     * {@code nn.BatchNorm2d(num_features)}.
     *
     * @param numFeatures {@code num_features}, the number of channels C
     */
    public BatchNorm2d(long numFeatures) {
        this(options(numFeatures));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long)}
     */
    public BatchNorm2d(NormOptions<BatchNorm2d> options) {
        super(options);
    }

    /**
     * Starts the options of a layer with PyTorch's defaults, to adjust and {@code build()}.
     *
     * @param numFeatures {@code num_features}, the number of channels C
     * @return the options
     */
    public static NormOptions<BatchNorm2d> options(long numFeatures) {
        return new NormOptions<>(numFeatures, true, BatchNorm2d::new);
    }

    @Override
    void checkInputDim(Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException("expected 4D input (got " + input.dim() + "D input)");
        }
    }
}
