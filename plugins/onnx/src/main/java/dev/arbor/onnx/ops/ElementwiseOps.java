package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.as;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Elementwise ops: math, arithmetic, comparison, logic and bitwise, with ONNX's typing (no promotion:
 * the output has the inputs' type; integer division truncates; comparisons give bool).
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    static void register(OnnxOps.Registrar r) {
        unary(r, "Abs", Tensor::abs);
        unary(r, "Neg", Tensor::neg);
        unary(r, "Exp", Tensor::exp);
        unary(r, "Log", Tensor::log);
        unary(r, "Sqrt", Tensor::sqrt);
        unary(r, "Reciprocal", Tensor::reciprocal);
        unary(r, "Sin", Tensor::sin);
        unary(r, "Cos", Tensor::cos);
        unary(r, "Tan", Tensor::tan);
        unary(r, "Asin", Tensor::asin);
        unary(r, "Acos", Tensor::acos);
        unary(r, "Atan", Tensor::atan);
        unary(r, "Sinh", Tensor::sinh);
        unary(r, "Cosh", Tensor::cosh);
        unary(r, "Asinh", Tensor::asinh);
        unary(r, "Acosh", Tensor::acosh);
        unary(r, "Atanh", Tensor::atanh);
        unary(r, "Tanh", Tensor::tanh);
        unary(r, "Sigmoid", Tensor::sigmoid);
        unary(r, "Erf", Tensor::erf);
        unary(r, "Relu", Tensor::relu);
        unary(r, "Floor", Tensor::floor);
        unary(r, "Ceil", Tensor::ceil);
        unary(r, "Round", Tensor::round);
        unary(r, "Sign", Tensor::sign);
        unary(r, "Not", Tensor::logicalNot);
        unary(r, "BitwiseNot", Tensor::bitwiseNot);
        unary(r, "IsNaN", Tensor::isnan);
        unary(r, "Softsign", x -> x.div(x.abs().add(1.0)));
        unary(r, "Mish", Tensor::mish);
        r.add("IsInf", 10, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            boolean neg = ctx.attributes().getInt("detect_negative", 1) != 0;
            boolean pos = ctx.attributes().getInt("detect_positive", 1) != 0;
            Tensor inf = x.isinf();
            if (!neg) {
                inf = inf.logicalAnd(x.gt(0.0));
            }
            if (!pos) {
                inf = inf.logicalAnd(x.lt(0.0));
            }
            return one(inf);
        });

        binary(r, "Add", Tensor::add);
        binary(r, "Sub", Tensor::sub);
        binary(r, "Mul", Tensor::mul);
        binary(r, "Div", ElementwiseOps::divide);
        binary(r, "Equal", Tensor::eq);
        binary(r, "Less", Tensor::lt);
        binary(r, "LessOrEqual", Tensor::le);
        binary(r, "Greater", Tensor::gt);
        binary(r, "GreaterOrEqual", Tensor::ge);
        binary(r, "And", Tensor::logicalAnd);
        binary(r, "Or", Tensor::logicalOr);
        binary(r, "Xor", Tensor::logicalXor);
        binary(r, "BitwiseAnd", Tensor::bitwiseAnd);
        binary(r, "BitwiseOr", Tensor::bitwiseOr);
        binary(r, "BitwiseXor", Tensor::bitwiseXor);
        r.add("Pow", 1, (ctx, in) -> {
            Tensor base = ctx.tensor(in, 0);
            Tensor exponent = ctx.tensor(in, 1);
            return one(as(base.pow(exponent), base.dtype()));
        });
        r.add("Mod", 10, (ctx, in) -> {
            Tensor a = ctx.tensor(in, 0);
            Tensor b = ctx.tensor(in, 1);
            boolean fmod = ctx.attributes().getInt("fmod", 0) != 0;
            if (!fmod && a.dtype().isFloatingPoint()) {
                throw ctx.error("fmod must be 1 for floating point inputs");
            }
            return one(as(fmod ? a.fmod(b) : a.remainder(b), a.dtype()));
        });
        r.add("BitShift", 11, (ctx, in) -> {
            String direction = ctx.attributes().getString("direction", "");
            Tensor a = ctx.tensor(in, 0);
            Tensor b = ctx.tensor(in, 1);
            Tensor y = switch (direction) {
                case "LEFT" -> a.bitwiseLeftShift(b);
                case "RIGHT" -> a.bitwiseRightShift(b);
                default -> throw ctx.error("direction must be LEFT or RIGHT, got '" + direction + "'");
            };
            return one(as(y, a.dtype()));
        });
        variadic(r, "Max", Tensor::maximum);
        variadic(r, "Min", Tensor::minimum);
        variadic(r, "Sum", Tensor::add);
        r.add("Mean", 1, (ctx, in) -> {
            Tensor sum = reduceVariadic(ctx, in, Tensor::add);
            return one(as(sum.div((double) in.size()), sum.dtype()));
        });
        r.add("Where", 9, (ctx, in) -> one(Tensor.where(ctx.tensor(in, 0), ctx.tensor(in, 1), ctx.tensor(in, 2))));
    }

    private static void unary(OnnxOps.Registrar r, String name, UnaryOperator<Tensor> f) {
        r.add(name, 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            Tensor y = f.apply(x);
            return one(y.dtype() == DType.BOOL ? y : as(y, x.dtype()));
        });
    }

    private static void binary(OnnxOps.Registrar r, String name, BinaryOperator<Tensor> f) {
        r.add(name, 1, (ctx, in) -> {
            Tensor a = ctx.tensor(in, 0);
            Tensor b = ctx.tensor(in, 1);
            checkSameType(ctx, a, b);
            Tensor y = f.apply(a, b);
            return one(y.dtype() == DType.BOOL ? y : as(y, a.dtype()));
        });
    }

    private static void variadic(OnnxOps.Registrar r, String name, BinaryOperator<Tensor> f) {
        r.add(name, 1, (ctx, in) -> one(reduceVariadic(ctx, in, f)));
    }

    private static Tensor reduceVariadic(OpContext ctx, List<Object> in, BinaryOperator<Tensor> f) {
        Tensor acc = ctx.tensor(in, 0);
        for (int i = 1; i < in.size(); i++) {
            Tensor next = ctx.tensor(in, i);
            checkSameType(ctx, acc, next);
            acc = as(f.apply(acc, next), acc.dtype());
        }
        return acc;
    }

    private static void checkSameType(OpContext ctx, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype() && !(a.dtype() == DType.BOOL || b.dtype() == DType.BOOL)) {
            throw ctx.error("inputs must have one element type, got " + a.dtype() + " and " + b.dtype());
        }
    }

    /** ONNX division: true division for floats, truncation toward zero for integers. */
    private static Tensor divide(Tensor a, Tensor b) {
        if (a.dtype().isFloatingPoint()) {
            return a.div(b);
        }
        Tensor q = a.floorDivide(b);
        Tensor r = a.sub(q.mul(b));
        // floor and truncation differ when the remainder is non-zero and the signs differ
        Tensor fix = r.ne(0.0).logicalAnd(a.lt(0.0).logicalXor(b.lt(0.0)));
        return Tensor.where(fix, q.add(1.0), q);
    }
}
