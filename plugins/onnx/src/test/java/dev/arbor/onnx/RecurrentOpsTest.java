package dev.arbor.onnx;

import static dev.arbor.onnx.ImportedModelsTest.assertClose;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LSTM, GRU and RNN beyond the backend suite's forward-only cases: reverse and bidirectional runs, ragged
 * {@code sequence_lens}, initial states, peepholes, clip, {@code linear_before_reset}, custom activations and
 * the batch-first layout, each against ONNX Runtime; and gradients of every weight through the node by
 * Gradcheck in float64.
 */
class RecurrentOpsTest {
    /** Sizes of a test node; {@code lens} are the ragged sequence lengths, one per batch entry. */
    private record Sizes(long seq, long batch, long input, long hidden, int[] lens) {}

    private static final Sizes FULL = new Sizes(4, 3, 5, 3, new int[] {4, 2, 1});
    /** Gradcheck runs the node twice per input element: keep it small. */
    private static final Sizes SMALL = new Sizes(3, 2, 2, 2, new int[] {3, 1});
    private static final long SEQ = FULL.seq();
    private static final long BATCH = FULL.batch();
    private static final long INPUT = FULL.input();
    private static final long HIDDEN = FULL.hidden();

    private static Tensor randn(Generator gen, DType dtype, long... shape) {
        return Tensor.randn(gen, dtype, shape).mul(0.6);
    }

    /** A node of {@code kind} (gates per direction) with weights for {@code dirs} directions; dtype float32. */
    private static SingleNodeModel recurrent(String kind, int gates, int dirs, String direction, long seed,
                                             boolean ragged, boolean initial, DType dtype) {
        return recurrent(FULL, kind, gates, dirs, direction, seed, ragged, initial, dtype);
    }

    private static SingleNodeModel recurrent(Sizes n, String kind, int gates, int dirs, String direction, long seed,
                                             boolean ragged, boolean initial, DType dtype) {
        Generator gen = new Generator(seed);
        SingleNodeModel m = new SingleNodeModel(kind, 14)
                .input("X", randn(gen, dtype, n.seq(), n.batch(), n.input()))
                .input("W", randn(gen, dtype, dirs, gates * n.hidden(), n.input()))
                .input("R", randn(gen, dtype, dirs, gates * n.hidden(), n.hidden()))
                .input("B", randn(gen, dtype, dirs, 2 * gates * n.hidden()));
        if (ragged) {
            m.constant("sequence_lens", Tensor.of(n.lens()));
        } else {
            m.skip();
        }
        if (initial) {
            m.input("initial_h", randn(gen, dtype, dirs, n.batch(), n.hidden()));
        } else {
            m.skip();
        }
        if (kind.equals("LSTM")) {
            if (initial) {
                m.input("initial_c", randn(gen, dtype, dirs, n.batch(), n.hidden()));
                m.input("P", randn(gen, dtype, dirs, 3 * n.hidden()));
            }
            m.outputs(3);
        } else {
            m.outputs(2);
        }
        return m.attr("hidden_size", n.hidden()).attr("direction", direction);
    }

    private static int gates(String kind) {
        return switch (kind) {
            case "LSTM" -> 4;
            case "GRU" -> 3;
            default -> 1;
        };
    }

    private static void assertMatchesOnnxRuntime(SingleNodeModel m, String what) throws Exception {
        List<Tensor> expected = m.runOnnxRuntime();
        List<Tensor> actual = m.runArbor();
        for (int i = 0; i < expected.size(); i++) {
            assertClose(expected.get(i), actual.get(i), 1e-4, 1e-5, what + " output " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU", "RNN"})
    void directionsRaggedSequencesAndInitialStatesMatchOnnxRuntime(String kind) throws Exception {
        long seed = 1;
        for (String direction : List.of("forward", "reverse", "bidirectional")) {
            int dirs = direction.equals("bidirectional") ? 2 : 1;
            for (boolean ragged : new boolean[] {false, true}) {
                for (boolean initial : new boolean[] {false, true}) {
                    SingleNodeModel m = recurrent(kind, gates(kind), dirs, direction, seed++, ragged, initial,
                            DType.FLOAT32);
                    assertMatchesOnnxRuntime(m, kind + " " + direction + (ragged ? " ragged" : "")
                            + (initial ? " with initial state" : ""));
                }
            }
        }
    }

    @Test
    void gruLinearBeforeResetAndClipMatchOnnxRuntime() throws Exception {
        for (long lbr = 0; lbr <= 1; lbr++) {
            SingleNodeModel m = recurrent("GRU", 3, 2, "bidirectional", 40 + lbr, true, true, DType.FLOAT32)
                    .attr("linear_before_reset", lbr).attr("clip", 0.7);
            assertMatchesOnnxRuntime(m, "GRU linear_before_reset=" + lbr + " clip");
        }
    }

    @Test
    void lstmClipAndInputForgetMatchOnnxRuntime() throws Exception {
        SingleNodeModel clipped = recurrent("LSTM", 4, 1, "forward", 50, false, true, DType.FLOAT32).attr("clip", 0.5);
        assertMatchesOnnxRuntime(clipped, "LSTM clip");
        SingleNodeModel coupled = recurrent("LSTM", 4, 1, "forward", 51, false, true, DType.FLOAT32)
                .attr("input_forget", 1L);
        assertMatchesOnnxRuntime(coupled, "LSTM input_forget");
    }

    @Test
    void customActivationsMatchOnnxRuntime() throws Exception {
        SingleNodeModel lstm = recurrent("LSTM", 4, 2, "bidirectional", 60, false, false, DType.FLOAT32)
                .strings("activations", "HardSigmoid", "LeakyRelu", "Tanh", "Sigmoid", "Softsign", "ScaledTanh")
                .floats("activation_alpha", 0.3, 0.05, 1.2).floats("activation_beta", 0.4, 0.9);
        assertMatchesOnnxRuntime(lstm, "LSTM custom activations");
        SingleNodeModel gru = recurrent("GRU", 3, 1, "forward", 61, false, false, DType.FLOAT32)
                .strings("activations", "Sigmoid", "Relu");
        assertMatchesOnnxRuntime(gru, "GRU custom activations");
        SingleNodeModel rnn = recurrent("RNN", 1, 1, "reverse", 62, false, false, DType.FLOAT32)
                .strings("activations", "Affine").floats("activation_alpha", 0.5).floats("activation_beta", 0.1);
        assertMatchesOnnxRuntime(rnn, "RNN affine activation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU", "RNN"})
    void batchFirstLayoutMatchesSequenceFirst(String kind) {
        Generator gen = new Generator(70);
        int dirs = 2;
        Tensor x = randn(gen, DType.FLOAT32, SEQ, BATCH, INPUT);
        Tensor w = randn(gen, DType.FLOAT32, dirs, gates(kind) * HIDDEN, INPUT);
        Tensor r = randn(gen, DType.FLOAT32, dirs, gates(kind) * HIDDEN, HIDDEN);
        Tensor h0 = randn(gen, DType.FLOAT32, dirs, BATCH, HIDDEN);
        int outs = kind.equals("LSTM") ? 3 : 2;
        List<Tensor> seqFirst = new SingleNodeModel(kind, 14).input("X", x).input("W", w).input("R", r).skip().skip()
                .input("initial_h", h0).attr("hidden_size", HIDDEN).attr("direction", "bidirectional").outputs(outs)
                .runArbor();
        List<Tensor> batchFirst = new SingleNodeModel(kind, 14).input("X", x.transpose(0, 1).contiguous())
                .input("W", w).input("R", r).skip().skip().input("initial_h", h0.transpose(0, 1).contiguous())
                .attr("hidden_size", HIDDEN).attr("direction", "bidirectional").attr("layout", 1L).outputs(outs)
                .runArbor();
        assertClose(seqFirst.get(0).permute(2, 0, 1, 3), batchFirst.get(0), 1e-6, 1e-7, kind + " Y");
        assertClose(seqFirst.get(1).transpose(0, 1), batchFirst.get(1), 1e-6, 1e-7, kind + " Y_h");
    }

    @Test
    void lstmInferenceWithFusedStepsEqualsTheTensorOpPath() {
        // nothing needing gradients: fused steps; inputs needing gradients: the steps built from tensor ops
        Generator gen = new Generator(90);
        int dirs = 2;
        SingleNodeModel m = new SingleNodeModel("LSTM", 14)
                .input("X", randn(gen, DType.FLOAT32, SEQ, BATCH, INPUT))
                .input("W", randn(gen, DType.FLOAT32, dirs, 4 * HIDDEN, INPUT))
                .input("R", randn(gen, DType.FLOAT32, dirs, 4 * HIDDEN, HIDDEN))
                .input("B", randn(gen, DType.FLOAT32, dirs, 8 * HIDDEN)).skip()
                .input("initial_h", randn(gen, DType.FLOAT32, dirs, BATCH, HIDDEN))
                .input("initial_c", randn(gen, DType.FLOAT32, dirs, BATCH, HIDDEN))
                .attr("hidden_size", HIDDEN).attr("direction", "bidirectional").outputs(3);
        List<Tensor> fed = m.fedInputs();
        List<Tensor> fused = m.runArbor(fed);
        List<Tensor> general = m.runArbor(fed.stream().map(t -> t.detach().requiresGrad_(true)).toList());
        for (int i = 0; i < 3; i++) {
            assertClose(general.get(i).detach(), fused.get(i), 1e-5, 1e-6, "LSTM output " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU", "RNN"})
    void gradientsOfInputsWeightsAndStatesPassGradcheck(String kind) {
        SingleNodeModel m = recurrent(SMALL, kind, gates(kind), 2, "bidirectional", 80, true, true, DType.FLOAT64);
        if (kind.equals("GRU")) {
            m.attr("linear_before_reset", 1L);
        }
        List<Tensor> inputs = m.fedInputs();
        Tensor probe = Tensor.randn(new Generator(81), DType.FLOAT64, SMALL.seq(), 2, SMALL.batch(), SMALL.hidden());
        Tensor[] args = inputs.stream().map(t -> t.detach().requiresGrad_(true)).toArray(Tensor[]::new);
        Gradcheck.check(xs -> {
            List<Tensor> out = m.runArbor(xs);
            // Y (weighted so each element matters) and the final state
            return out.get(0).mul(probe).sum().add(out.get(1).sum());
        }, args);
    }
}
