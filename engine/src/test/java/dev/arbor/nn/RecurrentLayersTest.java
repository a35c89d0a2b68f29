package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.nn.functional.LstmOutput;
import dev.arbor.nn.functional.LstmState;
import dev.arbor.nn.functional.RecurrentOutput;
import dev.arbor.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RNN, LSTM, GRU and their cells against PyTorch (layers/*.npz). */
class RecurrentLayersTest {
    private static void verify(LayerFixture f, Module m, RecurrentOutput r) {
        f.verify(m, Map.of("out.0", r.output(), "out.1", r.hN()));
    }

    private static void verifyLstm(LayerFixture f, Module m, LstmOutput r) {
        f.verify(m, Map.of("out.0", r.output(), "out.1.0", r.hN(), "out.1.1", r.cN()));
    }

    @Test
    void rnn() {
        LayerFixture f = LayerFixture.of("rnn_tanh");
        RNN rnn = f.load(new RNN(3, 4, 2));
        verify(f, rnn, rnn.call(f.leaf("x"), f.leaf("h0")));

        LayerFixture g = LayerFixture.of("rnn_relu_bidirectional");
        RNN relu = g.load(RNN.options(3, 4).nonlinearity("relu").bidirectional(true).batchFirst(true).build());
        verify(g, relu, relu.call((Object) g.leaf("x")));

        LayerFixture u = LayerFixture.of("rnn_unbatched");
        RNN single = u.load(new RNN(3, 4));
        verify(u, single, single.call(u.leaf("x"), u.leaf("h0")));
    }

    @Test
    void lstm() {
        LayerFixture f = LayerFixture.of("lstm");
        LSTM lstm = f.load(new LSTM(3, 4, 2));
        verifyLstm(f, lstm, lstm.call(f.leaf("x"), new LstmState(f.leaf("h0"), f.leaf("c0"))));

        LayerFixture p = LayerFixture.of("lstm_bidirectional_proj");
        LSTM proj = p.load(LSTM.options(3, 5).numLayers(2).bidirectional(true).projSize(2).batchFirst(true).build());
        verifyLstm(p, proj, proj.call((Object) p.leaf("x")));

        LayerFixture e = LayerFixture.of("lstm_no_bias_eval_dropout");
        LSTM eval = e.load(LSTM.options(3, 4).numLayers(2).bias(false).dropout(0.3).build());
        eval.eval();
        verifyLstm(e, eval, eval.call((Object) e.leaf("x")));

        LayerFixture u = LayerFixture.of("lstm_unbatched");
        LSTM single = u.load(new LSTM(3, 4));
        verifyLstm(u, single, single.call(u.leaf("x"), new LstmState(u.leaf("h0"), u.leaf("c0"))));
    }

    @Test
    void gru() {
        LayerFixture f = LayerFixture.of("gru");
        GRU gru = f.load(new GRU(3, 4, 2));
        verify(f, gru, gru.call(f.leaf("x"), f.leaf("h0")));

        LayerFixture b = LayerFixture.of("gru_bidirectional");
        GRU bi = b.load(GRU.options(3, 4).numLayers(2).bidirectional(true).batchFirst(true).build());
        verify(b, bi, bi.call((Object) b.leaf("x")));
    }

    @Test
    void cells() {
        LayerFixture r = LayerFixture.of("rnn_cell");
        RNNCell rnn = r.load(new RNNCell(3, 4));
        r.verify(rnn, rnn.<Tensor>call(r.leaf("x"), r.leaf("h")));

        LayerFixture u = LayerFixture.of("rnn_cell_relu_unbatched");
        RNNCell relu = u.load(new RNNCell(3, 4, true, "relu"));
        u.verify(relu, relu.call(u.leaf("x")));

        LayerFixture l = LayerFixture.of("lstm_cell");
        LSTMCell lstm = l.load(new LSTMCell(3, 4));
        LstmState s = lstm.call(l.leaf("x"), new LstmState(l.leaf("h"), l.leaf("c")));
        l.verify(lstm, Map.of("out.0", s.h(), "out.1", s.c()));

        LayerFixture g = LayerFixture.of("gru_cell");
        GRUCell gru = g.load(new GRUCell(3, 4));
        g.verify(gru, gru.<Tensor>call(g.leaf("x"), g.leaf("h")));

        LayerFixture n = LayerFixture.of("gru_cell_no_bias_unbatched");
        GRUCell plain = n.load(new GRUCell(3, 4, false));
        n.verify(plain, plain.<Tensor>call(n.leaf("x"), n.leaf("h")));
    }

    @Test
    void parameterNamesAndOrderAreTorchs() {
        LSTM lstm = LSTM.options(3, 5).numLayers(2).bidirectional(true).projSize(2).build();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_hr_l0_reverse", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_hr_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse",
                "weight_hr_l1_reverse"), List.copyOf(lstm.stateDict().keySet()));
        assertArrayEquals(new long[] {20, 4}, lstm.getParameter("weight_ih_l1").shape());
        assertArrayEquals(new long[] {20, 2}, lstm.getParameter("weight_hh_l1").shape());
        assertArrayEquals(new long[] {2, 5}, lstm.getParameter("weight_hr_l1_reverse").shape());
    }

    @Test
    void errorsAreIdenticalToPyTorchs() {
        LSTM lstm = new LSTM(3, 4);
        Tensor x = Tensor.zeros(5, 2, 3);
        assertEquals("input.size(-1) must be equal to input_size. Expected 3, got 2",
                assertThrows(IllegalArgumentException.class, () -> lstm.call((Object) Tensor.zeros(5, 2, 2)))
                        .getMessage());
        assertEquals("Expected hidden[0] size (1, 2, 4), got [1, 3, 4]", assertThrows(IllegalArgumentException.class,
                () -> lstm.call(x, new LstmState(Tensor.zeros(1, 3, 4), Tensor.zeros(1, 2, 4)))).getMessage());
        assertEquals("Expected hidden[1] size (1, 2, 4), got [1, 2, 3]", assertThrows(IllegalArgumentException.class,
                () -> lstm.call(x, new LstmState(Tensor.zeros(1, 2, 4), Tensor.zeros(1, 2, 3)))).getMessage());
        assertEquals("Expected hidden size (1, 2, 4), got [2, 2, 4]", assertThrows(IllegalArgumentException.class,
                () -> new GRU(3, 4).call(x, Tensor.zeros(2, 2, 4))).getMessage());
        assertEquals("For batched 3-D input, hx should also be 3-D but got 2-D tensor",
                assertThrows(IllegalArgumentException.class, () -> new RNN(3, 4).call(x, Tensor.zeros(2, 4)))
                        .getMessage());
        assertEquals("LSTM: Expected input to be 2-D or 3-D but received 4-D tensor",
                assertThrows(IllegalArgumentException.class, () -> lstm.call((Object) Tensor.zeros(1, 5, 2, 3)))
                        .getMessage());
        assertEquals("proj_size argument is only supported for LSTM, not RNN or GRU",
                assertThrows(IllegalArgumentException.class, () -> GRU.options(3, 4).projSize(2).build()).getMessage());
        assertEquals("proj_size has to be smaller than hidden_size",
                assertThrows(IllegalArgumentException.class, () -> LSTM.options(3, 4).projSize(4).build()).getMessage());
        assertEquals("Unknown nonlinearity 'gelu'. Select from 'tanh' or 'relu'.",
                assertThrows(IllegalArgumentException.class, () -> RNN.options(3, 4).nonlinearity("gelu").build())
                        .getMessage());
        assertEquals("dropout should be a number in range [0, 1] representing the probability of an element being "
                + "zeroed", assertThrows(IllegalArgumentException.class, () -> LSTM.options(3, 4).dropout(2).build())
                        .getMessage());
        assertEquals("RNNCell: Expected input to be 1-D or 2-D but received 3-D tensor",
                assertThrows(IllegalArgumentException.class, () -> new RNNCell(3, 4).call(x)).getMessage());
    }

    @Test
    void dropoutBetweenLayersActsInTrainingOnly() {
        dev.arbor.tensor.Generator.defaultGenerator().manualSeed(4);
        GRU gru = GRU.options(3, 8).numLayers(2).dropout(0.5).build();
        Tensor x = Tensor.randn(new dev.arbor.tensor.Generator(1), 6, 2, 3);
        RecurrentOutput a = gru.call((Object) x);
        RecurrentOutput b = gru.call((Object) x);
        // in training the masks differ between calls; in evaluation the results are equal
        assertEquals(true, a.output().sub(b.output()).abs().max().item() > 0);
        gru.eval();
        RecurrentOutput c = gru.call((Object) x);
        RecurrentOutput d = gru.call((Object) x);
        Fixtures.assertClose(c.output(), d.output(), 0, 0, "eval output");
    }
}
