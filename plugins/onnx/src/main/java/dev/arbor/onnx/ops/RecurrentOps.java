package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.AttentionMath.shape;

import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * RNN, GRU and LSTM with ONNX semantics: weights {@code W [dirs, gates*hidden, input]}, {@code R [dirs,
 * gates*hidden, hidden]}, biases {@code B [dirs, 2*gates*hidden]} (W's then R's), gate orders {@code zrh}
 * (GRU) and {@code iofc} (LSTM), peepholes {@code P [dirs, 3*hidden]} ({@code iof}), forward, reverse and
 * bidirectional runs, per-batch {@code sequence_lens} (steps past a sequence's end give zeros in Y and keep
 * the state), initial states, {@code clip}, {@code linear_before_reset}, {@code input_forget}, custom
 * activations and the batch-first {@code layout}. Built from Tensor ops, so imported recurrent layers train;
 * the input projection of a whole sequence is one matmul. An LSTM that nothing needs gradients of runs its
 * steps fused ({@link LstmInference}) where that computes the same.
 */
final class RecurrentOps {
    private RecurrentOps() {}

    private enum Kind {
        RNN(1, List.of("Tanh")),
        GRU(3, List.of("Sigmoid", "Tanh")),
        LSTM(4, List.of("Sigmoid", "Tanh", "Tanh"));

        final int gates;
        final List<String> defaultActivations;

        Kind(int gates, List<String> defaultActivations) {
            this.gates = gates;
            this.defaultActivations = defaultActivations;
        }
    }

    static void register(OnnxOps.Registrar r) {
        r.add("RNN", 1, (ctx, in) -> run(ctx, in, Kind.RNN));
        r.add("GRU", 1, (ctx, in) -> run(ctx, in, Kind.GRU));
        r.add("LSTM", 1, (ctx, in) -> run(ctx, in, Kind.LSTM));
    }

    /** One direction's weights, already split by gate role where the cell needs it. */
    private record Weights(Tensor wT, Tensor rT, Tensor inputBias, Tensor recurrentBias, Tensor peephole) {}

    /** What a direction's cell reads at each step. */
    private record Settings(Kind kind, long hidden, List<UnaryOperator<Tensor>> acts, double clip,
                            boolean linearBeforeReset, boolean inputForget) {}

    private static List<Object> run(OpContext ctx, List<Object> in, Kind kind) {
        var a = ctx.attributes();
        Tensor x = ctx.tensor(in, 0);
        Tensor w = ctx.tensor(in, 1);
        Tensor r = ctx.tensor(in, 2);
        Tensor b = ctx.optionalTensor(in, 3);
        Tensor seqLens = ctx.optionalTensor(in, 4);
        Tensor initH = ctx.optionalTensor(in, 5);
        Tensor initC = kind == Kind.LSTM ? ctx.optionalTensor(in, 6) : null;
        Tensor p = kind == Kind.LSTM ? ctx.optionalTensor(in, 7) : null;
        String direction = a.getString("direction", "forward");
        int dirs = switch (direction) {
            case "forward", "reverse" -> 1;
            case "bidirectional" -> 2;
            default -> throw ctx.error("unknown direction '" + direction + "'");
        };
        boolean batchFirst = a.getInt("layout", 0) != 0;
        if (x.dim() != 3) {
            throw ctx.error("X must be rank 3, got shape " + shape(x));
        }
        if (batchFirst) {
            x = x.transpose(0, 1);
            initH = initH == null ? null : initH.transpose(0, 1);
            initC = initC == null ? null : initC.transpose(0, 1);
        }
        long steps = x.size(0);
        long batch = x.size(1);
        long hidden = a.getInt("hidden_size", r.dim() == 3 ? r.size(2) : 0);
        long gh = kind.gates * hidden;
        checkShape(ctx, "W", w, dirs, gh, x.size(2));
        checkShape(ctx, "R", r, dirs, gh, hidden);
        if (b != null) {
            checkShape(ctx, "B", b, dirs, 2 * gh);
        }
        if (p != null) {
            checkShape(ctx, "P", p, dirs, 3 * hidden);
        }
        if (initH != null) {
            checkShape(ctx, "initial_h", initH, dirs, batch, hidden);
        }
        if (initC != null) {
            checkShape(ctx, "initial_c", initC, dirs, batch, hidden);
        }
        long[] lens = seqLens == null ? null : seqLens.toLongArray();
        if (lens != null && lens.length != batch) {
            throw ctx.error("sequence_lens has " + lens.length + " entries for a batch of " + batch);
        }
        if (lens != null) {
            for (long len : lens) {
                if (len < 0 || len > steps) {
                    throw ctx.error("sequence length " + len + " is outside [0, " + steps + "]");
                }
            }
        }
        boolean ragged = lens != null && Arrays.stream(lens).anyMatch(len -> len < steps);
        Tensor valid = ragged ? validSteps(lens, steps, x) : null;
        List<UnaryOperator<Tensor>> allActs = RecurrentActivation.parse(ctx, dirs, kind.defaultActivations);
        double clip = a.has("clip") ? a.getFloat("clip", 0f) : Double.POSITIVE_INFINITY;
        boolean linearBeforeReset = a.getInt("linear_before_reset", 0) != 0;
        boolean inputForget = a.getInt("input_forget", 0) != 0;
        boolean fused = kind == Kind.LSTM && LstmInference.applies(a.getStrings("activations", null), clip, p != null,
                inputForget, ragged, Arrays.asList(x, w, r, b, initH, initC));

        List<Tensor> ys = new ArrayList<>();
        List<Tensor> lastH = new ArrayList<>();
        List<Tensor> lastC = new ArrayList<>();
        int perDir = kind.defaultActivations.size();
        for (int d = 0; d < dirs; d++) {
            boolean reverse = direction.equals("reverse") || d == 1;
            Settings s = new Settings(kind, hidden, allActs.subList(d * perDir, (d + 1) * perDir), clip,
                    linearBeforeReset, inputForget);
            Weights wd = new Weights(w.select(0, d).t(), r.select(0, d).t(),
                    b == null ? null : b.select(0, d).narrow(0, 0, gh),
                    b == null ? null : b.select(0, d).narrow(0, gh, gh),
                    p == null ? null : p.select(0, d));
            Tensor h = initH != null ? initH.select(0, d) : Tensor.zeros(x.dtype(), x.device(), batch, hidden);
            Tensor c = initC != null ? initC.select(0, d) : Tensor.zeros(x.dtype(), x.device(), batch, hidden);
            Tensor xd = reverse ? reverseTime(x, lens, ragged) : x;
            Tensor xProj = inputProjection(s, wd, xd);
            Tensor y;
            if (fused) {
                Tensor[] out = LstmInference.run(xProj, r.select(0, d), h, c);
                y = out[0];
                h = out[1];
                c = out[2];
            } else {
                List<Tensor> outs = new ArrayList<>();
                for (long t = 0; t < steps; t++) {
                    Tensor[] next = step(s, wd, xProj.select(0, t), h, c);
                    if (valid != null) {
                        Tensor v = valid.select(0, t);
                        h = Tensor.where(v, next[0], h);
                        c = next[1] == null ? null : Tensor.where(v, next[1], c);
                        outs.add(Tensor.where(v, next[0], Tensor.zeros(x.dtype(), x.device())));
                    } else {
                        h = next[0];
                        c = next[1];
                        outs.add(h);
                    }
                }
                y = steps == 0 ? Tensor.zeros(x.dtype(), x.device(), 0, batch, hidden) : Tensor.stack(outs, 0);
            }
            ys.add(reverse ? reverseTime(y, lens, ragged) : y);
            lastH.add(h);
            lastC.add(c);
        }
        Tensor y = stack(ys, 1);
        Tensor yh = stack(lastH, 0);
        Tensor yc = kind == Kind.LSTM ? stack(lastC, 0) : null;
        if (batchFirst) {
            y = y.permute(2, 0, 1, 3);
            yh = yh.transpose(0, 1);
            yc = yc == null ? null : yc.transpose(0, 1);
        }
        return kind == Kind.LSTM ? List.of(y, yh, yc) : List.of(y, yh);
    }

    /** The directions' results along a new dimension: one direction's as a view, not a copy. */
    private static Tensor stack(List<Tensor> perDirection, int dim) {
        return perDirection.size() == 1 ? perDirection.getFirst().unsqueeze(dim) : Tensor.stack(perDirection, dim);
    }

    private static void checkShape(OpContext ctx, String what, Tensor t, long... expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw ctx.error(what + " has shape " + shape(t) + ", expected " + Shapes.str(expected));
        }
    }

    /** {@code [steps, batch, 1]}: true where step {@code t} is inside batch entry {@code b}'s sequence. */
    private static Tensor validSteps(long[] lens, long steps, Tensor like) {
        boolean[] v = new boolean[(int) (steps * lens.length)];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < lens.length; b++) {
                v[t * lens.length + b] = t < lens[b];
            }
        }
        return Tensor.of(v, steps, lens.length, 1).to(like.device());
    }

    /**
     * Reverses each batch entry's sequence within its length (steps past the end stay in place); an
     * involution, so it also maps the reversed run's outputs back.
     */
    private static Tensor reverseTime(Tensor x, long[] lens, boolean ragged) {
        if (!ragged) {
            return x.flip(0);
        }
        long steps = x.size(0);
        int batch = lens.length;
        long[] src = new long[(int) (steps * batch)];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                src[t * batch + b] = t < lens[b] ? lens[b] - 1 - t : t;
            }
        }
        Tensor index = Tensor.of(src, steps, batch, 1).to(x.device()).expand(x.shape());
        return x.gather(0, index.contiguous());
    }

    /** {@code X W^T} for every step at once, plus the biases that sit outside the recurrence. */
    private static Tensor inputProjection(Settings s, Weights w, Tensor x) {
        if (w.inputBias() == null) {
            return x.matmul(w.wT());
        }
        Tensor bias = w.inputBias();
        if (s.kind() == Kind.GRU && s.linearBeforeReset()) {
            // the recurrent bias of the candidate gate is applied inside the reset gate's product
            long h2 = 2 * s.hidden();
            bias = bias.add(Tensor.cat(List.of(w.recurrentBias().narrow(0, 0, h2),
                    Tensor.zeros(bias.dtype(), bias.device(), s.hidden())), 0));
        } else {
            bias = bias.add(w.recurrentBias());
        }
        // one product that starts from the bias where nothing records gradients
        return F.linear(x, w.wT().t(), bias);
    }

    /** One step: {hidden, cell (LSTM only, else null)}. */
    private static Tensor[] step(Settings s, Weights w, Tensor xp, Tensor h, Tensor c) {
        long hs = s.hidden();
        List<UnaryOperator<Tensor>> act = s.acts();
        return switch (s.kind()) {
            case RNN -> new Tensor[] {act.get(0).apply(clip(s, xp.add(h.matmul(w.rT())))), null};
            case GRU -> {
                Tensor rzr = w.rT().narrow(1, 0, 2 * hs);
                Tensor rh = w.rT().narrow(1, 2 * hs, hs);
                Tensor zr = xp.narrow(1, 0, 2 * hs).add(h.matmul(rzr));
                Tensor z = act.get(0).apply(clip(s, zr.narrow(1, 0, hs)));
                Tensor reset = act.get(0).apply(clip(s, zr.narrow(1, hs, hs)));
                Tensor recurrent;
                if (s.linearBeforeReset()) {
                    Tensor hr = h.matmul(rh);
                    if (w.recurrentBias() != null) {
                        hr = hr.add(w.recurrentBias().narrow(0, 2 * hs, hs));
                    }
                    recurrent = reset.mul(hr);
                } else {
                    recurrent = reset.mul(h).matmul(rh);
                }
                Tensor candidate = act.get(1).apply(clip(s, xp.narrow(1, 2 * hs, hs).add(recurrent)));
                yield new Tensor[] {z.rsub(1.0).mul(candidate).add(z.mul(h)), null};
            }
            case LSTM -> {
                Tensor gates = xp.add(h.matmul(w.rT()));
                Tensor iPre = gates.narrow(1, 0, hs);
                Tensor oPre = gates.narrow(1, hs, hs);
                Tensor fPre = gates.narrow(1, 2 * hs, hs);
                Tensor cPre = gates.narrow(1, 3 * hs, hs);
                Tensor peep = w.peephole();
                if (peep != null) {
                    iPre = iPre.add(peep.narrow(0, 0, hs).mul(c));
                    fPre = fPre.add(peep.narrow(0, 2 * hs, hs).mul(c));
                }
                Tensor i = act.get(0).apply(clip(s, iPre));
                Tensor f = s.inputForget() ? i.rsub(1.0) : act.get(0).apply(clip(s, fPre));
                Tensor cell = f.mul(c).add(i.mul(act.get(1).apply(clip(s, cPre))));
                if (peep != null) {
                    oPre = oPre.add(peep.narrow(0, hs, hs).mul(cell));
                }
                Tensor o = act.get(0).apply(clip(s, oPre));
                yield new Tensor[] {o.mul(act.get(2).apply(cell)), cell};
            }
        };
    }

    private static Tensor clip(Settings s, Tensor pre) {
        return Double.isInfinite(s.clip()) ? pre : pre.clamp(-s.clip(), s.clip());
    }
}
