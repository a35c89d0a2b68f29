package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * What the max-pooling layers share, as PyTorch's {@code _MaxPoolNd}. With {@code returnIndices} the
 * layer returns the pooled values and the flat indices of the maxima as a {@link Tensor.ValuesIndices}
 * (PyTorch's tuple): call it as {@code Tensor.ValuesIndices r = pool.call((Object) x);}.
 */
public abstract class MaxPoolNd extends Module {
    protected final long[] kernelSize;
    protected final long[] stride;
    protected final long[] padding;
    protected final long[] dilation;
    protected final boolean returnIndices;
    protected final boolean ceilMode;

    protected MaxPoolNd(MaxPoolOptions<?> o) {
        this.kernelSize = o.kernelSize;
        this.stride = o.stride == null || o.stride.length == 0 ? o.kernelSize : o.stride;
        this.padding = o.padding;
        this.dilation = o.dilation;
        this.returnIndices = o.returnIndices;
        this.ceilMode = o.ceilMode;
    }

    /** {@code F.max_poolNd} with the layer's arguments. */
    protected abstract Tensor pool(Tensor input);

    /** {@code F.max_poolNd} with {@code return_indices=True}. */
    protected abstract Tensor.ValuesIndices poolWithIndices(Tensor input);

    /** The pooled values (also when the layer returns indices: {@link #forward(Object...)} returns both). */
    @Override
    public Tensor forward(Tensor input) {
        return pool(input);
    }

    @Override
    public Object forward(Object... inputs) {
        if (returnIndices && inputs.length == 1 && inputs[0] instanceof Tensor x) {
            return poolWithIndices(x);
        }
        return super.forward(inputs);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + LayerArgs.asGiven(kernelSize) + ", stride=" + LayerArgs.asGiven(stride) + ", padding="
                + LayerArgs.asGiven(padding) + ", dilation=" + LayerArgs.asGiven(dilation) + ", ceil_mode="
                + PyRepr.of(ceilMode);
    }
}
