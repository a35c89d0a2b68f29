package dev.arbor.nn;

import dev.arbor.nn.functional.RecurrentOutput;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share, as PyTorch's {@code RNNBase}: the arguments,
 * the parameters with PyTorch's names ({@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0},
 * {@code bias_hh_l0}, {@code weight_hr_l0} for LSTM projections, {@code ..._reverse} for the backward
 * direction) all drawn from {@code U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))}, the input checks
 * with PyTorch's messages, unbatched inputs ({@code [T, input_size]}) and the repr. The recurrences are
 * {@link dev.arbor.nn.functional.F#rnn}, {@link dev.arbor.nn.functional.F#lstm} and
 * {@link dev.arbor.nn.functional.F#gru}.
 *
 * <p>The result is a record, so a call with the input alone casts it to {@code Object}:
 * {@code RecurrentOutput out = gru.call((Object) x);}, or passes the initial state:
 * {@code gru.call(x, h0)} ({@code h0} may be null).
 */
public abstract class RNNBase extends Module {
    private static final Logger LOG = LoggerFactory.getLogger(RNNBase.class);

    final long inputSize;
    final long hiddenSize;
    final int numLayers;
    final boolean bias;
    final boolean batchFirst;
    final double dropout;
    final boolean bidirectional;
    final long projSize;
    private final List<String> flatWeightNames = new ArrayList<>();

    /**
     * Registers the parameters of {@code gates} gates per layer and direction.
     *
     * @throws IllegalArgumentException with PyTorch's messages for a bad dropout or projection size
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    RNNBase(RnnOptions<?> o, int gates, boolean isLstm) {
        if (!(o.dropout >= 0 && o.dropout <= 1)) {
            throw new IllegalArgumentException("dropout should be a number in range [0, 1] representing the "
                    + "probability of an element being zeroed");
        }
        if (o.dropout > 0 && o.numLayers == 1) {
            LOG.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
                    + "num_layers greater than 1, but got dropout={} and num_layers={}", PyRepr.of(o.dropout), o.numLayers);
        }
        if (o.projSize != 0 && !isLstm) {
            throw new IllegalArgumentException("proj_size argument is only supported for LSTM, not RNN or GRU");
        }
        if (o.projSize < 0) {
            throw new IllegalArgumentException("proj_size should be a positive integer or zero to disable projections");
        }
        if (o.projSize > 0 && o.projSize >= o.hiddenSize) {
            throw new IllegalArgumentException("proj_size has to be smaller than hidden_size");
        }
        if (o.hiddenSize <= 0 || o.numLayers <= 0) {
            throw new IllegalArgumentException(o.hiddenSize <= 0 ? "hidden_size must be greater than zero"
                    : "num_layers must be greater than zero");
        }
        this.inputSize = o.inputSize;
        this.hiddenSize = o.hiddenSize;
        this.numLayers = o.numLayers;
        this.bias = o.bias;
        this.batchFirst = o.batchFirst;
        this.dropout = o.dropout;
        this.bidirectional = o.bidirectional;
        this.projSize = o.projSize;
        long realHidden = projSize > 0 ? projSize : hiddenSize;
        long gateSize = gates * hiddenSize;
        for (int layer = 0; layer < numLayers; layer++) {
            for (int dir = 0; dir < numDirections(); dir++) {
                long layerInput = layer == 0 ? inputSize : realHidden * numDirections();
                String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
                add("weight_ih" + suffix, o, gateSize, layerInput);
                add("weight_hh" + suffix, o, gateSize, realHidden);
                if (bias) {
                    add("bias_ih" + suffix, o, gateSize);
                    add("bias_hh" + suffix, o, gateSize);
                }
                if (projSize > 0) {
                    add("weight_hr" + suffix, o, projSize, hiddenSize);
                }
            }
        }
        resetParameters();
    }

    private void add(String name, RnnOptions<?> o, long... shape) {
        registerParameter(name, new Parameter(Tensor.empty(o.dtype, o.device, shape)));
        flatWeightNames.add(name);
    }

    /** Re-draws every parameter from {@code U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))}, as {@code reset_parameters}. */
    public void resetParameters() {
        double stdv = 1 / Math.sqrt(hiddenSize);
        for (Parameter p : parameters()) {
            Init.uniform_(p, -stdv, stdv, Generator.defaultGenerator());
        }
    }

    /** {@return the number of directions D: 2 when bidirectional, else 1} */
    public final int numDirections() {
        return bidirectional ? 2 : 1;
    }

    /**
     * {@return the parameters in PyTorch's flat order ({@code _flat_weights}: per layer and direction
     * {@code weight_ih}, {@code weight_hh}, {@code bias_ih}, {@code bias_hh}, {@code weight_hr}), as the
     * functional recurrences take them}
     */
    public final List<Tensor> flatWeights() {
        List<Tensor> out = new ArrayList<>(flatWeightNames.size());
        for (String name : flatWeightNames) {
            out.add(param(name));
        }
        return out;
    }

    /** {@return the number of features of each input step, {@code input_size}} */
    public long inputSize() {
        return inputSize;
    }

    /** {@return the number of features of the hidden state, {@code hidden_size}} */
    public long hiddenSize() {
        return hiddenSize;
    }

    /** Checks the input's rank with PyTorch's message; true for a batched (3-d) input. */
    final boolean isBatched(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(typeName() + ": Expected input to be 2-D or 3-D but received "
                    + input.dim() + "-D tensor");
        }
        return input.dim() == 3;
    }

    /** The dimension of the batch in the input (and output). */
    final int batchDim() {
        return batchFirst ? 0 : 1;
    }

    /** PyTorch's {@code check_input} of a batched input. */
    final void checkInput(Tensor input) {
        if (input.size(-1) != inputSize) {
            throw new IllegalArgumentException("input.size(-1) must be equal to input_size. Expected " + inputSize
                    + ", got " + input.size(-1));
        }
    }

    /** {@code (num_layers * num_directions, batch, size)} for a batched input. */
    final long[] expectedHiddenSize(Tensor input, long size) {
        return new long[] {(long) numLayers * numDirections(), input.size(batchDim()), size};
    }

    /** PyTorch's {@code check_hidden_size}. */
    static void checkHiddenSize(Tensor hx, long[] expected, String message) {
        if (!Arrays.equals(hx.shape(), expected)) {
            throw new IllegalArgumentException(message + " " + PyRepr.tuple(expected) + ", got "
                    + Arrays.toString(hx.shape()));
        }
    }

    /** The forward of RNN and GRU: unbatched inputs, PyTorch's checks, then {@code op(input, hx)}. */
    final RecurrentOutput forwardSimple(Tensor input, Tensor hx,
                                                  BiFunction<Tensor, Tensor, RecurrentOutput> op) {
        boolean batched = isBatched(input);
        Tensor x = batched ? input : input.unsqueeze(batchDim());
        Tensor h = hx;
        if (h != null) {
            if (!batched && h.dim() != 2) {
                throw new IllegalArgumentException("For unbatched 2-D input, hx should also be 2-D but got " + h.dim()
                        + "-D tensor");
            }
            if (batched && h.dim() != 3) {
                throw new IllegalArgumentException("For batched 3-D input, hx should also be 3-D but got " + h.dim()
                        + "-D tensor");
            }
            h = batched ? h : h.unsqueeze(1);
        }
        checkInput(x);
        if (h != null) {
            checkHiddenSize(h, expectedHiddenSize(x, hiddenSize), "Expected hidden size");
        }
        RecurrentOutput r = op.apply(x, h);
        return batched ? r : new RecurrentOutput(r.output().squeeze(batchDim()), r.hN().squeeze(1));
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (projSize != 0) {
            s.append(", proj_size=").append(projSize);
        }
        if (numLayers != 1) {
            s.append(", num_layers=").append(numLayers);
        }
        if (!bias) {
            s.append(", bias=False");
        }
        if (batchFirst) {
            s.append(", batch_first=True");
        }
        if (dropout != 0) {
            s.append(", dropout=").append(PyRepr.of(dropout));
        }
        if (bidirectional) {
            s.append(", bidirectional=True");
        }
        return s.toString();
    }
}
