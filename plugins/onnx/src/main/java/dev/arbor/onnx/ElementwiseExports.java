package dev.arbor.onnx;

import static dev.arbor.onnx.TraceGraph.floatAttr;
import static dev.arbor.onnx.TraceGraph.intAttr;
import static dev.arbor.onnx.TraceGraph.stringAttr;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX nodes of traced elementwise ops: arithmetic and comparisons of tensors and numbers (in
 * place too), the unary functions, {@code where}, {@code clamp} and the activations, with the casts
 * PyTorch's type promotion implies written out.
 */
final class ElementwiseExports {
    private ElementwiseExports() {}

    /** Binary ops that are one ONNX node of the same name's arithmetic. */
    private static final Map<String, String> ARITHMETIC = Map.of("add", "Add", "sub", "Sub", "mul", "Mul", "div", "Div",
            "pow", "Pow", "maximum", "Max", "minimum", "Min");
    private static final Map<String, String> COMPARISONS = Map.of("eq", "Equal", "lt", "Less", "le", "LessOrEqual",
            "gt", "Greater", "ge", "GreaterOrEqual", "ne", "Equal");
    private static final Map<String, String> LOGICAL = Map.of("logical_and", "And", "logical_or", "Or",
            "logical_xor", "Xor");
    private static final Map<String, String> BITWISE = Map.of("bitwise_and", "BitwiseAnd", "bitwise_or", "BitwiseOr",
            "bitwise_xor", "BitwiseXor");
    /** Unary ops that are one ONNX node. */
    private static final Map<String, String> UNARY = Map.ofEntries(Map.entry("neg", "Neg"), Map.entry("abs", "Abs"),
            Map.entry("sign", "Sign"), Map.entry("relu", "Relu"), Map.entry("exp", "Exp"), Map.entry("log", "Log"),
            Map.entry("sqrt", "Sqrt"), Map.entry("reciprocal", "Reciprocal"), Map.entry("sin", "Sin"),
            Map.entry("cos", "Cos"), Map.entry("tan", "Tan"), Map.entry("asin", "Asin"), Map.entry("acos", "Acos"),
            Map.entry("atan", "Atan"), Map.entry("sinh", "Sinh"), Map.entry("cosh", "Cosh"), Map.entry("tanh", "Tanh"),
            Map.entry("asinh", "Asinh"), Map.entry("acosh", "Acosh"), Map.entry("atanh", "Atanh"),
            Map.entry("sigmoid", "Sigmoid"), Map.entry("erf", "Erf"), Map.entry("floor", "Floor"),
            Map.entry("ceil", "Ceil"), Map.entry("round", "Round"), Map.entry("isnan", "IsNaN"),
            Map.entry("isinf", "IsInf"), Map.entry("softplus", "Softplus"), Map.entry("softsign", "Softsign"));
    /** Other single-input ops (and where, clamp), written as a few nodes or with attributes. */
    private static final Set<String> FORMULAS = Set.of("square", "expm1", "log1p", "log2", "rsqrt", "trunc",
            "logical_not", "bitwise_not", "silu", "mish", "gelu", "gelu_tanh", "where", "clamp", "hardtanh",
            "leaky_relu", "prelu", "elu", "selu", "celu", "hardswish", "hardsigmoid", "log_sigmoid", "softshrink",
            "hardshrink");

    /** The nodes of {@code s}, or null when it is not an elementwise op. */
    static String emit(TraceStep s, TraceGraph g) {
        String op = s.call.op();
        String base = op.endsWith("_") ? op.substring(0, op.length() - 1) : op;
        DType out = s.out(0).dtype();
        if (ARITHMETIC.containsKey(base) || COMPARISONS.containsKey(base) || LOGICAL.containsKey(base)
                || BITWISE.containsKey(base) || List.of("remainder", "fmod", "floor_divide").contains(base)) {
            return binary(s, g, base, out);
        }
        if (!UNARY.containsKey(op) && !FORMULAS.contains(op)) {
            return null;
        }
        if (op.equals("where")) {
            return g.node("Where", List.of(g.cast(s.in(0), s.tensor(0).dtype(), DType.BOOL), operand(s, g, 1, out),
                    operand(s, g, 2, out)));
        }
        String x = s.in(0);
        DType in = s.tensor(0).dtype();
        String xc = g.cast(x, in, out.isFloatingPoint() ? out : in);
        return switch (op) {
            case "square" -> g.node("Mul", List.of(xc, xc));
            case "expm1" -> g.node("Sub", List.of(g.node("Exp", List.of(xc)), g.scalar(1, out)));
            case "log1p" -> g.node("Log", List.of(g.node("Add", List.of(xc, g.scalar(1, out)))));
            case "log2" -> g.node("Div", List.of(g.node("Log", List.of(xc)), g.scalar(Math.log(2), out)));
            case "rsqrt" -> g.node("Reciprocal", List.of(g.node("Sqrt", List.of(xc))));
            case "trunc" -> g.node("Mul", List.of(g.node("Sign", List.of(xc)),
                    g.node("Floor", List.of(g.node("Abs", List.of(xc))))));
            case "logical_not" -> g.node("Not", List.of(g.cast(x, in, DType.BOOL)));
            case "bitwise_not" -> in == DType.BOOL ? g.node("Not", List.of(x)) : atLeast(s, g, 18, "BitwiseNot", List.of(x));
            case "silu" -> g.node("Mul", List.of(xc, g.node("Sigmoid", List.of(xc))));
            case "mish" -> g.opset() >= 18 ? g.node("Mish", List.of(xc))
                    : g.node("Mul", List.of(xc, g.node("Tanh", List.of(g.node("Softplus", List.of(xc))))));
            case "gelu" -> gelu(g, xc, out, s.call.arguments().size() > 1 ? (String) s.call.arguments().get(1) : "none");
            case "gelu_tanh" -> gelu(g, xc, out, "tanh");
            case "clamp" -> clamp(s, g, xc, out);
            case "hardtanh" -> g.node("Clip", List.of(xc, g.scalar(s.call.number(1), out), g.scalar(s.call.number(2), out)));
            case "leaky_relu" -> g.node("LeakyRelu", List.of(xc), floatAttr("alpha", s.call.number(1)));
            case "prelu" -> prelu(s, g, xc);
            case "elu" -> g.node("Elu", List.of(xc), floatAttr("alpha", s.call.number(1)));
            case "selu" -> g.node("Selu", List.of(xc));
            case "celu" -> g.node("Celu", List.of(xc), floatAttr("alpha", s.call.number(1)));
            case "hardswish" -> g.opset() >= 14 ? g.node("HardSwish", List.of(xc))
                    : g.node("Mul", List.of(xc, hardSigmoid(g, xc)));
            case "hardsigmoid" -> hardSigmoid(g, xc);
            case "softplus" -> softplus(s, g, xc, out);
            case "log_sigmoid" -> g.node("Log", List.of(g.node("Sigmoid", List.of(xc))));
            case "softshrink" -> g.node("Shrink", List.of(xc), floatAttr("bias", s.call.number(1)),
                    floatAttr("lambd", s.call.number(1)));
            case "hardshrink" -> g.node("Shrink", List.of(xc), floatAttr("lambd", s.call.number(1)));
            default -> g.node(UNARY.get(op), List.of(UNARY.get(op).startsWith("Is") ? x : xc));
        };
    }

    /** A binary op of two operands, each a tensor or a number. */
    private static String binary(TraceStep s, TraceGraph g, String op, DType out) {
        if (LOGICAL.containsKey(op)) {
            return g.node(LOGICAL.get(op), List.of(operand(s, g, 0, DType.BOOL), operand(s, g, 1, DType.BOOL)));
        }
        if (COMPARISONS.containsKey(op)) {
            DType common = common(s);
            String eq = g.node(COMPARISONS.get(op), List.of(operand(s, g, 0, common), operand(s, g, 1, common)));
            return op.equals("ne") ? g.node("Not", List.of(eq)) : eq;
        }
        String a = operand(s, g, 0, out);
        String b = operand(s, g, 1, out);
        if (ARITHMETIC.containsKey(op)) {
            return g.node(ARITHMETIC.get(op), List.of(a, b));
        }
        if (BITWISE.containsKey(op)) {
            return atLeast(s, g, 18, BITWISE.get(op), List.of(a, b));
        }
        return switch (op) {
            case "fmod" -> g.node("Mod", List.of(a, b), intAttr("fmod", out.isFloatingPoint() ? 1 : 0));
            case "remainder" -> out.isFloatingPoint()
                    ? g.node("Sub", List.of(a, g.node("Mul", List.of(floorDivide(g, a, b, out), b))))
                    : g.node("Mod", List.of(a, b));
            case "floor_divide" -> floorDivide(g, a, b, out);
            default -> throw s.refuse("it has no ONNX mapping");
        };
    }

    /** {@code floor(a / b)}; integers divide as float64 (exact below 2^53), since ONNX Div truncates them. */
    private static String floorDivide(TraceGraph g, String a, String b, DType out) {
        DType ct = out.isFloatingPoint() ? out : DType.FLOAT64;
        String q = g.node("Floor", List.of(g.node("Div", List.of(g.cast(a, out, ct), g.cast(b, out, ct)))));
        return g.cast(q, ct, out);
    }

    /** Argument {@code i} as {@code dtype}: a tensor cast to it, or a number as a constant of it. */
    static String operand(TraceStep s, TraceGraph g, int i, DType dtype) {
        Object a = s.call.arguments().get(i);
        if (a instanceof Tensor t) {
            return g.cast(s.in(i), t.dtype(), dtype);
        }
        return g.scalar(((Number) a).doubleValue(), dtype);
    }

    /** The type two operands of a comparison are compared in. */
    private static DType common(TraceStep s) {
        DType a = typeOf(s, 0);
        DType b = typeOf(s, 1);
        if (a == null || b == null) {
            DType t = a == null ? b : a;
            double v = s.call.number(a == null ? 0 : 1);
            return t.isFloatingPoint() || v == Math.rint(v) ? t : DType.FLOAT32;
        }
        if (a.isFloatingPoint() != b.isFloatingPoint()) {
            return a.isFloatingPoint() ? a : b;
        }
        return DType.promote(a, b);
    }

    private static DType typeOf(TraceStep s, int i) {
        return s.call.arguments().get(i) instanceof Tensor t ? t.dtype() : null;
    }

    private static String atLeast(TraceStep s, TraceGraph g, int opset, String opType, List<String> inputs) {
        if (g.opset() < opset) {
            throw s.refuse(opType + " needs opset " + opset + " or newer (exporting at " + g.opset() + ")");
        }
        return g.node(opType, inputs);
    }

    /** Clamp to bounds that are numbers or tensors (null for none). */
    private static String clamp(TraceStep s, TraceGraph g, String xc, DType out) {
        List<String> bounds = new ArrayList<>();
        boolean scalars = true;
        for (int i = 1; i <= 2; i++) {
            Object b = s.call.arguments().get(i);
            scalars &= !(b instanceof Tensor t) || t.dim() == 0;
            bounds.add(b == null ? "" : operand(s, g, i, out));
        }
        if (scalars) {
            List<String> inputs = new ArrayList<>(List.of(xc, bounds.get(0)));
            if (!bounds.get(1).isEmpty()) {
                inputs.add(bounds.get(1));
            }
            return g.node("Clip", inputs);
        }
        String r = bounds.get(0).isEmpty() ? xc : g.node("Max", List.of(xc, bounds.get(0)));
        return bounds.get(1).isEmpty() ? r : g.node("Min", List.of(r, bounds.get(1)));
    }

    /** PReLU, its weight of one value or one per channel (dimension 1) shaped to broadcast against {@code x}. */
    private static String prelu(TraceStep s, TraceGraph g, String xc) {
        Tensor x = s.tensor(0);
        Tensor w = s.tensor(1);
        String slope = s.in(1);
        if (x.dim() >= 2 && w.numel() > 1) {
            long[] shape = new long[x.dim() - 1];
            java.util.Arrays.fill(shape, 1);
            shape[0] = w.numel();
            slope = g.node("Reshape", List.of(slope, g.longs(shape)));
        }
        return g.node("PRelu", List.of(xc, slope));
    }

    /** {@code log(1 + exp(beta * x)) / beta}. */
    private static String softplus(TraceStep s, TraceGraph g, String xc, DType out) {
        double beta = s.call.arguments().size() == 1 ? 1 : s.call.number(1);
        if (beta == 1) {
            return g.node("Softplus", List.of(xc));
        }
        String scaled = g.node("Mul", List.of(xc, g.scalar(beta, out)));
        return g.node("Div", List.of(g.node("Softplus", List.of(scaled)), g.scalar(beta, out)));
    }

    private static String hardSigmoid(TraceGraph g, String xc) {
        return g.node("HardSigmoid", List.of(xc), floatAttr("alpha", 1.0 / 6), floatAttr("beta", 0.5));
    }

    /**
     * GELU: the Gelu node from opset 20, before it the formula torch.onnx writes: {@code x * 0.5 * (1 +
     * erf(x / sqrt(2)))}, or for {@code approximate = "tanh"} {@code 0.5 x (1 + tanh(sqrt(2 / pi) (x +
     * 0.044715 x^3)))}.
     */
    static String gelu(TraceGraph g, String in, DType dtype, String approximate) {
        if (g.opset() >= 20) {
            return g.node("Gelu", List.of(in), stringAttr("approximate", approximate));
        }
        String inner;
        if (approximate.equals("tanh")) {
            String cube = g.node("Mul", List.of(g.node("Mul", List.of(in, in)), in));
            String sum = g.node("Add", List.of(in, g.node("Mul", List.of(cube, g.scalar(0.044715, dtype)))));
            inner = g.node("Tanh", List.of(g.node("Mul", List.of(sum, g.scalar(Math.sqrt(2 / Math.PI), dtype)))));
        } else {
            inner = g.node("Erf", List.of(g.node("Div", List.of(in, g.scalar(Math.sqrt(2), dtype)))));
        }
        String plus = g.node("Add", List.of(inner, g.scalar(1, dtype)));
        String times = g.node("Mul", List.of(in, plus));
        return g.node("Mul", List.of(times, g.scalar(0.5, dtype)));
    }
}
