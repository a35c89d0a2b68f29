package dev.arbor.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input gives a clear exception that names the op and the shapes (PyTorch's wording where it has
 * one), never a crash, an {@link OutOfMemoryError} or a silently wrong result.
 */
class BadInputTest {
    private static final Tensor A = Tensor.ones(2, 3);

    /** Asserts that {@code run} throws {@code type} with every one of {@code parts} in its message. */
    private static <T extends Throwable> void assertFails(Class<T> type, Executable run, String... parts) {
        T e = assertThrows(type, run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void shapesThatDoNotBroadcastNameBothShapesAndTheOp() {
        Tensor b = Tensor.ones(4);
        assertFails(IllegalArgumentException.class, () -> A.add(b), "add", "[2, 3]", "[4]",
                "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1");
        assertFails(IllegalArgumentException.class, () -> A.mul(Tensor.ones(3, 1)), "mul", "[2, 3]", "[3, 1]");
        assertFails(IllegalArgumentException.class, () -> A.lt(b), "lt", "[2, 3]", "[4]");
        assertFails(IllegalArgumentException.class, () -> Tensor.where(Tensor.ones(DType.BOOL, 5), A, A), "where",
                "[5]", "[2, 3]");
        assertFails(IllegalArgumentException.class, () -> A.clamp(b, null), "clamp", "[2, 3]", "[4]");
        assertFails(IllegalArgumentException.class, () -> Tensor.ones(3).add_(A), "add_", "[3]", "[2, 3]");
        assertFails(IllegalArgumentException.class, () -> Tensor.ones(3).copy_(A), "copy_", "[2, 3]", "[3]");
        assertFails(IllegalArgumentException.class, () -> A.matmul(Tensor.ones(2, 2)),
                "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x2)", "[2, 3]", "[2, 2]");
        assertFails(IllegalArgumentException.class, () -> A.matmul(Tensor.ones(7, 3, 2).transpose(1, 2)), "matmul");
        assertFails(IllegalArgumentException.class, () -> Tensor.ones(2, 2, 3).matmul(Tensor.ones(3, 3, 2)),
                "matmul", "[2, 2, 3]", "[3, 3, 2]");
        assertFails(IllegalArgumentException.class, () -> Tensor.cat(List.of(A, Tensor.ones(2, 2)), 0),
                "Sizes of tensors must match except in dimension 0", "[2, 3]", "[2, 2]");
        assertFails(IllegalArgumentException.class, () -> Tensor.stack(List.of(A, Tensor.ones(3, 2)), 0),
                "stack expects each tensor to be equal size", "[2, 3]", "[3, 2]");
        assertFails(IllegalArgumentException.class, () -> A.view(4, 2), "shape '[4, 2]' is invalid for input of size 6");
        assertFails(IllegalArgumentException.class, () -> A.t().view(6), "view size is not compatible", "[3, 2]");
        assertFails(IllegalArgumentException.class, () -> A.expand(3, 3), "The expanded size of the tensor (3) must match "
                + "the existing size (2) at non-singleton dimension 0", "[2, 3]");
    }

    @Test
    void dimensionsOutOfRangeNameTheOpAndShape() {
        String range = "Dimension out of range (expected to be in range of [-2, 1], but got 2)";
        assertFails(IndexOutOfBoundsException.class, () -> A.sum(2, false), range, "sum", "[2, 3]");
        assertFails(IndexOutOfBoundsException.class, () -> A.mean(new int[] {-3}, false),
                "Dimension out of range (expected to be in range of [-2, 1], but got -3)", "mean", "[2, 3]");
        assertFails(IndexOutOfBoundsException.class, () -> A.max(2, false), range, "max");
        assertFails(IndexOutOfBoundsException.class, () -> A.argmax(2, true), range, "argmax");
        assertFails(IndexOutOfBoundsException.class, () -> A.cumsum(2), range, "cumsum");
        assertFails(IndexOutOfBoundsException.class, () -> A.transpose(0, 2), range, "transpose");
        assertFails(IndexOutOfBoundsException.class, () -> A.select(2, 0), range, "select");
        assertFails(IndexOutOfBoundsException.class, () -> A.unsqueeze(3),
                "Dimension out of range (expected to be in range of [-3, 2], but got 3)", "unsqueeze");
        assertFails(IndexOutOfBoundsException.class, () -> A.sort(5, false), "sort", "[2, 3]");
        assertFails(IndexOutOfBoundsException.class, () -> A.gather(2, Tensor.zeros(DType.INT64, 2, 3)), "gather");
        assertFails(IndexOutOfBoundsException.class, () -> Tensor.cat(List.of(A, A), 2), "cat");
        assertFails(IllegalArgumentException.class, () -> A.sum(new int[] {1, -1}, false),
                "dim 1 appears multiple times in the list of dims");
        assertFails(IllegalArgumentException.class, () -> A.permute(0, 0), "permute(): duplicate dims are not allowed.");
        assertFails(IllegalArgumentException.class, () -> A.permute(0), "permute", "input.dim() = 2");
    }

    @Test
    void indicesOutOfBounds() {
        Tensor x = Tensor.arange(12).view(3, 4);
        assertFails(IndexOutOfBoundsException.class, () -> x.gather(1, Tensor.of(new long[] {0, 4}).view(1, 2)),
                "gather", "index 4 is out of bounds for dimension with size 4");
        assertFails(IndexOutOfBoundsException.class, () -> x.gather(0, Tensor.of(new long[] {-1}).view(1, 1)),
                "gather", "index -1 is out of bounds");
        assertFails(IndexOutOfBoundsException.class, () -> x.indexSelect(0, Tensor.of(new long[] {3})),
                "index_select", "index 3 is out of bounds for dimension with size 3");
        assertFails(IndexOutOfBoundsException.class, () -> x.scatter(0, Tensor.of(new long[] {5}).view(1, 1), x),
                "scatter", "index 5");
        assertFails(IndexOutOfBoundsException.class, () -> x.indexAdd(1, Tensor.of(new long[] {9}), x.narrow(1, 0, 1)),
                "index_add", "index 9");
        assertFails(IndexOutOfBoundsException.class, () -> x.select(1, 4),
                "select(): index 4 out of range for tensor of size [3, 4] at dimension 1");
        assertFails(IndexOutOfBoundsException.class, () -> x.narrow(0, 5, 1), "narrow", "start out of range", "[3, 4]");
        assertFails(IllegalArgumentException.class, () -> x.narrow(0, 2, 2),
                "start (2) + length (2) exceeds dimension size (3).");
        assertFails(IndexOutOfBoundsException.class, () -> x.get(0, 4), "index 4 is out of bounds for dimension 1 with size 4");
        assertFails(IllegalArgumentException.class, () -> x.gather(1, Tensor.zeros(3, 4)),
                "gather(): Expected dtype int64 for index");
        assertFails(IllegalArgumentException.class, () -> x.topk(5, 1, true), "topk", "k (5) out of range");
    }

    @Test
    void wrongDtypesAreRefused() {
        assertFails(IllegalArgumentException.class, () -> A.bitwiseAnd(A), "bitwise", "float");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(3).mean(),
                "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: int64");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(3).norm(2),
                "linalg.vector_norm: Expected a floating point or complex tensor as input. Got int64");
        assertFails(IllegalArgumentException.class, () -> Tensor.ones(DType.BOOL, 2).neg(),
                "Negation, the `-` operator, on a bool tensor is not supported.");
        assertFails(IllegalArgumentException.class, () -> Tensor.ones(DType.BOOL, 2).sub(Tensor.ones(DType.BOOL, 2)),
                "Subtraction, the `-` operator, with two bool tensors is not supported.");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(3).pow(-1.0),
                "Integers to negative integer powers are not allowed.");
        assertFails(IllegalArgumentException.class, () -> A.matmul(Tensor.ones(DType.FLOAT64, 3, 2)),
                "expected m1 and m2 to have the same dtype, but got: float32 != float64");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(3).add_(Tensor.ones(3)),
                "result type float32 can't be cast to the desired output type int64");
        assertFails(ArithmeticException.class, () -> Tensor.arange(3).floorDivide(Tensor.zeros(DType.INT64, 3)),
                "ZeroDivisionError", "floor_divide", "[3]");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(3).std(new int[0], 1, false),
                "std and var only support floating point and complex dtypes");
        Tensor p = Tensor.ones(2).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, () -> p.setGrad(Tensor.ones(DType.FLOAT64, 2)),
                "assigned grad has data of a different type");
        assertFails(IllegalArgumentException.class, () -> p.setGrad(Tensor.ones(3)),
                "assigned grad has data of a different size");
        assertFails(IllegalArgumentException.class, () -> Tensor.randn(new Generator(1), DType.INT64, 2),
                "randn is only implemented for floating point types");
        assertFails(IllegalArgumentException.class, () -> DType.parse("complex64"), "unknown dtype 'complex64'");
    }

    @Test
    void tensorsOnDifferentDevicesAreRefusedWithPyTorchsMessage() {
        Storage elsewhere = new Storage() {
            @Override
            public Device device() {
                return Device.cuda(0);
            }

            @Override
            public long byteSize() {
                return 24;
            }
        };
        Tensor remote = Tensor.wrap(elsewhere, DType.FLOAT32, new long[] {2, 3}, new long[] {3, 1}, 0);
        String message = "Expected all tensors to be on the same device, but found at least two devices, cpu and cuda:0!";
        assertFails(IllegalArgumentException.class, () -> A.add(remote), message, "add");
        assertFails(IllegalArgumentException.class, () -> A.matmul(remote.t()), message, "matmul");
        assertFails(IllegalArgumentException.class, () -> Tensor.where(Tensor.ones(DType.BOOL, 3), A, remote), message,
                "where");
        assertFails(IllegalArgumentException.class, () -> Tensor.cat(List.of(A, remote), 0), message, "cat");
        assertFails(IllegalArgumentException.class, () -> A.gather(0, Tensor.wrap(elsewhere, DType.INT64,
                new long[] {1, 3}, new long[] {3, 1}, 0)), message, "gather");
        assertFails(IllegalStateException.class, () -> A.to(Device.parse("tpu:0")), "no backend for device type 'tpu'");
    }

    @Test
    void hugeAndNegativeShapesFailClearlyWithoutOutOfMemoryError() {
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(1L << 40, 1L << 40),
                "a float32 tensor of shape [1099511627776, 1099511627776] is too large to allocate");
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(Long.MAX_VALUE, 2), "too large");
        // beyond the JVM's native-memory limit (a quarter of the RAM by default) but below Arbor's own cap
        assertFails(IllegalStateException.class, () -> Tensor.zeros(DType.FLOAT64, 1L << 37), "not enough memory",
                "you tried to allocate 1099511627776 bytes", "[137438953472]");
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(-1, 2),
                "Trying to create tensor with negative dimension -1: [-1, 2]");
        assertFails(IllegalArgumentException.class, () -> A.view(-2, 3), "invalid shape dimension -2");
        assertFails(IllegalArgumentException.class, () -> A.reshape(-1, -1), "only one dimension can be inferred");
        assertFails(IllegalArgumentException.class, () -> A.expand(-1, 2, 3),
                "expand: -1 is not allowed in a leading, non-existing dimension");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(0, 10, -1, DType.INT64),
                "upper bound and larger bound inconsistent with step sign");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(0, Double.NaN, 1, DType.INT64),
                "unsupported range");
        assertFails(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1), "number of steps must be non-negative");
        assertFails(IllegalArgumentException.class, () -> A.split(0, 0), "split expects split_size be non-negative");
        assertFails(IllegalArgumentException.class, () -> A.chunk(0, 0), "chunk expects `chunks` to be greater than 0");
        assertFails(IllegalArgumentException.class, () -> A.unfold(1, 4, 1), "unfold", "maximum size for tensor at "
                + "dimension 1 is 3 but size is 4");
        assertFails(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2),
                "shape [2, 2] is invalid for input of size 3");
        assertFails(IllegalArgumentException.class, () -> A.item(),
                "a Tensor with 6 elements cannot be converted to Scalar");
        assertFails(IllegalArgumentException.class, () -> Tensor.wrap(Tensor.ones(2).storage(), DType.FLOAT32,
                new long[] {3}, new long[] {1}, 0), "needs 12 bytes, but the storage has 8");
    }

    @Test
    void inPlaceWritesIntoExpandedViewsAreRefused() {
        Tensor e = Tensor.zeros(1, 3).expand(4, 3);
        String message = "unsupported operation: more than one element of the written-to tensor refers to a single "
                + "memory location";
        assertFails(IllegalArgumentException.class, () -> e.add_(1.0), message, "[4, 3]");
        assertFails(IllegalArgumentException.class, () -> e.fill_(2), message);
        assertFails(IllegalArgumentException.class, () -> e.copy_(Tensor.ones(4, 3)), message);
        assertArrayEquals(new float[] {0, 0, 0}, Tensor.zeros(1, 3).add_(1.0).sub_(1.0).toFloatArray());
    }

    /** A NaN made in a backward is found, with the node's name, under anomaly detection. */
    @Test
    void anomalyDetectionNamesTheNodeThatMadeANan() {
        Tensor x = Tensor.of(new double[] {0, 1}).requiresGrad_(true);
        Tensor y = x.sqrt().mul(0.0).sum();
        try (var scope = Autograd.detectAnomaly()) {
            assertFails(IllegalStateException.class, () -> y.backward(null, true, false),
                    "Function 'SqrtBackward0' returned nan values in its 0th output");
        }
        y.backward();
        assertTrue(Double.isNaN(x.grad().get(0)));
        assertArrayEquals(new double[] {0}, new double[] {x.grad().get(1)});
    }
}
