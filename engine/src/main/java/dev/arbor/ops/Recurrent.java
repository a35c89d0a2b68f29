package dev.arbor.ops;

import dev.arbor.nn.PyRepr;
import dev.arbor.nn.functional.LstmOutput;
import dev.arbor.nn.functional.LstmState;
import dev.arbor.nn.functional.RecurrentOutput;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recurrent layers and cells (Elman RNN with tanh or ReLU, LSTM with optional projections, GRU), as
 * PyTorch's {@code _VF.rnn_tanh}, {@code _VF.lstm}, {@code _VF.gru} and their cells. Everything is
 * composed of differentiable tensor ops (matmul, sigmoid, tanh, mul, add), so autograd, gradcheck and
 * higher-order gradients cover it.
 *
 * <p>Per layer and direction the input projection {@code x W_ih^T + b_ih} is one matrix product over
 * the whole sequence; each step then adds {@code h W_hh^T + b_hh} and applies the gates, in PyTorch's
 * order (LSTM: input, forget, cell, output; GRU: reset, update, new with
 * {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))} and {@code h' = (h - n) * z + n}). The steps
 * read the projection through views made by halving the sequence recursively, so that backward sums
 * {@code O(T log T)} elements instead of the {@code O(T^2)} of one slice per step.
 *
 * <p>Weights come as PyTorch's flat list: for each layer, for each direction, {@code w_ih, w_hh},
 * then {@code b_ih, b_hh} when {@code hasBiases}, then the LSTM projection {@code w_hr} when present.
 */
public final class Recurrent {
    private Recurrent() {}

    /** The recurrence a layer computes, with its number of gates. */
    private enum Mode {
        RNN_TANH("rnn_tanh", 1), RNN_RELU("rnn_relu", 1), LSTM("lstm", 4), GRU("gru", 3);

        final String op;
        final int gates;

        Mode(String op, int gates) {
            this.op = op;
            this.gates = gates;
        }
    }

    /** The weights of one layer in one direction; biases and projection may be null. */
    private record Weights(Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor wHr) {
        long hidden(Mode mode) {
            return wHh.size(0) / mode.gates;
        }
    }

    // ---------------------------------------------------------------- cells

    /** One step of an Elman cell, {@code act(x W_ih^T + b_ih + h W_hh^T + b_hh)}; {@code hx} null is zeros. */
    public static Tensor rnnCell(Tensor input, Tensor hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                                 boolean relu) {
        Mode mode = relu ? Mode.RNN_RELU : Mode.RNN_TANH;
        Weights w = cellWeights(mode, input, wIh, wHh, bIh, bHh);
        Tensor h = cellState(mode, "hx", hx, input, w.hidden(mode));
        return rnnStep(LinearMaps.linear(input, wIh, bIh), h, wHh.t(), bHh, relu);
    }

    /** One LSTM step; returns the new {@code (h, c)}; {@code hx} (or either of its tensors) null is zeros. */
    public static LstmState lstmCell(Tensor input, LstmState hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        Weights w = cellWeights(Mode.LSTM, input, wIh, wHh, bIh, bHh);
        long hidden = w.hidden(Mode.LSTM);
        Tensor h = cellState(Mode.LSTM, "hx", hx == null ? null : hx.h(), input, hidden);
        Tensor c = cellState(Mode.LSTM, "cx", hx == null ? null : hx.c(), input, hidden);
        Tensor[] hc = lstmStep(LinearMaps.linear(input, wIh, bIh), h, c, wHh.t(), bHh, null);
        return new LstmState(hc[0], hc[1]);
    }

    /** One GRU step; {@code hx} null is zeros. */
    public static Tensor gruCell(Tensor input, Tensor hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        Weights w = cellWeights(Mode.GRU, input, wIh, wHh, bIh, bHh);
        Tensor h = cellState(Mode.GRU, "hx", hx, input, w.hidden(Mode.GRU));
        return gruStep(LinearMaps.linear(input, wIh, bIh), h, wHh.t(), bHh);
    }

    private static Weights cellWeights(Mode mode, Tensor input, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        String op = mode.op + "_cell";
        ArgChecks.floating(op, input);
        if (input.dim() != 2) {
            throw new IllegalArgumentException(op + ": expected input [N, input_size], got shape "
                    + Shapes.str(input.shape()));
        }
        Weights w = new Weights(wIh, wHh, bIh, bHh, null);
        checkWeights(op, mode, w, input.size(1), -1);
        return w;
    }

    private static Tensor cellState(Mode mode, String name, Tensor state, Tensor input, long hidden) {
        long[] expected = {input.size(0), hidden};
        if (state == null) {
            return Tensor.zeros(input.dtype(), input.device(), expected);
        }
        if (!Arrays.equals(state.shape(), expected)) {
            throw new IllegalArgumentException(mode.op + "_cell: expected " + name + " of shape " + Shapes.str(expected)
                    + ", got " + Shapes.str(state.shape()));
        }
        return state;
    }

    // ---------------------------------------------------------------- layers

    /**
     * A multi-layer Elman RNN over {@code input [T, N, I]} ({@code [N, T, I]} with {@code batchFirst});
     * {@code hx [numLayers * D, N, H]} or null for zeros.
     */
    public static RecurrentOutput rnn(Tensor input, Tensor hx, List<Tensor> weights, boolean hasBiases, boolean relu,
                                      int numLayers, double dropout, boolean training, boolean bidirectional,
                                      boolean batchFirst, Generator gen) {
        Mode mode = relu ? Mode.RNN_RELU : Mode.RNN_TANH;
        Tensor[] r = run(mode, input, hx, null, weights, hasBiases, numLayers, dropout, training, bidirectional,
                batchFirst, gen);
        return new RecurrentOutput(r[0], r[1]);
    }

    /** A multi-layer GRU; see {@link #rnn}. */
    public static RecurrentOutput gru(Tensor input, Tensor hx, List<Tensor> weights, boolean hasBiases, int numLayers,
                                      double dropout, boolean training, boolean bidirectional, boolean batchFirst,
                                      Generator gen) {
        Tensor[] r = run(Mode.GRU, input, hx, null, weights, hasBiases, numLayers, dropout, training, bidirectional,
                batchFirst, gen);
        return new RecurrentOutput(r[0], r[1]);
    }

    /**
     * A multi-layer LSTM, with projections when the weight list holds {@code w_hr} for each layer and
     * direction; {@code hx} (or either of its tensors) null is zeros.
     */
    public static LstmOutput lstm(Tensor input, LstmState hx, List<Tensor> weights, boolean hasBiases, int numLayers,
                                  double dropout, boolean training, boolean bidirectional, boolean batchFirst,
                                  Generator gen) {
        Tensor[] r = run(Mode.LSTM, input, hx == null ? null : hx.h(), hx == null ? null : hx.c(), weights,
                hasBiases, numLayers, dropout, training, bidirectional, batchFirst, gen);
        return new LstmOutput(r[0], r[1], r[2]);
    }

    /** Runs every layer and direction; returns {output, h_n, c_n (LSTM only)}. */
    private static Tensor[] run(Mode mode, Tensor input, Tensor hx, Tensor cx, List<Tensor> weights, boolean hasBiases,
                                int numLayers, double dropout, boolean training, boolean bidirectional,
                                boolean batchFirst, Generator gen) {
        ArgChecks.floating(mode.op, input);
        if (input.dim() != 3) {
            throw new IllegalArgumentException(mode.op + ": expected input of 3 dimensions ("
                    + (batchFirst ? "[N, T, input_size]" : "[T, N, input_size]") + "), got shape "
                    + Shapes.str(input.shape()));
        }
        if (numLayers < 1) {
            throw new IllegalArgumentException(mode.op + ": num_layers must be at least 1, got " + numLayers);
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException(mode.op + ": dropout must be in [0, 1], got " + dropout);
        }
        Tensor x = batchFirst ? input.transpose(0, 1) : input;
        if (x.size(0) == 0) {
            throw new IllegalArgumentException("Expected sequence length to be larger than 0 in RNN");
        }
        int dirs = bidirectional ? 2 : 1;
        List<Weights> layers = split(mode, weights, hasBiases, numLayers * dirs);
        long hidden = layers.getFirst().hidden(mode);
        long outSize = layers.getFirst().wHr() == null ? hidden : layers.getFirst().wHr().size(0);
        long batch = x.size(1);
        Tensor h0 = initialState(mode, "hx", hx, x, new long[] {(long) numLayers * dirs, batch, outSize});
        Tensor c0 = mode == Mode.LSTM
                ? initialState(mode, "cx", cx, x, new long[] {(long) numLayers * dirs, batch, hidden}) : null;
        List<Tensor> hN = new ArrayList<>();
        List<Tensor> cN = new ArrayList<>();
        for (int layer = 0; layer < numLayers; layer++) {
            List<Tensor> outputs = new ArrayList<>(dirs);
            for (int dir = 0; dir < dirs; dir++) {
                int idx = layer * dirs + dir;
                Weights w = layers.get(idx);
                checkWeights(mode.op, mode, w, x.size(2), outSize);
                Tensor[] r = direction(mode, x, h0.select(0, idx), c0 == null ? null : c0.select(0, idx), w, dir == 1);
                outputs.add(r[0]);
                hN.add(r[1]);
                cN.add(r[2]);
            }
            x = dirs == 1 ? outputs.getFirst() : Tensor.cat(outputs, 2);
            if (layer < numLayers - 1) {
                x = Dropout.dropout(x, dropout, training, gen);
            }
        }
        return new Tensor[] {batchFirst ? x.transpose(0, 1) : x, Tensor.stack(hN, 0),
                mode == Mode.LSTM ? Tensor.stack(cN, 0) : null};
    }

    private static List<Weights> split(Mode mode, List<Tensor> weights, boolean hasBiases, int count) {
        int base = hasBiases ? 4 : 2;
        int per = weights.size() / count;
        boolean projections = mode == Mode.LSTM && per == base + 1;
        if (weights.size() % count != 0 || (per != base && !projections)) {
            throw new IllegalArgumentException(mode.op + ": expected " + count * base
                    + (mode == Mode.LSTM ? " (or " + count * (base + 1) + " with projections)" : "")
                    + " weights for " + count + " layer directions" + (hasBiases ? " with biases" : "") + ", got "
                    + weights.size());
        }
        List<Weights> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<Tensor> w = weights.subList(i * per, (i + 1) * per);
            out.add(new Weights(w.get(0), w.get(1), hasBiases ? w.get(2) : null, hasBiases ? w.get(3) : null,
                    projections ? w.get(per - 1) : null));
        }
        return out;
    }

    /** Checks one layer's weights against the input size and (for layers) the output size {@code outSize}. */
    private static void checkWeights(String op, Mode mode, Weights w, long inputSize, long outSize) {
        long gateRows = w.wHh().dim() == 2 ? w.wHh().size(0) : -1;
        long hidden = gateRows / mode.gates;
        long stateSize = w.wHr() == null ? hidden : w.wHr().size(0);
        boolean ok = gateRows > 0 && gateRows % mode.gates == 0
                && w.wIh().dim() == 2 && w.wIh().size(0) == gateRows && w.wIh().size(1) == inputSize
                && w.wHh().size(1) == stateSize
                && (w.bIh() == null || Arrays.equals(w.bIh().shape(), new long[] {gateRows}))
                && (w.bHh() == null || Arrays.equals(w.bHh().shape(), new long[] {gateRows}))
                && (w.wHr() == null || (w.wHr().dim() == 2 && w.wHr().size(1) == hidden))
                && (outSize < 0 || stateSize == outSize);
        if (!ok) {
            throw new IllegalArgumentException(op + ": weights do not fit input size " + inputSize + " and "
                    + mode.gates + " gates: w_ih " + Shapes.str(w.wIh().shape()) + ", w_hh " + Shapes.str(w.wHh().shape())
                    + (w.bIh() == null ? "" : ", b_ih " + Shapes.str(w.bIh().shape()))
                    + (w.bHh() == null ? "" : ", b_hh " + Shapes.str(w.bHh().shape()))
                    + (w.wHr() == null ? "" : ", w_hr " + Shapes.str(w.wHr().shape())));
        }
    }

    private static Tensor initialState(Mode mode, String name, Tensor state, Tensor x, long[] expected) {
        if (state == null) {
            return Tensor.zeros(x.dtype(), x.device(), expected);
        }
        if (!Arrays.equals(state.shape(), expected)) {
            throw new IllegalArgumentException(mode.op + ": Expected " + name + " size " + PyRepr.tuple(expected) + ", got "
                    + Shapes.str(state.shape()));
        }
        return state;
    }


    /** One layer in one direction over {@code x [T, N, I]}: {output [T, N, H_out], h_T, c_T (LSTM) or null}. */
    private static Tensor[] direction(Mode mode, Tensor x, Tensor h0, Tensor c0, Weights w, boolean reverse) {
        int steps = Math.toIntExact(x.size(0));
        long batch = x.size(1);
        Tensor projected = LinearMaps.linear(x.reshape(steps * batch, x.size(2)), w.wIh(), w.bIh())
                .view(steps, batch, w.wIh().size(0));
        Tensor[] inputs = new Tensor[steps];
        stepViews(projected, 0, inputs);
        Tensor wHhT = w.wHh().t();
        Tensor wHrT = w.wHr() == null ? null : w.wHr().t();
        Tensor[] outputs = new Tensor[steps];
        Tensor h = h0;
        Tensor c = c0;
        for (int k = 0; k < steps; k++) {
            int t = reverse ? steps - 1 - k : k;
            switch (mode) {
                case RNN_TANH, RNN_RELU -> h = rnnStep(inputs[t], h, wHhT, w.bHh(), mode == Mode.RNN_RELU);
                case GRU -> h = gruStep(inputs[t], h, wHhT, w.bHh());
                case LSTM -> {
                    Tensor[] hc = lstmStep(inputs[t], h, c, wHhT, w.bHh(), wHrT);
                    h = hc[0];
                    c = hc[1];
                }
            }
            outputs[t] = h;
        }
        return new Tensor[] {Tensor.stack(Arrays.asList(outputs), 0), h, c};
    }

    /** Fills {@code out[start..]} with the steps of {@code part} by halving it, so backward stays O(T log T). */
    private static void stepViews(Tensor part, int start, Tensor[] out) {
        int len = Math.toIntExact(part.size(0));
        if (len == 1) {
            out[start] = part.select(0, 0);
            return;
        }
        int half = len / 2;
        stepViews(part.narrow(0, 0, half), start, out);
        stepViews(part.narrow(0, half, len - half), start + half, out);
    }

    private static Tensor hiddenGates(Tensor h, Tensor wHhT, Tensor bHh) {
        Tensor g = h.matmul(wHhT);
        return bHh == null ? g : g.add(bHh);
    }

    private static Tensor rnnStep(Tensor inputGates, Tensor h, Tensor wHhT, Tensor bHh, boolean relu) {
        Tensor pre = inputGates.add(hiddenGates(h, wHhT, bHh));
        return relu ? pre.relu() : pre.tanh();
    }

    /** {h', c'}: gates i, f, g, o; {@code c' = f c + i g}, {@code h' = o tanh(c')}, projected by {@code w_hr}. */
    private static Tensor[] lstmStep(Tensor inputGates, Tensor h, Tensor c, Tensor wHhT, Tensor bHh, Tensor wHrT) {
        List<Tensor> gates = inputGates.add(hiddenGates(h, wHhT, bHh)).chunk(4, 1);
        Tensor in = gates.get(0).sigmoid();
        Tensor forget = gates.get(1).sigmoid();
        Tensor cell = gates.get(2).tanh();
        Tensor out = gates.get(3).sigmoid();
        Tensor c2 = forget.mul(c).add(in.mul(cell));
        Tensor h2 = out.mul(c2.tanh());
        return new Tensor[] {wHrT == null ? h2 : h2.matmul(wHrT), c2};
    }

    /** Gates r, z, n: {@code n = tanh(x_n + r (h W_hn^T + b_hn))}, {@code h' = (h - n) z + n}. */
    private static Tensor gruStep(Tensor inputGates, Tensor h, Tensor wHhT, Tensor bHh) {
        List<Tensor> xg = inputGates.chunk(3, 1);
        List<Tensor> hg = hiddenGates(h, wHhT, bHh).chunk(3, 1);
        Tensor reset = xg.get(0).add(hg.get(0)).sigmoid();
        Tensor update = xg.get(1).add(hg.get(1)).sigmoid();
        Tensor fresh = xg.get(2).add(reset.mul(hg.get(2))).tanh();
        return h.sub(fresh).mul(update).add(fresh);
    }
}
