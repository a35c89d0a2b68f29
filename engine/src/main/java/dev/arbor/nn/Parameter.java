package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * A tensor that is a module's learnable state, as {@code torch.nn.Parameter}: registering one with
 * {@link Module#registerParameter} makes it part of {@link Module#parameters()} and the state dict.
 *
 * <p>A parameter views its data tensor's storage without copying, is a leaf of the autograd graph and
 * requires gradients unless made with {@code requiresGrad = false}. {@link Module#to} and loading a
 * state dict with {@code assign} change its data in place ({@link #setData}), so the object itself,
 * and every reference an optimizer or another module holds to it, stays valid.
 */
public class Parameter extends Tensor {
    /**
     * Creates a parameter viewing {@code data}'s storage, requiring gradients, as {@code nn.Parameter(data)}.
     *
     * @param data the values; shared, not copied (dtype, shape, strides and offset kept)
     * @throws IllegalStateException when the dtype is not floating point
     */
    public Parameter(Tensor data) {
        this(data, true);
    }

    /**
     * Creates a parameter viewing {@code data}'s storage (detached from any graph), as
     * {@code nn.Parameter(data, requires_grad)}.
     *
     * @param data         the values; shared, not copied (dtype, shape, strides and offset kept)
     * @param requiresGrad whether autograd records operations on it (PyTorch's default true)
     * @throws IllegalStateException when {@code requiresGrad} and the dtype is not floating point
     */
    @SuppressWarnings("this-escape") // requiresGrad_ only sets the flag Tensor declares
    public Parameter(Tensor data, boolean requiresGrad) {
        super(data.storage(), data.dtype(), data.shape(), data.strides(), data.offset());
        requiresGrad_(requiresGrad);
    }

    /** {@return the data as a plain tensor outside the graph, sharing the storage, as {@code param.data}} */
    public Tensor data() {
        return detach();
    }

    /** {@return the text PyTorch prints: {@code Parameter containing:} and the tensor on the next line} */
    @Override
    public String toString() {
        return "Parameter containing:\n" + super.toString();
    }
}
