package dev.arbor.onnx;

import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto.DataType;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;

/**
 * A tensor of one of ONNX's 8-, 4- and 2-bit element types, which the engine has no dtype for: the
 * float8 formats (e4m3fn, e4m3fnuz, e5m2, e5m2fnuz), float4 e2m1, and int4/uint4/int2/uint2. It holds
 * one code per element; Cast converts between it and ordinary tensors with ONNX's rounding (to nearest
 * even) and saturation rules.
 *
 * @param onnxType the ONNX element type number
 * @param shape    the shape
 * @param codes    one code per element, in the format's low bits
 */
public record LowPrecisionTensor(int onnxType, long[] shape, byte[] codes) {
    /**
     * {@return true for the element types this class holds}
     *
     * @param onnxType an ONNX element type number
     */
    public static boolean holds(int onnxType) {
        return format(onnxType) != null;
    }

    /** Bits, exponent layout and special values of a format. */
    private record Format(int bits, int mantissaBits, int bias, boolean integer, boolean signed, boolean hasInf,
                          boolean unsignedZeroNaN, double max) {}

    private static Format format(int type) {
        DataType t = DataType.forNumber(type);
        if (t == null) {
            return null;
        }
        return switch (t) {
            case FLOAT8E4M3FN -> new Format(8, 3, 7, false, true, false, false, 448);
            case FLOAT8E4M3FNUZ -> new Format(8, 3, 8, false, true, false, true, 240);
            case FLOAT8E5M2 -> new Format(8, 2, 15, false, true, true, false, 57344);
            case FLOAT8E5M2FNUZ -> new Format(8, 2, 16, false, true, false, true, 57344);
            case FLOAT4E2M1 -> new Format(4, 1, 1, false, true, false, false, 6);
            case INT4 -> new Format(4, 0, 0, true, true, false, false, 7);
            case UINT4 -> new Format(4, 0, 0, true, false, false, false, 15);
            case INT2 -> new Format(2, 0, 0, true, true, false, false, 1);
            case UINT2 -> new Format(2, 0, 0, true, false, false, false, 3);
            default -> null;
        };
    }

    /**
     * Reads a proto of one of these types: codes packed in raw_data, or one per int32_data entry.
     *
     * @param p the tensor proto
     * @return the tensor's codes
     * @throws IOException when the proto is not of one of these types or its data does not match its shape
     */
    public static LowPrecisionTensor fromProto(TensorProto p) throws IOException {
        Format f = format(p.getDataType());
        if (f == null) {
            throw new IOException("tensor '" + p.getName() + "' is not of an 8-, 4- or 2-bit type");
        }
        long[] shape = p.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int n = Math.toIntExact(Shapes.numel(shape));
        byte[] codes = new byte[n];
        int perByte = 8 / f.bits();
        int mask = (1 << f.bits()) - 1;
        if (!p.getRawData().isEmpty()) {
            byte[] raw = p.getRawData().toByteArray();
            if (raw.length != (n + perByte - 1) / perByte) {
                throw new IOException("tensor '" + p.getName() + "' has " + raw.length + " bytes of raw_data for " + n
                        + " elements of " + f.bits() + " bits");
            }
            for (int i = 0; i < n; i++) {
                codes[i] = (byte) ((raw[i / perByte] >> ((i % perByte) * f.bits())) & mask);
            }
        } else {
            // int32_data holds one byte of packed codes per entry
            for (int i = 0; i < n; i++) {
                codes[i] = (byte) ((p.getInt32Data(i / perByte) >> ((i % perByte) * f.bits())) & mask);
            }
        }
        return new LowPrecisionTensor(p.getDataType(), shape, codes);
    }

    /**
     * Converts a tensor to one of these types, as ONNX's Cast does.
     *
     * @param x the values, any dtype
     * @param onnxType the target ONNX element type number, one this class {@linkplain #holds holds}
     * @param saturate for the float8 formats, whether values beyond the range become the largest finite
     *                 value (Cast's {@code saturate}) rather than infinity or NaN
     * @return the codes of the converted values, {@code x}'s shape
     * @throws IllegalArgumentException when {@code onnxType} is not one of these types
     */
    public static LowPrecisionTensor cast(Tensor x, int onnxType, boolean saturate) {
        Format f = format(onnxType);
        if (f == null) {
            throw new IllegalArgumentException("not an 8-, 4- or 2-bit type: " + OnnxDataTypes.name(onnxType));
        }
        byte[] codes = new byte[Math.toIntExact(x.numel())];
        if (f.integer() && !x.dtype().isFloatingPoint()) {
            long[] v = x.toLongArray();
            for (int i = 0; i < v.length; i++) {
                codes[i] = (byte) (v[i] & ((1 << f.bits()) - 1));
            }
        } else {
            double[] v = x.to(DType.FLOAT64).toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                codes[i] = (byte) encode(f, v[i], saturate);
            }
        }
        return new LowPrecisionTensor(onnxType, x.shape(), codes);
    }

    /**
     * {@return the values as a tensor of {@code dtype} (float32 holds every one of them exactly)}
     *
     * @param dtype the dtype of the result
     */
    public Tensor to(DType dtype) {
        Format f = format(onnxType);
        double[] v = new double[codes.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = decode(f, codes[i] & 0xFF);
        }
        Tensor t = Tensor.of(v, DType.FLOAT64, shape.length == 0 ? new long[0] : shape.clone());
        return (shape.length == 0 ? t.reshape() : t).to(f.integer() ? DType.INT64 : DType.FLOAT32).to(dtype);
    }

    private static double decode(Format f, int code) {
        int bits = f.bits();
        if (f.integer()) {
            return f.signed() && code >= 1 << (bits - 1) ? code - (1 << bits) : code;
        }
        int e = (code >> f.mantissaBits()) & ((1 << (bits - 1 - f.mantissaBits())) - 1);
        int m = code & ((1 << f.mantissaBits()) - 1);
        boolean negative = (code >> (bits - 1)) != 0;
        int maxExponentField = (1 << (bits - 1 - f.mantissaBits())) - 1;
        if (f.unsignedZeroNaN() && code == 1 << (bits - 1)) {
            return Double.NaN;
        }
        if (bits == 8 && !f.unsignedZeroNaN() && e == maxExponentField) {
            if (f.hasInf()) {
                return m == 0 ? (negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.NaN;
            }
            if (m == (1 << f.mantissaBits()) - 1) {
                return Double.NaN;
            }
        }
        double mag = e == 0 ? m * Math.pow(2, 1 - f.bias() - f.mantissaBits())
                : (1 + m / (double) (1 << f.mantissaBits())) * Math.pow(2, e - f.bias());
        return negative ? -mag : mag;
    }

    private static int encode(Format f, double x, boolean saturate) {
        int bits = f.bits();
        int signBit = 1 << (bits - 1);
        if (f.integer()) {
            // rounding to the nearest integer, then wrapping to the width (two's complement)
            return (int) ((long) Math.rint(x) & ((1 << bits) - 1));
        }
        boolean negative = x < 0 || (x == 0 && 1 / x < 0);
        int sign = negative ? signBit : 0;
        int nan = f.unsignedZeroNaN() ? signBit : bits == 4 ? signBit : sign | (signBit - 1);
        if (Double.isNaN(x)) {
            // the canonical NaN codes: 0x80 for fnuz, 0x7E for e5m2, 0x7F for e4m3fn; float4 has none (-0)
            return f.unsignedZeroNaN() || bits == 4 ? nan : f.hasInf() ? 0x7E : 0x7F;
        }
        double a = Math.abs(x);
        double rounded;
        if (Double.isInfinite(a)) {
            rounded = Double.POSITIVE_INFINITY;
        } else {
            int minExp = 1 - f.bias();
            int e = a == 0 ? minExp : Math.max(Math.getExponent(a), minExp);
            double quantum = Math.scalb(1.0, e - f.mantissaBits());
            rounded = Math.rint(a / quantum) * quantum;
        }
        if (rounded > f.max()) {
            if (saturate || bits == 4) {
                rounded = f.max();
            } else if (f.hasInf()) {
                return sign | ((1 << (bits - 1 - f.mantissaBits())) - 1) << f.mantissaBits();
            } else {
                return nan;
            }
        }
        if (rounded == 0) {
            return f.unsignedZeroNaN() ? 0 : sign;
        }
        int minExp = 1 - f.bias();
        int e = Math.getExponent(rounded);
        int field;
        int mantissa;
        if (e < minExp) {
            field = 0;
            mantissa = (int) Math.round(rounded / Math.scalb(1.0, minExp - f.mantissaBits()));
        } else {
            field = e + f.bias();
            mantissa = (int) Math.round((rounded / Math.scalb(1.0, e) - 1) * (1 << f.mantissaBits()));
        }
        return sign | field << f.mantissaBits() | mantissa;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LowPrecisionTensor other && other.onnxType == onnxType && Arrays.equals(other.shape, shape)
                && Arrays.equals(other.codes, codes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * onnxType + Arrays.hashCode(shape)) + Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
        return OnnxDataTypes.name(onnxType) + Shapes.str(shape);
    }
}
