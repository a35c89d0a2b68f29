package dev.arbor.onnx.ops;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.backend.cpu.Gemm;
import dev.arbor.backend.cpu.LstmCells;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * One direction of an ONNX LSTM for inference, fused: each step adds {@code h Rᵀ} onto the step's input
 * projection with one GEMM into a buffer, then computes the gates (ONNX order {@code iofc}, sigmoid and
 * tanh), the cell and the hidden state in one loop, writing the hidden state straight into Y. The
 * general path ({@link RecurrentOps}) builds each step from about a dozen tensor ops with an allocation
 * each, which dominates at the sizes recurrent layers usually have. Used only where it computes the same
 * thing: float32 on the CPU with nothing recording gradients, the default activations, no clip, no
 * peepholes, no {@code input_forget} and no sequence shorter than the input.
 */
final class LstmInference {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;

    private LstmInference() {}

    /**
     * True when the fused path gives the general path's results.
     *
     * @param activations the node's {@code activations} attribute, or null when absent
     * @param tensors     the node's tensor inputs (null for omitted ones)
     */
    static boolean applies(List<String> activations, double clip, boolean peepholes, boolean inputForget,
                           boolean ragged, List<Tensor> tensors) {
        if (!Double.isInfinite(clip) || peepholes || inputForget || ragged || !defaultActivations(activations)) {
            return false;
        }
        for (Tensor t : tensors) {
            if (t != null && (t.dtype() != DType.FLOAT32 || !t.device().equals(Device.CPU)
                    || (GradMode.isEnabled() && t.requiresGrad()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean defaultActivations(List<String> names) {
        if (names == null) {
            return true;
        }
        List<String> defaults = List.of("sigmoid", "tanh", "tanh");
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equalsIgnoreCase(defaults.get(i % defaults.size()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the recurrence.
     *
     * @param xProj {@code [steps, batch, 4 * hidden]}: the input projection with both biases added
     * @param r     {@code [4 * hidden, hidden]}: this direction's recurrent weights
     * @param h0    {@code [batch, hidden]}: the initial hidden state
     * @param c0    {@code [batch, hidden]}: the initial cell state
     * @return {@code {Y [steps, batch, hidden], last hidden state, last cell state}}
     */
    static Tensor[] run(Tensor xProj, Tensor r, Tensor h0, Tensor c0) {
        int steps = Math.toIntExact(xProj.size(0));
        int batch = Math.toIntExact(xProj.size(1));
        int gates = Math.toIntExact(xProj.size(2));
        int hidden = gates / 4;
        Tensor xp = xProj.contiguous();
        Tensor rc = r.contiguous();
        Tensor hc = h0.contiguous();
        Tensor y = Tensor.empty(DType.FLOAT32, Device.CPU, steps, batch, hidden);
        Tensor pre = Tensor.empty(DType.FLOAT32, Device.CPU, batch, gates);
        MemorySegment xs = segment(xp);
        MemorySegment ys = segment(y);
        MemorySegment ps = segment(pre);
        float[] g = new float[batch * gates];
        float[] c = c0.contiguous().toFloatArray();
        float[] h = new float[batch * hidden];
        long stepBytes = (long) batch * gates * Float.BYTES;
        for (int t = 0; t < steps; t++) {
            MemorySegment.copy(xs, (xp.offset() + (long) t * batch * gates) * Float.BYTES, ps, pre.offset() * Float.BYTES,
                    stepBytes);
            // pre += h R^T, h being the initial state or Y's previous step
            MemorySegment a = t == 0 ? segment(hc) : ys;
            long aOff = t == 0 ? hc.offset() : y.offset() + (long) (t - 1) * batch * hidden;
            Gemm.sgemm(batch, gates, hidden, 1f, a, aOff, hidden, 1, segment(rc), rc.offset(), 1, hidden,
                    1f, ps, pre.offset(), gates, 1);
            MemorySegment.copy(ps, F32, pre.offset() * Float.BYTES, g, 0, g.length);
            for (int b = 0; b < batch; b++) {
                LstmCells.update(g, b * gates, c, h, b * hidden, hidden);
            }
            MemorySegment.copy(h, 0, ys, F32, (y.offset() + (long) t * batch * hidden) * Float.BYTES, h.length);
        }
        Tensor lastH = steps == 0 ? hc : y.select(0, steps - 1);
        return new Tensor[] {y, lastH, Tensor.of(c, batch, hidden)};
    }

    private static MemorySegment segment(Tensor t) {
        return ((CpuStorage) t.storage()).segment();
    }
}
