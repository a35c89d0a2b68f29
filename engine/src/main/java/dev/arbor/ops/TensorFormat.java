package dev.arbor.ops;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.Locale;

/**
 * Prints tensors as PyTorch's {@code repr} does: four decimals (or scientific notation when the
 * magnitudes span too much), integral floats as {@code 1.}, columns padded to one width, more than
 * 1000 elements summarised with {@code ...}, and dtype, device and autograd suffixes.
 */
public final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormat() {}

    public static String format(Tensor t) {
        Tensor h = t.detach().cpu();
        boolean summarize = h.numel() > THRESHOLD;
        double[] values = h.to(DType.FLOAT64).toDoubleArray();
        Formatter f = new Formatter(h.dtype(), values);
        StringBuilder sb = new StringBuilder("tensor(");
        if (h.numel() == 0 && h.dim() == 1) {
            sb.append("[]");
        } else {
            long[] strides = dev.arbor.tensor.Shapes.contiguousStrides(h.shape());
            sb.append(body(h, values, h.shape(), strides, 0, 0, f, summarize, "tensor(".length()));
        }
        if (!defaultDtype(h.dtype()) || h.numel() == 0) {
            if (!(h.numel() == 0 && h.dtype() == DType.FLOAT32)) {
                sb.append(", dtype=torch.").append(h.dtype().typeName());
            }
        }
        if (h.numel() == 0 && h.dim() != 1) {
            sb.append(", size=(");
            for (int i = 0; i < h.dim(); i++) {
                sb.append(h.size(i)).append(i == 0 && h.dim() == 1 ? "," : i < h.dim() - 1 ? ", " : "");
            }
            sb.append(")");
        }
        if (!t.device().isCpu()) {
            sb.insert(sb.length(), ", device='" + t.device() + "'");
        }
        if (t.gradFn() != null) {
            sb.append(", grad_fn=<").append(t.gradFn().name()).append(">");
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=True");
        }
        return sb.append(")").toString();
    }

    private static boolean defaultDtype(DType d) {
        return d == DType.FLOAT32 || d == DType.INT64 || d == DType.BOOL;
    }

    private static String body(Tensor h, double[] v, long[] shape, long[] strides, int dim, long base, Formatter f,
                               boolean summarize, int indent) {
        if (shape.length == 0) {
            return f.format(v[0]);
        }
        long n = shape[dim];
        StringBuilder sb = new StringBuilder("[");
        boolean last = dim == shape.length - 1;
        for (long i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append(last ? "..., " : "...,\n" + "\n".repeat(shape.length - dim - 2) + " ".repeat(indent + dim + 1));
                i = n - EDGE_ITEMS - 1;
                continue;
            }
            long at = base + i * strides[dim];
            sb.append(last ? f.format(v[(int) at]) : body(h, v, shape, strides, dim + 1, at, f, summarize, indent));
            if (i < n - 1) {
                sb.append(last ? ", " : ",\n" + "\n".repeat(shape.length - dim - 2) + " ".repeat(indent + dim + 1));
            }
        }
        return sb.append("]").toString();
    }

    /** Chooses one number format for all values, as PyTorch's {@code _Formatter}. */
    private static final class Formatter {
        private final DType dtype;
        private final boolean intMode;
        private final boolean sciMode;
        private int width;

        Formatter(DType dtype, double[] values) {
            this.dtype = dtype;
            boolean integral = true;
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            for (double x : values) {
                if (!Double.isFinite(x)) {
                    continue;
                }
                integral &= x == Math.rint(x);
                if (x != 0) {
                    maxAbs = Math.max(maxAbs, Math.abs(x));
                    minAbs = Math.min(minAbs, Math.abs(x));
                }
            }
            boolean anyNonZero = maxAbs > 0;
            this.intMode = integral;
            this.sciMode = anyNonZero && (integral ? maxAbs > 1e8 : (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4));
            for (double x : values) {
                width = Math.max(width, raw(x).length());
            }
        }

        private String raw(double x) {
            if (dtype == DType.BOOL) {
                return x != 0 ? "True" : "False";
            }
            if (!dtype.isFloatingPoint()) {
                return Long.toString((long) x);
            }
            if (Double.isNaN(x)) {
                return "nan";
            }
            if (Double.isInfinite(x)) {
                return x > 0 ? "inf" : "-inf";
            }
            if (sciMode) {
                String s = String.format(Locale.ROOT, "%.4e", x);
                // Java prints e+05 as e+05 already; PyTorch prints two exponent digits as well
                return s;
            }
            if (intMode) {
                return String.format(Locale.ROOT, "%.0f", x) + ".";
            }
            return String.format(Locale.ROOT, "%.4f", x);
        }

        String format(double x) {
            String s = raw(x);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
