package dev.arbor.ops;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints tensors exactly as PyTorch's {@code repr} does with its default print options (precision 4,
 * threshold 1000, edge items 3, line width 80): one number format chosen from the nonzero finite
 * values (integral floats as {@code 1.}, four decimals, or scientific notation when the magnitudes
 * span more than 1000 or leave [1e-4, 1e8]), numbers right-aligned to one width, rows wrapped at 80
 * columns, more than 1000 elements summarised with {@code ...}, then the suffixes (device, size of an
 * empty tensor, dtype when not float32/int64/bool, grad_fn or requires_grad), wrapped as PyTorch
 * wraps them. Numbers are rounded as Python formats them: the exact binary value, half to even.
 */
public final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;
    private static final int PRECISION = 4;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {}

    /** The repr of {@code t}. */
    public static String format(Tensor t) {
        Tensor h = t.detach().cpu();
        int indent = PREFIX.length();
        List<String> suffixes = new ArrayList<>();
        if (!t.device().isCpu()) {
            suffixes.add("device='" + t.device() + "'");
        }
        String body;
        if (h.numel() == 0) {
            if (h.dim() != 1) {
                suffixes.add("size=" + pythonTuple(h.shape()));
            }
            if (h.dtype() != DType.FLOAT32) {
                suffixes.add("dtype=torch." + h.dtype().typeName());
            }
            body = "[]";
        } else {
            if (h.dtype() != DType.FLOAT32 && h.dtype() != DType.INT64 && h.dtype() != DType.BOOL) {
                suffixes.add("dtype=torch." + h.dtype().typeName());
            }
            body = new Printer(h).tensor(0, 0, indent);
        }
        if (t.gradFn() != null) {
            suffixes.add("grad_fn=<" + t.gradFn().name() + ">");
        } else if (t.requiresGrad()) {
            suffixes.add("requires_grad=True");
        }
        return addSuffixes(PREFIX + body, suffixes, indent);
    }

    private static String pythonTuple(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** PyTorch's {@code _add_suffixes}, including its count of the last line's length. */
    private static String addSuffixes(String tensorStr, List<String> suffixes, int indent) {
        StringBuilder sb = new StringBuilder(tensorStr);
        int lastLineLength = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLength + suffix.length() + 2 > LINE_WIDTH) {
                sb.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLength = indent + suffix.length();
            } else {
                sb.append(", ").append(suffix);
                lastLineLength += suffix.length() + 2;
            }
        }
        return sb.append(')').toString();
    }

    /**
     * Prints the elements. When summarising, only the edge items of each long dimension are fetched
     * (at most {@code 6^dim} elements), so printing a huge tensor stays cheap.
     */
    private static final class Printer {
        private final long[] shape;
        private final boolean summarize;
        /** The printed elements, row-major over the kept indices of each dimension. */
        private final long[] keptSizes;
        private final long[] keptStrides;
        private final DType dtype;
        private final double[] doubles;
        private final long[] longs;
        private final Formatter formatter;

        Printer(Tensor h) {
            shape = h.shape();
            dtype = h.dtype();
            summarize = h.numel() > THRESHOLD;
            Tensor kept = h;
            for (int d = 0; d < shape.length; d++) {
                if (elided(d)) {
                    long n = shape[d];
                    long[] edges = {0, 1, 2, n - 3, n - 2, n - 1};
                    kept = kept.indexSelect(d, Tensor.of(edges));
                }
            }
            keptSizes = kept.shape();
            keptStrides = dev.arbor.tensor.Shapes.contiguousStrides(keptSizes);
            if (dtype.isFloatingPoint()) {
                doubles = kept.to(DType.FLOAT64).toDoubleArray();
                longs = null;
            } else {
                longs = kept.to(DType.INT64).toLongArray();
                doubles = null;
            }
            formatter = new Formatter(this);
        }

        /** True when dimension {@code d} prints as its first and last three items around {@code ...}. */
        boolean elided(int d) {
            return summarize && shape[d] > 2 * EDGE_ITEMS;
        }

        int count() {
            return doubles != null ? doubles.length : longs.length;
        }

        String raw(int i) {
            if (doubles != null) {
                return formatter.rawFloat(doubles[i]);
            }
            if (dtype == DType.BOOL) {
                return longs[i] != 0 ? "True" : "False";
            }
            return dtype == DType.UINT64 ? Long.toUnsignedString(longs[i]) : Long.toString(longs[i]);
        }

        String element(int i) {
            String s = raw(i);
            return " ".repeat(Math.max(0, formatter.width - s.length())) + s;
        }

        /** PyTorch's {@code _tensor_str_with_formatter} for the slice at dimension {@code dim}, element {@code base}. */
        String tensor(int dim, long base, int indent) {
            if (shape.length == 0) {
                return element(0);
            }
            if (dim == shape.length - 1) {
                return vector(base, indent);
            }
            List<String> slices = new ArrayList<>();
            for (long i = 0; i < keptSizes[dim]; i++) {
                if (elided(dim) && i == EDGE_ITEMS) {
                    slices.add("...");
                }
                slices.add(tensor(dim + 1, base + i * keptStrides[dim], indent + 1));
            }
            int rank = shape.length - dim;
            return "[" + String.join("," + "\n".repeat(rank - 1) + " ".repeat(indent + 1), slices) + "]";
        }

        /** PyTorch's {@code _vector_str}: elements joined by commas, wrapped at the line width. */
        private String vector(long base, int indent) {
            int dim = shape.length - 1;
            int elementLength = formatter.width + 2;
            int perLine = Math.max(1, (LINE_WIDTH - indent) / elementLength);
            List<String> data = new ArrayList<>();
            for (long i = 0; i < keptSizes[dim]; i++) {
                if (elided(dim) && i == EDGE_ITEMS) {
                    data.add(" ...");
                }
                data.add(element((int) (base + i)));
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < data.size(); i += perLine) {
                lines.add(String.join(", ", data.subList(i, Math.min(data.size(), i + perLine))));
            }
            return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
        }
    }

    /** PyTorch's {@code _Formatter}: one width and one notation for all printed elements. */
    private static final class Formatter {
        private final boolean intMode;
        private final boolean sciMode;
        private int width = 1;

        Formatter(Printer p) {
            if (p.doubles == null) {
                intMode = true;
                sciMode = false;
                for (int i = 0; i < p.count(); i++) {
                    width = Math.max(width, p.raw(i).length());
                }
                return;
            }
            boolean integral = true;
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            List<Double> nonzeroFinite = new ArrayList<>();
            for (double v : p.doubles) {
                if (Double.isFinite(v) && v != 0) {
                    nonzeroFinite.add(v);
                    integral &= v == Math.ceil(v);
                    min = Math.min(min, Math.abs(v));
                    max = Math.max(max, Math.abs(v));
                }
            }
            if (nonzeroFinite.isEmpty()) {
                intMode = true;
                sciMode = false;
                return;
            }
            intMode = integral;
            sciMode = max / min > 1000 || max > 1e8 || (!integral && min < 1e-4);
            for (double v : nonzeroFinite) {
                width = Math.max(width, sciMode ? scientific(v).length()
                        : intMode ? fixed(v, 0).length() + 1 : fixed(v, PRECISION).length());
            }
        }

        String rawFloat(double v) {
            if (sciMode) {
                return scientific(v);
            }
            if (intMode) {
                return fixed(v, 0) + (Double.isFinite(v) ? "." : "");
            }
            return fixed(v, PRECISION);
        }
    }

    /** Python's {@code '{:.Nf}'.format(v)}: the exact value rounded half to even, the sign of -0 kept. */
    static String fixed(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return negative(v) && !s.startsWith("-") ? "-" + s : s;
    }

    /** Python's {@code '{:.4e}'.format(v)}: five significant digits, a signed exponent of two or more digits. */
    static String scientific(double v) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        String sign = negative(v) ? "-" : "";
        if (v == 0) {
            return sign + "0." + "0".repeat(PRECISION) + "e+00";
        }
        BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        StringBuilder digits = new StringBuilder(rounded.unscaledValue().toString());
        while (digits.length() < PRECISION + 1) {
            digits.append('0');
        }
        String exp = String.format("%02d", Math.abs(exponent));
        return sign + digits.charAt(0) + "." + digits.substring(1, PRECISION + 1) + "e" + (exponent < 0 ? "-" : "+") + exp;
    }

    private static boolean negative(double v) {
        return v < 0 || (v == 0 && 1 / v < 0);
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
}
