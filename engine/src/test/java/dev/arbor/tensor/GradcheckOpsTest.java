package dev.arbor.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.backend.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link Gradcheck} (central differences in float64) for every differentiable op of {@link Tensor}:
 * each unary op on a domain away from its kinks, each binary op with broadcasting and with Java
 * numbers, clamp and where, every reduction, view and indexing op, matmul in all its shapes, dtype
 * round trips and in-place ops under autograd (including in-place changes to views).
 */
class GradcheckOpsTest {
    private final Generator gen = new Generator(7);

    // ---------------------------------------------------------------- inputs

    /** Uniform values in [lo, hi), float64, requiring grad. */
    private Tensor uniform(double lo, double hi, long... shape) {
        return Tensor.rand(gen, DType.FLOAT64, shape).mul(hi - lo).add(lo).detach().requiresGrad_(true);
    }

    /** Values of magnitude [0.3, 2) with random signs: away from the kinks at 0. */
    private Tensor away(long... shape) {
        Tensor sign = Tensor.rand(gen, DType.FLOAT64, shape).gt(0.5).to(DType.FLOAT64).mul(2.0).sub(1.0);
        return Tensor.rand(gen, DType.FLOAT64, shape).mul(1.7).add(0.3).mul(sign).detach().requiresGrad_(true);
    }

    private Tensor any(long... shape) {
        return uniform(-2, 2, shape);
    }

    private Tensor positive(long... shape) {
        return uniform(0.5, 2, shape);
    }

    private static Tensor of(double... v) {
        return Tensor.of(v).requiresGrad_(true);
    }

    private static Tensor constant(Tensor t) {
        return t.detach().clone();
    }

    /** A named case: the function and its inputs. */
    private record Case(String name, Function<List<Tensor>, Tensor> fn, Tensor[] inputs, double eps, double tol) {}

    private static Case c(String name, Function<List<Tensor>, Tensor> fn, Tensor... inputs) {
        return new Case(name, fn, inputs, 1e-6, 0);
    }

    private static Stream<DynamicTest> run(List<Case> cases) {
        return cases.stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
            if (k.tol() > 0) {
                Gradcheck.check(k.fn(), k.eps(), k.tol(), k.tol(), k.inputs());
            } else {
                Gradcheck.check(k.fn(), k.inputs());
            }
        }));
    }

    // ---------------------------------------------------------------- element-wise

    @TestFactory
    Stream<DynamicTest> unary() {
        List<Case> cases = new ArrayList<>();
        List<Object[]> ops = List.of(
                new Object[] {"neg", (Function<Tensor, Tensor>) Tensor::neg, any(2, 3)},
                new Object[] {"abs", (Function<Tensor, Tensor>) Tensor::abs, away(2, 3)},
                new Object[] {"sign", (Function<Tensor, Tensor>) Tensor::sign, away(2, 3)},
                new Object[] {"square", (Function<Tensor, Tensor>) Tensor::square, any(2, 3)},
                new Object[] {"exp", (Function<Tensor, Tensor>) Tensor::exp, any(2, 3)},
                new Object[] {"expm1", (Function<Tensor, Tensor>) Tensor::expm1, any(2, 3)},
                new Object[] {"log", (Function<Tensor, Tensor>) Tensor::log, positive(2, 3)},
                new Object[] {"log1p", (Function<Tensor, Tensor>) Tensor::log1p, positive(2, 3)},
                new Object[] {"log2", (Function<Tensor, Tensor>) Tensor::log2, positive(2, 3)},
                new Object[] {"sqrt", (Function<Tensor, Tensor>) Tensor::sqrt, positive(2, 3)},
                new Object[] {"rsqrt", (Function<Tensor, Tensor>) Tensor::rsqrt, positive(2, 3)},
                new Object[] {"reciprocal", (Function<Tensor, Tensor>) Tensor::reciprocal, away(2, 3)},
                new Object[] {"sin", (Function<Tensor, Tensor>) Tensor::sin, any(2, 3)},
                new Object[] {"cos", (Function<Tensor, Tensor>) Tensor::cos, any(2, 3)},
                new Object[] {"tan", (Function<Tensor, Tensor>) Tensor::tan, uniform(-1.2, 1.2, 2, 3)},
                new Object[] {"asin", (Function<Tensor, Tensor>) Tensor::asin, uniform(-0.9, 0.9, 2, 3)},
                new Object[] {"acos", (Function<Tensor, Tensor>) Tensor::acos, uniform(-0.9, 0.9, 2, 3)},
                new Object[] {"atan", (Function<Tensor, Tensor>) Tensor::atan, any(2, 3)},
                new Object[] {"sinh", (Function<Tensor, Tensor>) Tensor::sinh, any(2, 3)},
                new Object[] {"cosh", (Function<Tensor, Tensor>) Tensor::cosh, any(2, 3)},
                new Object[] {"tanh", (Function<Tensor, Tensor>) Tensor::tanh, any(2, 3)},
                new Object[] {"asinh", (Function<Tensor, Tensor>) Tensor::asinh, any(2, 3)},
                new Object[] {"acosh", (Function<Tensor, Tensor>) Tensor::acosh, uniform(1.2, 3, 2, 3)},
                new Object[] {"atanh", (Function<Tensor, Tensor>) Tensor::atanh, uniform(-0.9, 0.9, 2, 3)},
                new Object[] {"sigmoid", (Function<Tensor, Tensor>) Tensor::sigmoid, any(2, 3)},
                new Object[] {"erf", (Function<Tensor, Tensor>) Tensor::erf, any(2, 3)},
                new Object[] {"relu", (Function<Tensor, Tensor>) Tensor::relu, away(2, 3)},
                new Object[] {"silu", (Function<Tensor, Tensor>) Tensor::silu, any(2, 3)},
                new Object[] {"mish", (Function<Tensor, Tensor>) Tensor::mish, any(2, 3)},
                new Object[] {"gelu", (Function<Tensor, Tensor>) x -> x.gelu(false), any(2, 3)},
                new Object[] {"gelu_tanh", (Function<Tensor, Tensor>) x -> x.gelu(true), any(2, 3)},
                new Object[] {"softplus", (Function<Tensor, Tensor>) x -> x.apply(UnaryOp.SOFTPLUS), uniform(-3, 25, 2, 3)},
                // piecewise constant: a zero gradient away from the steps
                new Object[] {"floor", (Function<Tensor, Tensor>) Tensor::floor, of(0.3, 1.2, -0.7, -2.2)},
                new Object[] {"ceil", (Function<Tensor, Tensor>) Tensor::ceil, of(0.3, 1.2, -0.7, -2.2)},
                new Object[] {"round", (Function<Tensor, Tensor>) Tensor::round, of(0.3, 1.2, -0.7, -2.2)},
                new Object[] {"trunc", (Function<Tensor, Tensor>) Tensor::trunc, of(0.3, 1.2, -0.7, -2.2)});
        for (Object[] op : ops) {
            @SuppressWarnings("unchecked")
            Function<Tensor, Tensor> f = (Function<Tensor, Tensor>) op[1];
            cases.add(c((String) op[0], in -> f.apply(in.get(0)), (Tensor) op[2]));
        }
        cases.add(c("exp_of_transposed", in -> in.get(0).t().exp(), any(3, 2)));
        return run(cases);
    }

    @TestFactory
    Stream<DynamicTest> binary() {
        List<Case> cases = new ArrayList<>();
        List<Object[]> ops = List.of(
                new Object[] {"add", (Bin) Tensor::add}, new Object[] {"sub", (Bin) Tensor::sub},
                new Object[] {"mul", (Bin) Tensor::mul}, new Object[] {"div", (Bin) Tensor::div},
                new Object[] {"maximum", (Bin) Tensor::maximum}, new Object[] {"minimum", (Bin) Tensor::minimum},
                new Object[] {"atan2", (Bin) Tensor::atan2});
        for (Object[] op : ops) {
            Bin f = (Bin) op[1];
            String name = (String) op[0];
            boolean divides = name.equals("div");
            cases.add(c(name + "_2x3_3", in -> f.apply(in.get(0), in.get(1)), any(2, 3), divides ? away(3) : any(3)));
            cases.add(c(name + "_2x1_1x3", in -> f.apply(in.get(0), in.get(1)), any(2, 1), divides ? away(1, 3) : any(1, 3)));
            cases.add(c(name + "_0d", in -> f.apply(in.get(0), in.get(1)), any(2, 3),
                    (divides ? away(1) : any(1)).detach().reshape().requiresGrad_(true)));
        }
        cases.add(c("pow", in -> in.get(0).pow(in.get(1)), positive(2, 3), any(3)));
        cases.add(c("pow_broadcast", in -> in.get(0).pow(in.get(1)), positive(2, 1), any(1, 3)));
        cases.add(c("remainder", in -> in.get(0).remainder(in.get(1)), uniform(2.1, 2.3, 2, 3), uniform(1.5, 1.6, 3)));
        cases.add(c("fmod", in -> in.get(0).fmod(in.get(1)), uniform(-2.3, -2.1, 2, 3), uniform(1.5, 1.6, 3)));
        cases.add(c("add_alpha", in -> in.get(0).add(in.get(1), -2.5), any(2, 3), any(3)));
        cases.add(c("add_scalar", in -> in.get(0).add(2.0), any(2, 3)));
        cases.add(c("sub_scalar", in -> in.get(0).sub(1.5), any(2, 3)));
        cases.add(c("rsub_scalar", in -> in.get(0).rsub(1.5), any(2, 3)));
        cases.add(c("mul_scalar", in -> in.get(0).mul(-3.0), any(2, 3)));
        cases.add(c("div_scalar", in -> in.get(0).div(2.5), any(2, 3)));
        cases.add(c("pow_scalar", in -> in.get(0).pow(2.5), positive(2, 3)));
        cases.add(c("pow_integer_scalar", in -> in.get(0).pow(3.0), any(2, 3)));
        cases.add(c("pow_zero_base", in -> Tensor.zeros(DType.FLOAT64, 3).pow(in.get(0)), uniform(1.5, 2.5, 3)));
        return run(cases);
    }

    /** A binary op as a function. */
    @FunctionalInterface
    private interface Bin {
        Tensor apply(Tensor a, Tensor b);
    }

    @TestFactory
    Stream<DynamicTest> clampWhereMask() {
        Tensor x = of(-2, -0.5, 0.3, 1.5, 0.1, -1).view(2, 3).detach().requiresGrad_(true);
        Tensor lo = of(-1, -0.8, -0.7);
        Tensor hi = of(1.2, 0.05).view(2, 1).detach().requiresGrad_(true);
        Tensor cond = Tensor.of(new boolean[] {true, false, true}).view(1, 3);
        Tensor mask = Tensor.of(new boolean[] {false, true, true, false, false, true}).view(2, 3);
        return run(List.of(
                c("clamp_scalars", in -> in.get(0).clamp(-0.7, 1.0), constant(x).requiresGrad_(true)),
                c("clamp_min_only", in -> in.get(0).clamp(-0.7, null), constant(x).requiresGrad_(true)),
                c("clamp_tensors", in -> in.get(0).clamp(in.get(1), in.get(2)), x, lo, hi),
                c("clamp_tensor_max_only", in -> in.get(0).clamp((Tensor) null, in.get(1)),
                        constant(x).requiresGrad_(true), constant(hi).requiresGrad_(true)),
                c("where", in -> Tensor.where(cond, in.get(0), in.get(1)), any(2, 3), any(2, 1)),
                c("where_method", in -> in.get(0).where(cond, in.get(1)), any(2, 3), any(3)),
                c("masked_fill", in -> in.get(0).maskedFill(mask, 3.5), any(2, 3))));
    }

    // ---------------------------------------------------------------- reductions

    @TestFactory
    Stream<DynamicTest> reductions() {
        Tensor x = any(2, 3, 4);
        Tensor distinct = Tensor.arange(24).to(DType.FLOAT64).mul(0.37).sin().view(2, 3, 4).requiresGrad_(true);
        Tensor oneZero = of(2, 0, 3, 0.5, 1.5, -2, 0, 0, 4).view(3, 3).detach().requiresGrad_(true);
        return run(List.of(
                c("sum", in -> in.get(0).sum(), fresh(x)),
                c("sum_dim", in -> in.get(0).sum(1, false), fresh(x)),
                c("sum_dims_keepdim", in -> in.get(0).sum(new int[] {0, 2}, true), fresh(x)),
                c("mean", in -> in.get(0).mean(), fresh(x)),
                c("mean_dims", in -> in.get(0).mean(new int[] {-1, 0}, false), fresh(x)),
                c("prod", in -> in.get(0).prod(), positive(2, 3)),
                c("prod_dim", in -> in.get(0).prod(1, true), fresh(x)),
                c("prod_with_zeros", in -> in.get(0).prod(1, false), oneZero),
                c("prod_all_with_a_zero", in -> in.get(0).prod(), of(2, 0, 3, 0.5)),
                c("max", in -> in.get(0).max(), fresh(distinct)),
                c("min", in -> in.get(0).min(), fresh(distinct)),
                c("max_dim_values", in -> in.get(0).max(1, false).values(), fresh(distinct)),
                c("min_dim_values", in -> in.get(0).min(-1, true).values(), fresh(distinct)),
                c("amax", in -> in.get(0).amax(new int[] {0, 2}, false), fresh(distinct)),
                c("amin", in -> in.get(0).amin(new int[] {1}, true), fresh(distinct)),
                c("var", in -> in.get(0).var(new int[] {1}, 1, false), fresh(x)),
                c("var_all_biased", in -> in.get(0).var(new int[0], 0, false), fresh(x)),
                c("std", in -> in.get(0).std(new int[] {0, 2}, 1, true), fresh(x)),
                c("logsumexp", in -> in.get(0).logsumexp(new int[] {2}, false), fresh(x)),
                c("logsumexp_all", in -> in.get(0).logsumexp(new int[0], false), fresh(x)),
                c("norm_1", in -> in.get(0).norm(1, new int[] {1}, false), away(2, 3, 4)),
                c("norm_2", in -> in.get(0).norm(2), fresh(x)),
                c("norm_2_dims", in -> in.get(0).norm(2, new int[] {0, 2}, true), fresh(x)),
                c("norm_inf", in -> in.get(0).norm(Double.POSITIVE_INFINITY, new int[] {2}, false), fresh(distinct)),
                c("norm_3", in -> in.get(0).norm(3, new int[] {1}, false), away(2, 3, 4)),
                c("norm_half", in -> in.get(0).norm(0.5), away(2, 3)),
                c("cumsum", in -> in.get(0).cumsum(1), fresh(x)),
                c("cumsum_last", in -> in.get(0).cumsum(-1), fresh(x)),
                c("cumprod", in -> in.get(0).cumprod(2), away(2, 3, 4)),
                c("cumprod_with_zero", in -> in.get(0).cumprod(1), oneZero)));
    }

    private static Tensor fresh(Tensor t) {
        return constant(t).requiresGrad_(true);
    }

    // ---------------------------------------------------------------- views

    @TestFactory
    Stream<DynamicTest> views() {
        Tensor x = any(2, 3, 4);
        return run(List.of(
                c("view", in -> in.get(0).view(4, 6), fresh(x)),
                c("reshape_view", in -> in.get(0).reshape(-1, 2), fresh(x)),
                c("reshape_copy", in -> in.get(0).permute(2, 0, 1).reshape(4, 6), fresh(x)),
                c("permute", in -> in.get(0).permute(1, 2, 0), fresh(x)),
                c("transpose", in -> in.get(0).transpose(0, -1), fresh(x)),
                c("t", in -> in.get(0).t(), any(2, 3)),
                c("movedim", in -> in.get(0).movedim(0, 2), fresh(x)),
                c("expand", in -> in.get(0).expand(2, 3, 4), any(3, 1)),
                c("expand_as", in -> in.get(0).expandAs(Tensor.zeros(2, 3)), any(1, 3)),
                c("narrow", in -> in.get(0).narrow(1, 1, 2), fresh(x)),
                c("slice_step", in -> in.get(0).slice(2, -3, 4, 2), fresh(x)),
                c("select", in -> in.get(0).select(1, -1), fresh(x)),
                c("squeeze", in -> in.get(0).squeeze(), any(1, 3, 1, 2)),
                c("squeeze_dim", in -> in.get(0).squeeze(2), any(1, 3, 1, 2)),
                c("unsqueeze", in -> in.get(0).unsqueeze(1), any(2, 3)),
                c("flatten", in -> in.get(0).flatten(), fresh(x)),
                c("flatten_range", in -> in.get(0).flatten(1, 2), fresh(x)),
                c("unflatten", in -> in.get(0).unflatten(2, 2, 2), fresh(x)),
                c("as_strided", in -> in.get(0).asStrided(new long[] {3, 3}, new long[] {4, 1}, 2), fresh(x)),
                c("unfold", in -> in.get(0).unfold(2, 3, 1), fresh(x)),
                c("split", in -> weighted(in.get(0).split(3, 2), 2), fresh(x)),
                c("split_sizes", in -> weighted(in.get(0).split(new long[] {1, 2}, 1), 1), fresh(x)),
                c("chunk", in -> weighted(in.get(0).chunk(2, 0), 0), fresh(x)),
                c("unbind", in -> Tensor.stack(weightedList(in.get(0).unbind(1)), 0), fresh(x)),
                c("contiguous", in -> in.get(0).permute(2, 1, 0).contiguous(), fresh(x)),
                c("clone", in -> in.get(0).clone(), fresh(x)),
                c("to_same_dtype", in -> in.get(0).to(DType.FLOAT64).mul(2.0), fresh(x))));
    }

    /** The pieces multiplied by 1, 2, 3, ... and concatenated again: every piece's gradient differs. */
    private static Tensor weighted(List<Tensor> pieces, int dim) {
        return Tensor.cat(weightedList(pieces), dim);
    }

    private static List<Tensor> weightedList(List<Tensor> pieces) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            out.add(pieces.get(i).mul(i + 1.0));
        }
        return out;
    }

    /** Float32 rounding in the middle needs a larger step and tolerance than the default check. */
    @Test
    void dtypeRoundTrip() {
        Tensor x = any(2, 3);
        Gradcheck.check(in -> in.get(0).to(DType.FLOAT32).mul(2.0).to(DType.FLOAT64), 1e-3, 1e-3, 1e-3, x);
        Gradcheck.check(in -> in.get(0).to(DType.FLOAT16).to(DType.FLOAT64), 1e-1, 1e-2, 1e-2, fresh(x));
    }

    // ---------------------------------------------------------------- indexing

    @TestFactory
    Stream<DynamicTest> indexing() {
        Tensor x = any(3, 4);
        Tensor index = Tensor.of(new long[] {2, 0, 1, 0, 1, 2}).view(2, 3);
        Tensor unique = Tensor.of(new long[] {2, 0, 1, 1, 2, 0}).view(2, 3);
        Tensor rows = Tensor.of(new long[] {2, 0, 2});
        Tensor mask = Tensor.of(new boolean[] {true, false, false, true});
        Tensor distinct = Tensor.arange(12).to(DType.FLOAT64).mul(0.61).cos().view(3, 4).requiresGrad_(true);
        return run(List.of(
                c("gather", in -> in.get(0).gather(0, index), fresh(x)),
                c("gather_dim1", in -> in.get(0).gather(1, index.slice(1, 0, 2, 1)), fresh(x)),
                c("scatter", in -> in.get(0).scatter(0, unique, in.get(1)), fresh(x), any(2, 3)),
                c("scatter_larger_src", in -> in.get(0).scatter(1, unique.slice(1, 0, 2, 1), in.get(1)), fresh(x), any(3, 3)),
                c("scatter_add", in -> in.get(0).scatterAdd(0, index, in.get(1)), fresh(x), any(2, 3)),
                c("index_select", in -> in.get(0).indexSelect(0, rows), fresh(x)),
                c("index_select_dim1", in -> in.get(0).indexSelect(-1, rows), fresh(x)),
                c("index_add", in -> in.get(0).indexAdd(0, rows, in.get(1)), fresh(x), any(3, 4)),
                c("masked_select", in -> in.get(0).maskedSelect(mask), fresh(x)),
                c("sort", in -> in.get(0).sort(1, false).values(), fresh(distinct)),
                c("sort_descending", in -> in.get(0).sort(0, true).values(), fresh(distinct)),
                c("topk", in -> in.get(0).topk(2, 1, true).values(), fresh(distinct)),
                c("topk_smallest", in -> in.get(0).topk(2, 0, false).values(), fresh(distinct)),
                c("cat", in -> Tensor.cat(List.of(in.get(0), in.get(1), in.get(2)), 1), any(2, 3), any(2, 1), any(2, 2)),
                c("cat_promoting", in -> Tensor.cat(List.of(in.get(0), Tensor.ones(DType.FLOAT32, 1, 3)), 0), any(2, 3)),
                c("stack", in -> Tensor.stack(List.of(in.get(0), in.get(1)), -1), any(2, 3), any(2, 3)),
                c("repeat", in -> in.get(0).repeat(2, 1, 3), any(2, 2)),
                c("flip", in -> in.get(0).flip(0, -1), fresh(x)),
                c("roll", in -> in.get(0).roll(new long[] {1, -3}, new int[] {0, 1}), fresh(x)),
                c("roll_flat", in -> in.get(0).roll(new long[] {5}, new int[0]), fresh(x)),
                c("tril", in -> in.get(0).tril(1), fresh(x)),
                c("triu", in -> in.get(0).triu(-1), any(2, 3, 3)),
                c("masked_scatter", in -> in.get(0).maskedScatter(mask, in.get(1)), fresh(x), any(2, 5))));
    }

    // ---------------------------------------------------------------- matmul

    @TestFactory
    Stream<DynamicTest> matmul() {
        return run(List.of(
                c("dot", in -> in.get(0).matmul(in.get(1)), any(3), any(3)),
                c("matrix_vector", in -> in.get(0).matmul(in.get(1)), any(2, 3), any(3)),
                c("vector_matrix", in -> in.get(0).matmul(in.get(1)), any(3), any(3, 2)),
                c("matrix_matrix", in -> in.get(0).matmul(in.get(1)), any(2, 3), any(3, 2)),
                c("batched_broadcast", in -> in.get(0).matmul(in.get(1)), any(2, 1, 2, 3), any(3, 3, 2)),
                c("batch_times_vector", in -> in.get(0).matmul(in.get(1)), any(2, 2, 3), any(3)),
                c("batch_times_matrix", in -> in.get(0).matmul(in.get(1)), any(2, 2, 3), any(3, 2)),
                c("strided_batch_times_matrix", in -> in.get(0).transpose(0, 1).matmul(in.get(1)), any(2, 2, 3),
                        any(3, 2)),
                c("transposed_operand", in -> in.get(0).t().matmul(in.get(1)), any(3, 2), any(3, 2)),
                c("mm", in -> in.get(0).mm(in.get(1)), any(2, 3), any(3, 2)),
                c("bmm", in -> in.get(0).bmm(in.get(1)), any(2, 2, 3), any(2, 3, 2))));
    }

    // ---------------------------------------------------------------- in place under autograd

    @TestFactory
    Stream<DynamicTest> inPlace() {
        Tensor mask = Tensor.of(new boolean[] {true, false, true});
        return run(List.of(
                c("mul_add", in -> in.get(0).clone().mul_(in.get(1)).add_(in.get(0)), any(2, 3), any(3)),
                c("sub_div", in -> in.get(0).mul(1.0).sub_(in.get(1)).div_(in.get(1)), any(2, 3), away(3)),
                c("scalar_ops", in -> in.get(0).clone().mul_(3.0).add_(1.0).sub_(0.5).div_(2.0), any(2, 3)),
                c("add_alpha", in -> in.get(0).clone().add_(in.get(1), 0.5), any(2, 3), any(2, 3)),
                c("addcmul_addcdiv", in -> in.get(0).clone().addcmul_(in.get(1), in.get(2), 2.0)
                        .addcdiv_(in.get(1), in.get(2), -1.0), any(2, 3), any(3), away(2, 3)),
                c("clamp_", in -> in.get(0).clone().clamp_(-0.5, 0.5), of(-1, -0.2, 0.3, 0.9)),
                c("masked_fill_", in -> in.get(0).clone().maskedFill_(mask, 2.0), any(2, 3)),
                c("copy_", in -> Tensor.zeros(DType.FLOAT64, 2, 3).copy_(in.get(0)), any(3)),
                c("view_mul_", in -> {
                    Tensor y = in.get(0).mul(1.0);
                    y.narrow(1, 1, 2).mul_(in.get(1));
                    return y;
                }, any(2, 3), any(2)),
                c("view_copy_", in -> {
                    Tensor z = Tensor.zeros(DType.FLOAT64, 3, 3);
                    z.select(0, 1).copy_(in.get(0).exp());
                    return z.mul(in.get(1));
                }, any(3), any(3, 3)),
                c("older_view_after_change", in -> {
                    Tensor y = in.get(0).mul(2.0);
                    Tensor older = y.select(0, 0);
                    y.narrow(1, 0, 1).fill_(0);
                    return older.add(y.sum());
                }, any(2, 3))));
    }

    @Test
    void gradcheckCatchesAWrongGradient() {
        Tensor x = any(3);
        Function<List<Tensor>, Tensor> wrong = in -> Autograd.record("Wrong", in.get(0).detach().mul(2.0),
                new Tensor[] {in.get(0)}, g -> new Tensor[] {g.mul(3.0)});
        assertThrows(AssertionError.class, () -> Gradcheck.check(wrong, x));
    }
}
