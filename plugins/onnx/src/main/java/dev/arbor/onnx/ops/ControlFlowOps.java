package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.axis;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OnnxOptional;
import dev.arbor.onnx.OpContext;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Control flow with subgraphs (If, Loop, Scan), sequences and optionals. */
final class ControlFlowOps {
    private ControlFlowOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("If", 1, (ctx, in) -> {
            boolean cond = ctx.hostTensor(in, 0).item() != 0;
            GraphProto branch = ctx.attributes().getGraph(cond ? "then_branch" : "else_branch");
            return ctx.runSubgraph(branch, List.of());
        });
        r.add("Loop", 1, ControlFlowOps::loop);
        r.add("Scan", 9, ControlFlowOps::scan);

        r.add("SequenceEmpty", 11, (ctx, in) -> one(new ArrayList<>()));
        r.add("SequenceConstruct", 11, (ctx, in) -> one(new ArrayList<>(in)));
        r.add("SequenceLength", 11, (ctx, in) -> one(Tensor.scalar(sequence(ctx, in, 0).size(), DType.INT64)));
        r.add("SequenceAt", 11, (ctx, in) -> {
            List<Object> seq = sequence(ctx, in, 0);
            return one(seq.get(position(ctx, ctx.hostTensor(in, 1).itemLong(), seq.size(), false)));
        });
        r.add("SequenceInsert", 11, (ctx, in) -> {
            List<Object> seq = new ArrayList<>(sequence(ctx, in, 0));
            int at = in.size() > 2 && in.get(2) != null ? position(ctx, ctx.hostTensor(in, 2).itemLong(), seq.size(), true)
                    : seq.size();
            seq.add(at, ctx.tensor(in, 1));
            return one(seq);
        });
        r.add("SequenceErase", 11, (ctx, in) -> {
            List<Object> seq = new ArrayList<>(sequence(ctx, in, 0));
            int at = in.size() > 1 && in.get(1) != null ? position(ctx, ctx.hostTensor(in, 1).itemLong(), seq.size(), false)
                    : seq.size() - 1;
            seq.remove(at);
            return one(seq);
        });
        r.add("SplitToSequence", 11, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            int ax = axis(ctx, ctx.attributes().getInt("axis", 0), x.dim());
            boolean keep = ctx.attributes().getInt("keepdims", 1) != 0;
            Tensor split = ctx.optionalHostTensor(in, 1);
            List<Tensor> parts;
            if (split == null) {
                parts = x.split(1, ax);
                if (!keep) {
                    parts = parts.stream().map(p -> p.squeeze(ax)).toList();
                }
            } else if (split.dim() == 0) {
                parts = x.split(split.itemLong(), ax);
            } else {
                parts = x.split(split.toLongArray(), ax);
            }
            return one(new ArrayList<Object>(parts));
        });
        r.add("ConcatFromSequence", 11, (ctx, in) -> {
            List<Object> seq = sequence(ctx, in, 0);
            List<Tensor> parts = seq.stream().map(o -> (Tensor) o).toList();
            boolean newAxis = ctx.attributes().getInt("new_axis", 0) != 0;
            int rank = parts.getFirst().dim() + (newAxis ? 1 : 0);
            int ax = axis(ctx, ctx.attributes().getInt("axis"), rank);
            return one(newAxis ? Tensor.stack(parts, ax) : Tensor.cat(parts, ax));
        });
        r.add("SequenceMap", 17, (ctx, in) -> {
            GraphProto body = ctx.attributes().getGraph("body");
            List<Object> first = sequence(ctx, in, 0);
            List<List<Object>> outputs = new ArrayList<>();
            for (int k = 0; k < body.getOutputCount(); k++) {
                outputs.add(new ArrayList<>());
            }
            for (int i = 0; i < first.size(); i++) {
                List<Object> args = new ArrayList<>();
                for (Object v : in) {
                    args.add(v instanceof List<?> l ? l.get(i) : v);
                }
                List<Object> res = ctx.runSubgraph(body, args);
                for (int k = 0; k < res.size(); k++) {
                    outputs.get(k).add(res.get(k));
                }
            }
            return new ArrayList<>(outputs);
        });

        r.add("Optional", 15, (ctx, in) -> one(new OnnxOptional(in.isEmpty() ? null : in.getFirst())));
        r.add("OptionalHasElement", 15, (ctx, in) -> {
            Object v = in.isEmpty() ? null : in.getFirst();
            boolean has = v instanceof OnnxOptional o ? o.hasElement() : v != null;
            return one(Tensor.scalar(has ? 1 : 0, DType.BOOL));
        });
        r.add("OptionalGetElement", 15, (ctx, in) -> {
            Object v = in.getFirst();
            if (v instanceof OnnxOptional o) {
                if (!o.hasElement()) {
                    throw ctx.error("the optional input is empty");
                }
                return one(o.value());
            }
            return one(v);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Object> sequence(OpContext ctx, List<Object> in, int i) {
        Object v = in.get(i);
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw ctx.error("input " + i + " must be a sequence");
    }

    /** A sequence position (negative counts from the end); {@code inclusiveEnd} allows the length itself. */
    private static int position(OpContext ctx, long p, int size, boolean inclusiveEnd) {
        long k = p < 0 ? p + size : p;
        if (k < 0 || k > size || (!inclusiveEnd && k == size)) {
            throw ctx.error("position " + p + " is out of range for a sequence of length " + size);
        }
        return (int) k;
    }

    private static List<Object> loop(OpContext ctx, List<Object> in) {
        GraphProto body = ctx.attributes().getGraph("body");
        Tensor maxTrip = ctx.optionalHostTensor(in, 0);
        Tensor condIn = ctx.optionalHostTensor(in, 1);
        long trips = maxTrip == null ? Long.MAX_VALUE : maxTrip.itemLong();
        boolean cond = condIn == null || condIn.item() != 0;
        List<Object> carried = new ArrayList<>(in.subList(2, in.size()));
        int nCarried = carried.size();
        int nScan = body.getOutputCount() - 1 - nCarried;
        List<List<Tensor>> scans = new ArrayList<>();
        for (int k = 0; k < nScan; k++) {
            scans.add(new ArrayList<>());
        }
        for (long i = 0; i < trips && cond; i++) {
            List<Object> args = new ArrayList<>();
            args.add(Tensor.scalar(i, DType.INT64));
            args.add(Tensor.scalar(cond ? 1 : 0, DType.BOOL));
            args.addAll(carried);
            List<Object> out = ctx.runSubgraph(body, args);
            cond = ((Tensor) out.getFirst()).item() != 0;
            carried = new ArrayList<>(out.subList(1, 1 + nCarried));
            for (int k = 0; k < nScan; k++) {
                scans.get(k).add((Tensor) out.get(1 + nCarried + k));
            }
        }
        List<Object> result = new ArrayList<>(carried);
        for (List<Tensor> s : scans) {
            result.add(s.isEmpty() ? Tensor.zeros(DType.FLOAT32, 0) : Tensor.stack(s, 0));
        }
        return result;
    }

    private static List<Object> scan(OpContext ctx, List<Object> in) {
        var a = ctx.attributes();
        GraphProto body = a.getGraph("body");
        int nScanIn = (int) a.getInt("num_scan_inputs");
        int nState = in.size() - nScanIn;
        long[] inAxes = a.getInts("scan_input_axes", new long[nScanIn]);
        long[] inDirs = a.getInts("scan_input_directions", new long[nScanIn]);
        int nScanOut = body.getOutputCount() - nState;
        long[] outAxes = a.getInts("scan_output_axes", new long[nScanOut]);
        long[] outDirs = a.getInts("scan_output_directions", new long[nScanOut]);
        List<Object> state = new ArrayList<>(in.subList(0, nState));
        List<Tensor> scanIn = new ArrayList<>();
        int[] scanAxes = new int[nScanIn];
        for (int k = 0; k < nScanIn; k++) {
            Tensor t = ctx.tensor(in, nState + k);
            scanIn.add(t);
            scanAxes[k] = axis(ctx, inAxes[k], t.dim());
        }
        long steps = scanIn.isEmpty() ? 0 : scanIn.getFirst().size(scanAxes[0]);
        List<List<Tensor>> outs = new ArrayList<>();
        for (int k = 0; k < nScanOut; k++) {
            outs.add(new ArrayList<>());
        }
        for (long i = 0; i < steps; i++) {
            List<Object> args = new ArrayList<>(state);
            for (int k = 0; k < nScanIn; k++) {
                long at = inDirs[k] == 0 ? i : steps - 1 - i;
                args.add(scanIn.get(k).select(scanAxes[k], at));
            }
            List<Object> res = ctx.runSubgraph(body, args);
            state = new ArrayList<>(res.subList(0, nState));
            for (int k = 0; k < nScanOut; k++) {
                outs.get(k).add((Tensor) res.get(nState + k));
            }
        }
        List<Object> result = new ArrayList<>(state);
        for (int k = 0; k < nScanOut; k++) {
            List<Tensor> parts = new ArrayList<>(outs.get(k));
            if (outDirs[k] != 0) {
                java.util.Collections.reverse(parts);
            }
            int rank = parts.getFirst().dim() + 1;
            result.add(Tensor.stack(parts, axis(ctx, outAxes[k], rank)));
        }
        return result;
    }
}
