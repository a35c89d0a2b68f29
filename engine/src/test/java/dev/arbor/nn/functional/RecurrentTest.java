package dev.arbor.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recurrent functional ops: gradcheck in float64 of every input and weight of F.rnn (two layers,
 * bidirectional), F.lstm (two layers with projections), F.gru (batch first) and the cells, a comparison of each layer with its cell stepped by hand, and the
 * argument checks. The layers' values are checked against PyTorch in {@code RecurrentLayersTest}.
 */
class RecurrentTest {
    private final Generator gen = new Generator(42);

    private Tensor leaf(long... shape) {
        return Tensor.randn(gen, DType.FLOAT64, shape).mul(0.6).requiresGrad_(true);
    }

    /** PyTorch's flat weight list for {@code layers * dirs} layer directions of {@code gates} gates. */
    private List<Tensor> weights(int gates, long input, long hidden, long proj, int layers, int dirs, boolean bias) {
        long out = proj > 0 ? proj : hidden;
        List<Tensor> w = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < dirs; d++) {
                w.add(leaf(gates * hidden, l == 0 ? input : out * dirs));
                w.add(leaf(gates * hidden, out));
                if (bias) {
                    w.add(leaf(gates * hidden));
                    w.add(leaf(gates * hidden));
                }
                if (proj > 0) {
                    w.add(leaf(proj, hidden));
                }
            }
        }
        return w;
    }

    /** {@code first}, then the weights, as gradcheck's inputs. */
    private static Tensor[] inputs(List<Tensor> weights, Tensor... first) {
        List<Tensor> all = new ArrayList<>(List.of(first));
        all.addAll(weights);
        return all.toArray(new Tensor[0]);
    }

    /** Every output of a recurrence as one vector, so gradcheck sees them all. */
    private static Tensor joined(Tensor... outputs) {
        List<Tensor> flat = new ArrayList<>();
        for (Tensor t : outputs) {
            flat.add(t.reshape(-1));
        }
        return Tensor.cat(flat, 0);
    }

    @Test
    void rnnGradcheck() {
        Tensor x = leaf(2, 1, 2);
        Tensor h0 = leaf(4, 1, 1);
        List<Tensor> w = weights(1, 2, 1, 0, 2, 2, true);
        Gradcheck.check(in -> {
            RecurrentOutput r = F.rnn(in.get(0), in.get(1), in.subList(2, in.size()), true, "tanh", 2, 0, false, true,
                    false);
            return joined(r.output(), r.hN());
        }, inputs(w, x, h0));
        List<Tensor> relu = weights(1, 2, 3, 0, 1, 1, false);
        Tensor xb = leaf(2, 3, 2);
        Gradcheck.check(in -> F.rnn(in.get(0), null, in.subList(1, in.size()), false, "relu", 1, 0, false, false, true)
                .output(), inputs(relu, xb));
    }

    @Test
    void lstmGradcheckWithProjections() {
        Tensor x = leaf(2, 1, 2);
        Tensor h0 = leaf(2, 1, 1);
        Tensor c0 = leaf(2, 1, 2);
        List<Tensor> w = weights(4, 2, 2, 1, 2, 1, true);
        Gradcheck.check(in -> {
            LstmOutput r = F.lstm(in.get(0), new LstmState(in.get(1), in.get(2)), in.subList(3, in.size()), true, 2, 0,
                    false, false, false);
            return joined(r.output(), r.hN(), r.cN());
        }, inputs(w, x, h0, c0));
    }

    @Test
    void gruGradcheck() {
        Tensor x = leaf(2, 2, 2);
        Tensor h0 = leaf(2, 2, 2);
        List<Tensor> w = weights(3, 2, 2, 0, 2, 1, true);
        Gradcheck.check(in -> {
            RecurrentOutput r = F.gru(in.get(0), in.get(1), in.subList(2, in.size()), true, 2, 0, false, false, true);
            return joined(r.output(), r.hN());
        }, inputs(w, x, h0));
    }

    @Test
    void cellsGradcheck() {
        Tensor x = leaf(2, 3);
        Tensor h = leaf(2, 4);
        Tensor c = leaf(2, 4);
        Tensor wIh = leaf(16, 3);
        Tensor wHh = leaf(16, 4);
        Tensor bIh = leaf(16);
        Tensor bHh = leaf(16);
        Gradcheck.check(in -> {
            LstmState s = F.lstmCell(in.get(0), new LstmState(in.get(1), in.get(2)), in.get(3), in.get(4), in.get(5),
                    in.get(6));
            return joined(s.h(), s.c());
        }, x, h, c, wIh, wHh, bIh, bHh);
        Tensor gIh = leaf(12, 3);
        Tensor gHh = leaf(12, 4);
        Gradcheck.check(in -> F.gruCell(in.get(0), in.get(1), in.get(2), in.get(3), null, null), x, h, gIh, gHh);
        Tensor rIh = leaf(4, 3);
        Tensor rHh = leaf(4, 4);
        Tensor rb = leaf(4);
        Gradcheck.check(in -> F.rnnCell(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), null, "tanh"), x, h,
                rIh, rHh, rb);
    }

    @Test
    void layersAreTheirCellsSteppedOverTheSequence() {
        Tensor x = leaf(5, 2, 3).detach();
        List<Tensor> w = weights(4, 3, 4, 0, 1, 2, true);
        LstmOutput r = F.lstm(x, null, w, true, 1, 0, false, true, false);
        LstmState fwd = null;
        LstmState bwd = null;
        for (int t = 0; t < 5; t++) {
            fwd = F.lstmCell(x.select(0, t), fwd, w.get(0), w.get(1), w.get(2), w.get(3));
            bwd = F.lstmCell(x.select(0, 4 - t), bwd, w.get(4), w.get(5), w.get(6), w.get(7));
            dev.arbor.nn.Fixtures.assertClose(fwd.h(), r.output().select(0, t).narrow(1, 0, 4), 1e-12, 1e-12, "fwd");
            dev.arbor.nn.Fixtures.assertClose(bwd.h(), r.output().select(0, 4 - t).narrow(1, 4, 4), 1e-12, 1e-12,
                    "bwd");
        }
        dev.arbor.nn.Fixtures.assertClose(Tensor.stack(List.of(fwd.c(), bwd.c()), 0), r.cN(), 1e-12, 1e-12, "c_n");

        List<Tensor> g = weights(3, 3, 4, 0, 1, 1, true);
        RecurrentOutput gr = F.gru(x, null, g, true, 1, 0, false, false, false);
        Tensor h = null;
        for (int t = 0; t < 5; t++) {
            h = F.gruCell(x.select(0, t), h, g.get(0), g.get(1), g.get(2), g.get(3));
        }
        dev.arbor.nn.Fixtures.assertClose(h, gr.hN().select(0, 0), 1e-12, 1e-12, "gru h_n");
    }

    @Test
    void argumentsAreChecked() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 4, 2, 3);
        List<Tensor> w = weights(4, 3, 4, 0, 1, 1, true);
        assertEquals("Expected sequence length to be larger than 0 in RNN", assertThrows(IllegalArgumentException.class,
                () -> F.lstm(Tensor.zeros(DType.FLOAT64, 0, 2, 3), null, w, true, 1, 0, false, false, false))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.lstm(x, null, w.subList(0, 3), true, 1, 0, false, false,
                false));
        assertThrows(IllegalArgumentException.class, () -> F.gru(x, null, w, true, 1, 0, false, false, false));
        assertEquals("lstm: Expected hx size (1, 2, 4), got [1, 3, 4]", assertThrows(IllegalArgumentException.class,
                () -> F.lstm(x, new LstmState(Tensor.zeros(DType.FLOAT64, 1, 3, 4), null), w, true, 1, 0, false, false,
                        false)).getMessage());
        assertEquals("Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.",
                assertThrows(IllegalArgumentException.class, () -> F.rnn(x, null, w, true, "sigmoid", 1, 0, false,
                        false, false)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.lstm(Tensor.zeros(DType.INT64, 4, 2, 3), null, w, true,
                1, 0, false, false, false));
        // batch first: output [N, T, H], states [layers, N, H]
        RecurrentOutput r = F.gru(Tensor.zeros(DType.FLOAT64, 2, 5, 3), null, weights(3, 3, 4, 0, 1, 1, false), false,
                1, 0, false, false, true);
        assertArrayEquals(new long[] {2, 5, 4}, r.output().shape());
        assertArrayEquals(new long[] {1, 2, 4}, r.hN().shape());
    }
}
