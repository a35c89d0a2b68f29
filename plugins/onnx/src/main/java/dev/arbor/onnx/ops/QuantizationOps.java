package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.axis;

import dev.arbor.onnx.LowPrecisionTensor;
import dev.arbor.onnx.OnnxDataTypes;
import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Linear quantisation: QuantizeLinear, DequantizeLinear and DynamicQuantizeLinear, per tensor, per
 * axis and per block, to and from the 8- and 16-bit integers, the 4- and 2-bit integers and the
 * float8/float4 formats. Rounding is to nearest even, integer results saturate to the type's range.
 */
final class QuantizationOps {
    private QuantizationOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("DequantizeLinear", 10, (ctx, in) -> {
            Tensor x = values(ctx, in.get(0));
            Tensor scale = ctx.tensor(in, 1);
            Object zpIn = in.size() > 2 ? in.get(2) : null;
            DType out = ctx.attributes().has("output_dtype") && ctx.attributes().getInt("output_dtype") != 0
                    ? OnnxDataTypes.toDType((int) ctx.attributes().getInt("output_dtype")) : scale.dtype();
            Tensor s = broadcastParam(ctx, scale, x);
            Tensor y = x.to(DType.FLOAT64);
            if (zpIn != null) {
                y = y.sub(broadcastParam(ctx, values(ctx, zpIn).to(DType.FLOAT64), x));
            }
            return List.of(y.mul(s.to(DType.FLOAT64)).to(out));
        });
        r.add("QuantizeLinear", 10, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            Tensor scale = ctx.tensor(in, 1);
            Object zpIn = in.size() > 2 ? in.get(2) : null;
            int outType = zpIn instanceof LowPrecisionTensor l ? l.onnxType()
                    : zpIn instanceof Tensor t ? OnnxDataTypes.toOnnx(t.dtype())
                    : (int) ctx.attributes().getInt("output_dtype", OnnxDataTypes.toOnnx(DType.UINT8));
            if (outType == 0) {
                outType = OnnxDataTypes.toOnnx(DType.UINT8);
            }
            // x / scale in the input's precision, as the reference: the rounding decides the codes
            DType compute = x.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
            Tensor q = x.to(compute).div(broadcastParam(ctx, scale, x).to(compute));
            boolean floatTarget = OnnxDataTypes.isFloat(outType);
            if (!floatTarget) {
                q = q.round();
            }
            if (zpIn != null) {
                q = q.add(broadcastParam(ctx, values(ctx, zpIn).to(compute), x));
            }
            boolean saturate = ctx.attributes().getInt("saturate", 1) != 0;
            if (LowPrecisionTensor.holds(outType)) {
                if (!floatTarget) {
                    long[] range = range(outType);
                    q = q.clamp((double) range[0], (double) range[1]);
                }
                return List.of(LowPrecisionTensor.cast(q, outType, saturate));
            }
            DType dtype = OnnxDataTypes.toDType(outType);
            long[] range = range(outType);
            return List.of(q.clamp((double) range[0], (double) range[1]).to(dtype));
        });
        r.add("DynamicQuantizeLinear", 11, (ctx, in) -> {
            // in float32 throughout, as the reference: the rounding of x / scale decides the codes
            Tensor x = ctx.tensor(in, 0).to(DType.FLOAT32);
            float max = (float) Math.max(0, x.numel() == 0 ? 0 : x.max().item());
            float min = (float) Math.min(0, x.numel() == 0 ? 0 : x.min().item());
            float scale = (max - min) / 255f;
            float zp = scale == 0 ? 0 : Math.min(255, Math.max(0, (float) Math.rint(-min / scale)));
            Tensor y = scale == 0 ? Tensor.zerosLike(x) : x.div(scale).round().add(zp).clamp(0.0, 255.0);
            return List.of(y.to(DType.UINT8), Tensor.scalar(scale, DType.FLOAT32), Tensor.scalar(zp, DType.UINT8));
        });
    }

    /** A quantised input as a tensor: integer codes as int64, float8/float4 as their float values. */
    private static Tensor values(OpContext ctx, Object v) {
        if (v instanceof LowPrecisionTensor l) {
            return l.to(OnnxDataTypes.isFloat(l.onnxType()) ? DType.FLOAT32 : DType.INT64);
        }
        return ctx.tensor(List.of(v), 0);
    }

    /**
     * A scale or zero point shaped to broadcast against {@code x}: a scalar as it is, a 1-d tensor along
     * {@code axis}, a blocked one (same rank as {@code x}) repeated {@code block_size} times along it.
     */
    private static Tensor broadcastParam(OpContext ctx, Tensor p, Tensor x) {
        if (p.numel() == 1 && p.dim() <= 1) {
            return p.reshape();
        }
        int ax = axis(ctx, ctx.attributes().getInt("axis", 1), x.dim());
        long block = ctx.attributes().getInt("block_size", 0);
        if (block > 0) {
            long n = x.size(ax);
            long[] idx = new long[(int) n];
            for (int i = 0; i < n; i++) {
                idx[i] = i / block;
            }
            return p.indexSelect(ax, Tensor.of(idx).to(p.device()));
        }
        long[] shape = new long[x.dim()];
        Arrays.fill(shape, 1);
        shape[ax] = p.numel();
        return p.reshape(shape);
    }

    /** The representable integer range of an integer element type. */
    private static long[] range(int onnxType) {
        String name = OnnxDataTypes.name(onnxType);
        return switch (name) {
            case "INT8" -> new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
            case "UINT8" -> new long[] {0, 255};
            case "INT16" -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
            case "UINT16" -> new long[] {0, 65535};
            case "INT32" -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            case "INT4" -> new long[] {-8, 7};
            case "UINT4" -> new long[] {0, 15};
            case "INT2" -> new long[] {-2, 1};
            case "UINT2" -> new long[] {0, 3};
            default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        };
    }
}
