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

    /** Added to the variance for stability (default 1e-5). */
    public NormOptions<M> eps(double eps) {
        this.eps = eps;
        return this;
    }

    /** The weight of each new batch in the running statistics (default 0.1); null for the cumulative average. */
    public NormOptions<M> momentum(Double momentum) {
        this.momentum = momentum;
        return this;
    }

    /** Whether the layer has a learnable per-channel weight and bias. */
    public NormOptions<M> affine(boolean affine) {
        this.affine = affine;
        return this;
    }

    /** Whether the layer keeps running statistics (used in evaluation) and counts the batches. */
    public NormOptions<M> trackRunningStats(boolean trackRunningStats) {
        this.trackRunningStats = trackRunningStats;
        return this;
    }

    /** The parameters' and statistics' dtype (default float32). */
    public NormOptions<M> dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    /** The parameters' and buffers' device (default the CPU). */
    public NormOptions<M> device(Device device) {
        this.device = device;
        return this;
    }

    /** The layer with these options. */
    public M build() {
        return factory.apply(this);
    }
}
