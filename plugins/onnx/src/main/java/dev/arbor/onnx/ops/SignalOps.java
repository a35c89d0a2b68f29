package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.onnx.OnnxDataTypes;
import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/** Window functions (Hann, Hamming, Blackman) and BitCast. */
final class SignalOps {
    private SignalOps() {}

    /** One window's coefficients: {@code a0 - a1 cos(2 pi n / N) + a2 cos(4 pi n / N)}. */
    private record Window(double a0, double a1, double a2) {}

    static void register(OnnxOps.Registrar r) {
        window(r, "HannWindow", new Window(0.5, 0.5, 0));
        window(r, "HammingWindow", new Window(25.0 / 46, 21.0 / 46, 0));
        window(r, "BlackmanWindow", new Window(0.42, 0.5, 0.08));
        r.add("BitCast", 26, (ctx, in) -> one(bitCast(ctx, ctx.tensor(in, 0), (int) ctx.attributes().getInt("to"))));
    }

    private static void window(OnnxOps.Registrar r, String name, Window w) {
        r.add(name, 17, (ctx, in) -> {
            long size = ctx.hostTensor(in, 0).itemLong();
            boolean periodic = ctx.attributes().getInt("periodic", 1) != 0;
            DType dtype = OnnxDataTypes.toDType((int) ctx.attributes().getInt("output_datatype", 1));
            double denom = periodic ? size : size - 1;
            double[] v = new double[(int) size];
            for (int n = 0; n < size; n++) {
                double t = denom == 0 ? 0 : 2 * Math.PI * n / denom;
                v[n] = w.a0() - w.a1() * Math.cos(t) + w.a2() * Math.cos(2 * t);
            }
            return one(Tensor.of(v, dtype));
        });
    }

    /** The same bytes read as another type of the same size. */
    private static Tensor bitCast(OpContext ctx, Tensor x, int to) {
        DType target = OnnxDataTypes.toDType(to);
        if (target.byteSize() != x.dtype().byteSize()) {
            throw new UnsupportedOperationException(ctx.describe() + ": BitCast between types of different sizes ("
                    + x.dtype() + " to " + target + ")");
        }
        Tensor src = x.detach().to(Device.CPU).contiguous();
        long bytes = src.numel() * target.byteSize();
        Tensor out = Tensor.empty(target, Device.CPU, src.shape());
        MemorySegment from = ((CpuStorage) src.storage()).segment().asSlice(src.offset() * src.dtype().byteSize(), bytes);
        MemorySegment.copy(from, 0, ((CpuStorage) out.storage()).segment(), 0, bytes);
        if (target == DType.BOOL) {
            out = out.ne(Tensor.zeros(DType.BOOL));
        }
        return out.to(x.device()).reshape(Shapes.numel(x.shape()) == 0 ? x.shape() : x.shape());
    }
}
