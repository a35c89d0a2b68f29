package dev.arbor.nn;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import java.util.function.Function;

/**
 * The keyword arguments of batch and instance normalization, with the layer's PyTorch defaults
 * (batch norm: affine and tracking running statistics; instance norm: neither), built fluently:
 * {@code BatchNorm2d.options(64).momentum(null).affine(false).build()}.
 *
 * @param <M> the layer {@link #build()} makes
 */
public final class NormOptions<M extends Module> {
    final long numFeatures;
    double eps = 1e-5;
    Double momentum = 0.1;
    boolean affine;
    boolean trackRunningStats;
    DType dtype = DType.FLOAT32;
    Device device = Device.CPU;
    private final Function<NormOptions<M>, M> factory;

    NormOptions(long numFeatures, boolean affineAndTracking, Function<NormOptions<M>, M> factory) {
        this.numFeatures = numFeatures;
        this.affine = affineAndTracking;
        this.trackRunningStats = affineAndTracking;
        this.factory = factory;
    }

    /**
     * Sets {@code eps}: the value added to the variance before its square root, for numerical stability.
     *
     * @param eps a small positive value; PyTorch's default 1e-5
     * @return this builder
     */
    public NormOptions<M> eps(double eps) {
        this.eps = eps;
        return this;
    }

    /**
     * Sets {@code momentum}: the weight of each new batch in the running statistics,
     * {@code running = (1 - momentum) * running + momentum * batch}.
     *
     * @param momentum PyTorch's default 0.1; null (Python's None) for the cumulative average of all batches
     * @return this builder
     */
    public NormOptions<M> momentum(Double momentum) {
        this.momentum = momentum;
        return this;
    }

    /**
     * Sets {@code affine}: whether the layer has a learnable per-channel {@code weight} (ones) and
     * {@code bias} (zeros).
     *
     * @param affine PyTorch's default is true for batch norm, false for instance norm
     * @return this builder
     */
    public NormOptions<M> affine(boolean affine) {
        this.affine = affine;
        return this;
    }

    /**
     * Sets {@code track_running_stats}: whether the layer keeps the buffers {@code running_mean},
     * {@code running_var} and {@code num_batches_tracked}, and normalises with them in evaluation mode.
     *
     * @param trackRunningStats PyTorch's default is true for batch norm, false for instance norm; when
     *                          false, batch statistics are used in both modes
     * @return this builder
     */
    public NormOptions<M> trackRunningStats(boolean trackRunningStats) {
        this.trackRunningStats = trackRunningStats;
        return this;
    }

    /**
     * Sets {@code dtype}: the dtype the parameters and running statistics are created with.
     *
     * @param dtype a floating-point dtype (default float32)
     * @return this builder
     */
    public NormOptions<M> dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    /**
     * Sets {@code device}: where the parameters and buffers are created.
     *
     * @param device the device (default the CPU)
     * @return this builder
     */
    public NormOptions<M> device(Device device) {
        this.device = device;
        return this;
    }

    /** {@return a new layer with these options} */
    public M build() {
        return factory.apply(this);
    }
}
