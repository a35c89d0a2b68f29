package dev.arbor.onnx.ops;

import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rows of updates into rows of a {@code [N, R]} tensor with an ONNX scatter reduction (none, add, mul,
 * max, min). Updates aimed at the same row are applied in order: rounds take each row's first, second, ...
 * update, so every round writes distinct rows and the result is deterministic (the last update wins for
 * "none", as in the ONNX reference). Built from gathers and scatters, so it stays differentiable.
 */
final class ScatterRows {
    private ScatterRows() {}

    /**
     * @param data    {@code [N, R]}
     * @param rows    the target row of each update, each in {@code [0, N)}
     * @param updates {@code [rows.length, R]}
     */
    static Tensor apply(OpContext ctx, Tensor data, long[] rows, Tensor updates, String reduction) {
        if (!List.of("none", "add", "mul", "max", "min").contains(reduction)) {
            throw ctx.error("unknown reduction '" + reduction + "'");
        }
        Tensor upd = updates.to(data.dtype());
        if (rows.length == 0) {
            return data;
        }
        if (reduction.equals("add")) {
            return data.indexAdd(0, Tensor.of(rows).to(data.device()), upd);
        }
        Tensor out = data;
        for (long[][] round : rounds(rows)) {
            Tensor target = Tensor.of(round[0]).to(data.device());
            Tensor picked = upd.indexSelect(0, Tensor.of(round[1]).to(data.device()));
            Tensor value = switch (reduction) {
                case "none" -> picked;
                case "mul" -> out.indexSelect(0, target).mul(picked);
                case "max" -> out.indexSelect(0, target).maximum(picked);
                default -> out.indexSelect(0, target).minimum(picked);
            };
            Tensor index = target.unsqueeze(1).expand(round[0].length, data.size(1)).contiguous();
            out = out.scatter(0, index, Values.as(value, data.dtype()));
        }
        return out;
    }

    /** Each round as {targets, update positions}: round {@code k} holds the k-th update of every row. */
    private static List<long[][]> rounds(long[] rows) {
        Map<Long, Integer> seen = new HashMap<>();
        List<List<long[]>> byRound = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            int k = seen.merge(rows[i], 1, Integer::sum) - 1;
            if (k == byRound.size()) {
                byRound.add(new ArrayList<>());
            }
            byRound.get(k).add(new long[] {rows[i], i});
        }
        List<long[][]> out = new ArrayList<>();
        for (List<long[]> round : byRound) {
            long[][] r = new long[2][round.size()];
            for (int j = 0; j < round.size(); j++) {
                r[0][j] = round.get(j)[0];
                r[1][j] = round.get(j)[1];
            }
            out.add(r);
        }
        return out;
    }
}
