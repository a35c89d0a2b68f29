package dev.arbor.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.UnaryOp;
import dev.arbor.ops.Elementwise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares Arbor's ops with PyTorch's results for the same inputs, case by case, from the fixtures
 * {@code engine/src/test/python/make_op_fixtures.py} writes (see {@link OpFixtures}). Where PyTorch
 * raised an error, Arbor must raise one too. Floating results agree within a tolerance per dtype:
 * a few units in the last place for element-wise ops (PyTorch computes in the type itself with
 * vectorised approximations, Arbor in double and rounds once), more for reductions, which sum in a
 * different order.
 */
class OpFixtureTest {
    private static final OpFixtures FIX = OpFixtures.load();

    /** An op under test: the inputs and arguments of a case to Arbor's result. */
    @FunctionalInterface
    interface Op {
        Object run(List<Tensor> in, Map<String, Object> args);
    }

    // ---------------------------------------------------------------- the op tables

    private static final Map<String, Function<Tensor, Tensor>> UNARY = Map.ofEntries(
            Map.entry("neg", Tensor::neg), Map.entry("abs", Tensor::abs), Map.entry("sign", Tensor::sign),
            Map.entry("square", Tensor::square), Map.entry("exp", Tensor::exp), Map.entry("expm1", Tensor::expm1),
            Map.entry("log", Tensor::log), Map.entry("log1p", Tensor::log1p), Map.entry("log2", Tensor::log2),
            Map.entry("sqrt", Tensor::sqrt), Map.entry("rsqrt", Tensor::rsqrt),
            Map.entry("reciprocal", Tensor::reciprocal), Map.entry("sin", Tensor::sin), Map.entry("cos", Tensor::cos),
            Map.entry("tan", Tensor::tan), Map.entry("asin", Tensor::asin), Map.entry("acos", Tensor::acos),
            Map.entry("atan", Tensor::atan), Map.entry("sinh", Tensor::sinh), Map.entry("cosh", Tensor::cosh),
            Map.entry("tanh", Tensor::tanh), Map.entry("asinh", Tensor::asinh), Map.entry("acosh", Tensor::acosh),
            Map.entry("atanh", Tensor::atanh), Map.entry("sigmoid", Tensor::sigmoid), Map.entry("erf", Tensor::erf),
            Map.entry("relu", Tensor::relu), Map.entry("silu", Tensor::silu), Map.entry("mish", Tensor::mish),
            Map.entry("floor", Tensor::floor), Map.entry("ceil", Tensor::ceil), Map.entry("round", Tensor::round),
            Map.entry("trunc", Tensor::trunc), Map.entry("isnan", Tensor::isnan), Map.entry("isinf", Tensor::isinf),
            Map.entry("logicalNot", Tensor::logicalNot), Map.entry("bitwiseNot", Tensor::bitwiseNot),
            Map.entry("gelu", x -> x.gelu(false)), Map.entry("geluTanh", x -> x.gelu(true)),
            Map.entry("softplus", x -> x.apply(UnaryOp.SOFTPLUS)));

    private static final Map<String, BiFunction<Tensor, Tensor, Tensor>> BINARY = Map.ofEntries(
            Map.entry("add", Tensor::add), Map.entry("sub", Tensor::sub), Map.entry("mul", Tensor::mul),
            Map.entry("div", Tensor::div), Map.entry("pow", Tensor::pow), Map.entry("maximum", Tensor::maximum),
            Map.entry("minimum", Tensor::minimum), Map.entry("remainder", Tensor::remainder),
            Map.entry("fmod", Tensor::fmod), Map.entry("floorDivide", Tensor::floorDivide),
            Map.entry("atan2", Tensor::atan2), Map.entry("eq", Tensor::eq), Map.entry("ne", Tensor::ne),
            Map.entry("lt", Tensor::lt), Map.entry("le", Tensor::le), Map.entry("gt", Tensor::gt),
            Map.entry("ge", Tensor::ge), Map.entry("logicalAnd", Tensor::logicalAnd),
            Map.entry("logicalOr", Tensor::logicalOr), Map.entry("logicalXor", Tensor::logicalXor),
            Map.entry("bitwiseAnd", Tensor::bitwiseAnd), Map.entry("bitwiseOr", Tensor::bitwiseOr),
            Map.entry("bitwiseXor", Tensor::bitwiseXor));

    private static final Map<String, BiFunction<Tensor, Double, Tensor>> SCALAR = Map.ofEntries(
            Map.entry("add", Tensor::add), Map.entry("sub", Tensor::sub), Map.entry("mul", Tensor::mul),
            Map.entry("div", Tensor::div), Map.entry("pow", Tensor::pow), Map.entry("rsub", Tensor::rsub),
            Map.entry("eq", Tensor::eq), Map.entry("ne", Tensor::ne), Map.entry("lt", Tensor::lt),
            Map.entry("le", Tensor::le), Map.entry("gt", Tensor::gt), Map.entry("ge", Tensor::ge));

    private static final Map<String, Op> REDUCE = Map.ofEntries(
            Map.entry("sum", (in, a) -> in.get(0).sum(ints(a, "dims"), bool(a, "keepdim"))),
            Map.entry("mean", (in, a) -> in.get(0).mean(ints(a, "dims"), bool(a, "keepdim"))),
            Map.entry("amax", (in, a) -> in.get(0).amax(ints(a, "dims"), bool(a, "keepdim"))),
            Map.entry("amin", (in, a) -> in.get(0).amin(ints(a, "dims"), bool(a, "keepdim"))),
            Map.entry("any", (in, a) -> ints(a, "dims").length == 0 ? in.get(0).any()
                    : in.get(0).any(ints(a, "dims")[0], bool(a, "keepdim"))),
            Map.entry("all", (in, a) -> ints(a, "dims").length == 0 ? in.get(0).all()
                    : in.get(0).all(ints(a, "dims")[0], bool(a, "keepdim"))),
            Map.entry("var", (in, a) -> in.get(0).var(ints(a, "dims"), num(a, "correction"), bool(a, "keepdim"))),
            Map.entry("std", (in, a) -> in.get(0).std(ints(a, "dims"), num(a, "correction"), bool(a, "keepdim"))),
            Map.entry("logsumexp", (in, a) -> in.get(0).logsumexp(ints(a, "dims"), bool(a, "keepdim"))),
            Map.entry("norm", (in, a) -> in.get(0).norm(num(a, "p"), ints(a, "dims"), bool(a, "keepdim"))),
            Map.entry("maxDim", (in, a) -> in.get(0).max(integer(a, "dim"), bool(a, "keepdim"))),
            Map.entry("minDim", (in, a) -> in.get(0).min(integer(a, "dim"), bool(a, "keepdim"))),
            Map.entry("argmax", (in, a) -> in.get(0).argmax(integer(a, "dim"), bool(a, "keepdim"))),
            Map.entry("argmin", (in, a) -> in.get(0).argmin(integer(a, "dim"), bool(a, "keepdim"))),
            Map.entry("argmaxAll", (in, a) -> in.get(0).argmax()),
            Map.entry("argminAll", (in, a) -> in.get(0).argmin()),
            Map.entry("cumsum", (in, a) -> in.get(0).cumsum(integer(a, "dim"))),
            Map.entry("cumprod", (in, a) -> in.get(0).cumprod(integer(a, "dim"))),
            Map.entry("prod", (in, a) -> in.get(0).prod(integer(a, "dim"), bool(a, "keepdim"))),
            Map.entry("prodAll", (in, a) -> in.get(0).prod()),
            Map.entry("sort", (in, a) -> in.get(0).sort(integer(a, "dim"), bool(a, "descending"))));

    private static final Map<String, Op> VIEW = Map.ofEntries(
            Map.entry("view", (in, a) -> in.get(0).view(longs(a, "shape"))),
            Map.entry("reshape", (in, a) -> in.get(0).reshape(longs(a, "shape"))),
            Map.entry("permute", (in, a) -> in.get(0).permute(ints(a, "dims"))),
            Map.entry("transpose", (in, a) -> in.get(0).transpose(integer(a, "dim0"), integer(a, "dim1"))),
            Map.entry("t", (in, a) -> in.get(0).t()),
            Map.entry("expand", (in, a) -> in.get(0).expand(longs(a, "sizes"))),
            Map.entry("narrow", (in, a) -> in.get(0).narrow(integer(a, "dim"), lng(a, "start"), lng(a, "length"))),
            Map.entry("slice", (in, a) -> in.get(0).slice(integer(a, "dim"), lng(a, "start"), lng(a, "end"),
                    lng(a, "step"))),
            Map.entry("select", (in, a) -> in.get(0).select(integer(a, "dim"), lng(a, "index"))),
            Map.entry("squeeze", (in, a) -> a.containsKey("dim") ? in.get(0).squeeze(integer(a, "dim"))
                    : in.get(0).squeeze()),
            Map.entry("unsqueeze", (in, a) -> in.get(0).unsqueeze(integer(a, "dim"))),
            Map.entry("flatten", (in, a) -> a.containsKey("start")
                    ? in.get(0).flatten(integer(a, "start"), integer(a, "end")) : in.get(0).flatten()),
            Map.entry("unflatten", (in, a) -> in.get(0).unflatten(integer(a, "dim"), longs(a, "sizes"))),
            Map.entry("unfold", (in, a) -> in.get(0).unfold(integer(a, "dim"), lng(a, "size"), lng(a, "step"))),
            Map.entry("split", (in, a) -> in.get(0).split(lng(a, "size"), integer(a, "dim"))),
            Map.entry("splitSizes", (in, a) -> in.get(0).split(longs(a, "sizes"), integer(a, "dim"))),
            Map.entry("chunk", (in, a) -> in.get(0).chunk(integer(a, "chunks"), integer(a, "dim"))),
            Map.entry("movedim", (in, a) -> in.get(0).movedim(integer(a, "source"), integer(a, "destination"))),
            Map.entry("unbind", (in, a) -> in.get(0).unbind(integer(a, "dim"))),
            Map.entry("asStrided", (in, a) -> in.get(0).asStrided(longs(a, "size"), longs(a, "stride"),
                    lng(a, "offset"))),
            Map.entry("contiguous", (in, a) -> in.get(0).contiguous()));

    private static final Map<String, Op> INDEX = Map.ofEntries(
            Map.entry("gather", (in, a) -> in.get(0).gather(integer(a, "dim"), in.get(1))),
            Map.entry("scatter", (in, a) -> in.get(0).scatter(integer(a, "dim"), in.get(1), in.get(2))),
            Map.entry("scatterAdd", (in, a) -> in.get(0).scatterAdd(integer(a, "dim"), in.get(1), in.get(2))),
            Map.entry("indexSelect", (in, a) -> in.get(0).indexSelect(integer(a, "dim"), in.get(1))),
            Map.entry("indexAdd", (in, a) -> in.get(0).indexAdd(integer(a, "dim"), in.get(1), in.get(2))),
            Map.entry("maskedFill", (in, a) -> in.get(0).maskedFill(in.get(1), num(a, "value"))),
            Map.entry("maskedSelect", (in, a) -> in.get(0).maskedSelect(in.get(1))),
            Map.entry("cat", (in, a) -> Tensor.cat(in, integer(a, "dim"))),
            Map.entry("stack", (in, a) -> Tensor.stack(in, integer(a, "dim"))),
            Map.entry("repeat", (in, a) -> in.get(0).repeat(longs(a, "repeats"))),
            Map.entry("sort", (in, a) -> in.get(0).sort(integer(a, "dim"), bool(a, "descending"))),
            Map.entry("argsort", (in, a) -> in.get(0).argsort(integer(a, "dim"), bool(a, "descending"))),
            Map.entry("topk", (in, a) -> in.get(0).topk(lng(a, "k"), integer(a, "dim"), bool(a, "largest"))),
            Map.entry("where", (in, a) -> Tensor.where(in.get(0), in.get(1), in.get(2))),
            Map.entry("flip", (in, a) -> in.get(0).flip(ints(a, "dims"))),
            Map.entry("roll", (in, a) -> in.get(0).roll(longs(a, "shifts"), ints(a, "dims"))),
            Map.entry("tril", (in, a) -> in.get(0).tril(lng(a, "diagonal"))),
            Map.entry("triu", (in, a) -> in.get(0).triu(lng(a, "diagonal"))),
            Map.entry("nonzero", (in, a) -> in.get(0).nonzero()),
            Map.entry("argwhere", (in, a) -> in.get(0).argwhere()),
            Map.entry("maskedScatter", (in, a) -> in.get(0).maskedScatter(in.get(1), in.get(2))));

    private static final Map<String, Op> MATMUL = Map.of(
            "matmul", (in, a) -> in.get(0).matmul(in.get(1)),
            "mm", (in, a) -> in.get(0).mm(in.get(1)),
            "bmm", (in, a) -> in.get(0).bmm(in.get(1)));

    private static final Map<String, Op> CREATE = Map.of(
            "arange", (in, a) -> Tensor.arange(num(a, "start"), num(a, "end"), num(a, "step"), dtype(a)),
            "linspace", (in, a) -> Tensor.linspace(num(a, "start"), num(a, "end"), lng(a, "steps"), dtype(a)),
            "eye", (in, a) -> Tensor.eye(lng(a, "n"), lng(a, "m"), dtype(a)),
            "full", (in, a) -> Tensor.full((Number) a.get("value"), dtype(a), longs(a, "shape")));

    // ---------------------------------------------------------------- the tests

    @TestFactory
    Stream<DynamicTest> unary() {
        return run("unary", (in, a) -> UNARY.get(opOf(a)).apply(transposed(in.get(0), a)));
    }

    @TestFactory
    Stream<DynamicTest> binary() {
        return run("binary", (in, a) -> BINARY.get(opOf(a)).apply(transposed(in.get(0), a), in.get(1)));
    }

    @TestFactory
    Stream<DynamicTest> scalar() {
        return run("scalar", (in, a) -> SCALAR.get(opOf(a)).apply(in.get(0), num(a, "scalar")));
    }

    @TestFactory
    Stream<DynamicTest> cast() {
        return run("cast", (in, a) -> in.get(0).to(dtype(a)));
    }

    @TestFactory
    Stream<DynamicTest> reduce() {
        return run("reduce", (in, a) -> REDUCE.get(opOf(a)).run(in, a));
    }

    @TestFactory
    Stream<DynamicTest> views() {
        return run("view", (in, a) -> VIEW.get(opOf(a)).run(List.of(prepared(in.get(0), a)), a));
    }

    @TestFactory
    Stream<DynamicTest> indexing() {
        return run("index", (in, a) -> INDEX.get(opOf(a)).run(in, a));
    }

    @TestFactory
    Stream<DynamicTest> matmul() {
        return run("matmul", (in, a) -> MATMUL.get(opOf(a)).run(in, a));
    }

    @TestFactory
    Stream<DynamicTest> creation() {
        return run("create", (in, a) -> CREATE.get(opOf(a)).run(in, a));
    }

    @TestFactory
    Stream<DynamicTest> repr() {
        return run("repr", (in, a) -> {
            Tensor x = in.get(0);
            return switch ((String) a.get("transform")) {
                case "none" -> x.toString();
                case "requires_grad" -> x.requiresGrad_(true).toString();
                case "mul2" -> x.requiresGrad_(true).mul(2.0).toString();
                case "sum" -> x.requiresGrad_(true).sum().toString();
                case "mean" -> x.requiresGrad_(true).mean().toString();
                default -> throw new AssertionError(a);
            };
        });
    }

    /** uint16/32/64 (and uint8 again) against NumPy's wrap-around arithmetic, which PyTorch 1.13 lacks. */
    @TestFactory
    Stream<DynamicTest> unsigned() {
        return run("unsigned", (in, a) -> {
            String op = opOf(a);
            if (op.equals("to")) {
                return in.get(0).to(dtype(a));
            }
            if (UNARY.containsKey(op)) {
                return UNARY.get(op).apply(in.get(0));
            }
            if (BINARY.containsKey(op)) {
                return BINARY.get(op).apply(in.get(0), in.get(1));
            }
            return REDUCE.get(op).run(in, a);
        });
    }

    /** {@code torch.result_type} for every dtype pair, with 0-d tensors and Python scalars. */
    @TestFactory
    Stream<DynamicTest> promotion() {
        return FIX.list("promotion").stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            DType a = DType.parse((String) p.get("a"));
            Tensor t = Tensor.ones(a, 2);
            Tensor z = Tensor.ones(a);
            if (p.containsKey("scalar")) {
                double s = p.get("scalar").equals("int") ? 2 : 2.5;
                assertEquals(DType.parse((String) p.get("tensor_scalar")), t.add(s).dtype(), "tensor + scalar");
                assertEquals(DType.parse((String) p.get("zerodim_scalar")), z.add(s).dtype(), "0-d tensor + scalar");
                return;
            }
            DType b = DType.parse((String) p.get("b"));
            Tensor u = Tensor.ones(b, 2);
            Tensor y = Tensor.ones(b);
            assertEquals(DType.parse((String) p.get("tensor_tensor")), Elementwise.resultType(t, u), "tensor, tensor");
            assertEquals(DType.parse((String) p.get("tensor_zerodim")), Elementwise.resultType(t, y), "tensor, 0-d");
            assertEquals(DType.parse((String) p.get("zerodim_tensor")), Elementwise.resultType(z, u), "0-d, tensor");
            assertEquals(DType.parse((String) p.get("zerodim_zerodim")), Elementwise.resultType(z, y), "0-d, 0-d");
            assertEquals(DType.parse((String) p.get("tensor_tensor")), t.add(u).dtype(), "add's dtype");
            assertEquals(DType.parse((String) p.get("tensor_zerodim")), t.mul(y).dtype(), "mul's dtype");
        }));
    }

    // ---------------------------------------------------------------- running a case

    private static final String OP_KEY = "__op";

    private static Stream<DynamicTest> run(String group, Op op) {
        return FIX.cases(group).stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            try {
                check(c, op);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(c.id() + ": " + e, e);
            }
        }));
    }

    private static void check(OpFixtures.Case c, Op op) {
        List<Tensor> in = new ArrayList<>();
        for (Object ref : c.inputs()) {
            in.add(FIX.tensor((String) ref));
        }
        Map<String, Object> args = new java.util.HashMap<>(c.args());
        args.put(OP_KEY, c.op());
        if (c.error() != null) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> op.run(in, args),
                    () -> "PyTorch raised: " + c.error());
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "the error has a message");
            return;
        }
        Object actual = op.run(in, args);
        compare(c, c.out(), actual, "");
        if (c.raw().get("shares") instanceof List<?> shares) {
            List<Tensor> outs = asList(actual);
            for (int i = 0; i < outs.size(); i++) {
                assertEquals(shares.get(i), outs.get(i).storage() == in.get(0).storage(),
                        "output " + i + " shares the input's storage as in PyTorch");
            }
        }
    }

    private static List<Tensor> asList(Object actual) {
        return switch (actual) {
            case Tensor t -> List.of(t);
            case Tensor.ValuesIndices vi -> List.of(vi.values(), vi.indices());
            case List<?> l -> l.stream().map(Tensor.class::cast).toList();
            default -> throw new AssertionError("unexpected result " + actual);
        };
    }

    private static void compare(OpFixtures.Case c, Object expected, Object actual, String where) {
        switch (expected) {
            case String ref -> {
                assertTrue(actual instanceof Tensor, where + "expected a tensor, got " + actual);
                assertClose(c, FIX.tensor(ref), (Tensor) actual, where);
            }
            case List<?> list -> {
                List<Tensor> outs = asList(actual);
                assertEquals(list.size(), outs.size(), where + "number of outputs");
                for (int i = 0; i < list.size(); i++) {
                    compare(c, list.get(i), outs.get(i), where + "output " + i + ": ");
                }
            }
            case Map<?, ?> m when m.containsKey("str") -> assertEquals(m.get("str"), actual, where + "text");
            default -> throw new AssertionError("unknown expected value " + expected);
        }
    }

    /** Equal dtype and shape; equal values for integers and bool; floats within the case's tolerance. */
    private static void assertClose(OpFixtures.Case c, Tensor expected, Tensor actual, String where) {
        assertEquals(expected.dtype(), actual.dtype(), where + "dtype");
        assertArrayEquals(expected.shape(), actual.shape(), where + "shape");
        if (!expected.dtype().isFloatingPoint()) {
            assertArrayEquals(expected.toLongArray(), actual.toLongArray(), where + "values");
            return;
        }
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double[] tol = tolerance(c, expected.dtype());
        for (int i = 0; i < e.length; i++) {
            boolean ok = Double.isNaN(e[i]) ? Double.isNaN(a[i])
                    : Double.isInfinite(e[i]) ? e[i] == a[i]
                    : Math.abs(a[i] - e[i]) <= tol[1] + tol[0] * Math.abs(e[i]);
            if (!ok) {
                throw new AssertionError(where + "element " + i + ": expected " + e[i] + " but was " + a[i]
                        + " (rtol " + tol[0] + ", atol " + tol[1] + ")\nexpected " + expected + "\nactual   " + actual);
            }
        }
    }

    /** {rtol, atol}: the case's own, or a few units in the last place of the dtype. */
    @SuppressWarnings("unchecked")
    private static double[] tolerance(OpFixtures.Case c, DType dtype) {
        if (c.raw().get("tol") instanceof Map<?, ?> t) {
            return new double[] {((Number) t.get("rtol")).doubleValue(), ((Number) t.get("atol")).doubleValue()};
        }
        boolean summed = c.group().equals("reduce") || c.group().equals("matmul");
        return switch (dtype) {
            case FLOAT64 -> new double[] {summed ? 1e-12 : 1e-13, 1e-14};
            case FLOAT32 -> new double[] {summed ? 1e-5 : 1e-6, summed ? 1e-6 : 1e-7};
            case FLOAT16 -> new double[] {2e-3, 1e-6};
            case BFLOAT16 -> new double[] {1.6e-2, 1e-6};
            default -> new double[] {0, 0};
        };
    }

    // ---------------------------------------------------------------- arguments

    private static String opOf(Map<String, Object> a) {
        return (String) a.get(OP_KEY);
    }

    private static Tensor transposed(Tensor x, Map<String, Object> a) {
        return Boolean.TRUE.equals(a.get("transpose")) ? x.t() : x;
    }

    /** Applies the view-case preparations: a permutation, a selection or a narrowing of the base. */
    private static Tensor prepared(Tensor x, Map<String, Object> a) {
        if (a.containsKey("permute")) {
            x = x.permute(ints(a, "permute"));
        }
        if (a.containsKey("select")) {
            long[] s = longs(a, "select");
            for (int i = s.length - 2; i >= 0; i -= 2) {
                x = x.select((int) s[i], s[i + 1]);
            }
        }
        if (a.containsKey("narrow")) {
            long[] n = longs(a, "narrow");
            x = x.narrow((int) n[0], n[1], n[2]);
        }
        return x;
    }

    private static int[] ints(Map<String, Object> a, String key) {
        return ((List<?>) a.get(key)).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    private static long[] longs(Map<String, Object> a, String key) {
        return ((List<?>) a.get(key)).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
    }

    private static int integer(Map<String, Object> a, String key) {
        return ((Number) a.get(key)).intValue();
    }

    private static long lng(Map<String, Object> a, String key) {
        return ((Number) a.get(key)).longValue();
    }

    private static double num(Map<String, Object> a, String key) {
        return ((Number) a.get(key)).doubleValue();
    }

    private static boolean bool(Map<String, Object> a, String key) {
        return Boolean.TRUE.equals(a.get(key));
    }

    private static DType dtype(Map<String, Object> a) {
        return DType.parse((String) a.get("dtype"));
    }
}
