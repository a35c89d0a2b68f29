package dev.arbor.nn;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;

/**
 * What the recurrent cells share, as PyTorch's {@code RNNCellBase}: {@code weight_ih [gates * H, I]},
 * {@code weight_hh [gates * H, H]}, {@code bias_ih} and {@code bias_hh [gates * H]} (when
 * {@code bias}), all drawn from {@code U(-1/sqrt(H), 1/sqrt(H))}; an input without the batch dimension
 * ({@code [I]}) is one sample.
 */
public abstract class RNNCellBase extends Module {
    final long inputSize;
    final long hiddenSize;
    final boolean bias;

    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    RNNCellBase(long inputSize, long hiddenSize, boolean bias, int gates, DType dtype, Device device) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = bias;
        registerParameter("weight_ih", new Parameter(Tensor.empty(dtype, device, gates * hiddenSize, inputSize)));
        registerParameter("weight_hh", new Parameter(Tensor.empty(dtype, device, gates * hiddenSize, hiddenSize)));
        registerParameter("bias_ih", bias ? new Parameter(Tensor.empty(dtype, device, gates * hiddenSize)) : null);
        registerParameter("bias_hh", bias ? new Parameter(Tensor.empty(dtype, device, gates * hiddenSize)) : null);
        resetParameters();
    }

    /** Re-draws every parameter from {@code U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))}, as {@code reset_parameters}. */
    public void resetParameters() {
        double stdv = hiddenSize > 0 ? 1 / Math.sqrt(hiddenSize) : 0;
        for (Parameter p : parameters()) {
            Init.uniform_(p, -stdv, stdv, Generator.defaultGenerator());
        }
    }

    /** {@return the input-to-hidden weight {@code weight_ih}, {@code (gates * hidden_size, input_size)}} */
    public Parameter weightIh() {
        return param("weight_ih");
    }

    /** {@return the hidden-to-hidden weight {@code weight_hh}, {@code (gates * hidden_size, hidden_size)}} */
    public Parameter weightHh() {
        return param("weight_hh");
    }

    /** {@return the input-to-hidden bias {@code bias_ih}, {@code (gates * hidden_size)}, or null without biases} */
    public Parameter biasIh() {
        return param("bias_ih");
    }

    /** {@return the hidden-to-hidden bias {@code bias_hh}, {@code (gates * hidden_size)}, or null without biases} */
    public Parameter biasHh() {
        return param("bias_hh");
    }

    /** Checks the input's rank with PyTorch's message; true for a batched (2-d) input. */
    final boolean isBatched(Tensor input) {
        if (input.dim() != 1 && input.dim() != 2) {
            throw new IllegalArgumentException(typeName() + ": Expected input to be 1-D or 2-D but received "
                    + input.dim() + "-D tensor");
        }
        return input.dim() == 2;
    }

    /** A state given for an input of {@code batched} rank, as the batched state the cell computes with. */
    static Tensor batchedState(Tensor state, boolean batched) {
        return state == null || batched ? state : state.unsqueeze(0);
    }

    @Override
    public String extraRepr() {
        return inputSize + ", " + hiddenSize + (bias ? "" : ", bias=False");
    }
}
