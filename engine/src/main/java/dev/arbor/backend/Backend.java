package dev.arbor.backend;

import dev.arbor.tensor.Device;
import dev.arbor.tensor.Storage;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * A device type's implementation of Arbor's primitive operations, found with {@link java.util.ServiceLoader}
 * ({@code provides dev.arbor.backend.Backend with ...}). The CPU backend is built in.
 *
 * <p>The primitives are few, as tinygrad and PrimTorch keep them: strided elementwise ops, reductions,
 * copy and cast, gather and scatter, sort and matrix multiply. Every tensor argument is a strided view
 * on this backend's device (shape, strides and offset in elements); inputs of elementwise ops are
 * already broadcast to the output's shape (zero strides) and converted to the compute dtype; outputs
 * are freshly allocated and contiguous unless a method says otherwise, and may alias an input only
 * exactly (same storage, offset and strides) for in-place ops. Autograd is not a backend's concern: each
 * op's backward is written once with tensor ops in the engine.
 *
 * <p>Faster fused kernels (convolution, pooling, normalisation) are optional: the engine asks
 * {@link #kernels()} and falls back to its decomposition into primitives when a backend has none.
 */
public interface Backend {
    /** {@return the device type this backend serves, such as {@code cpu} or {@code cuda}} */
    String deviceType();

    /** {@return true when the devices can be used on this machine (driver and libraries found)} */
    boolean isAvailable();

    /** {@return why the backend is unavailable (libraries searched, driver missing), or an empty string} */
    String unavailableReason();

    /** {@return how many devices of this type the machine has (0 when unavailable)} */
    int deviceCount();

    /**
     * Allocates zeroed memory on a device of this type.
     *
     * @param device the device, of this backend's type, with an index below {@link #deviceCount()}
     * @param byteSize the size in bytes, 0 or more
     * @return the new storage, every byte 0
     */
    Storage allocate(Device device, long byteSize);

    /**
     * Allocates memory whose contents the caller overwrites entirely (zeroed unless a backend does better).
     *
     * @param device the device, of this backend's type, with an index below {@link #deviceCount()}
     * @param byteSize the size in bytes, 0 or more
     * @return the new storage, with unspecified contents
     */
    default Storage allocateUninitialized(Device device, long byteSize) {
        return allocate(device, byteSize);
    }

    /**
     * Copies {@code bytes} bytes from host memory into a storage of this backend.
     *
     * @param src the host memory, read from its start
     * @param dst a storage of this backend
     * @param dstByteOffset where in {@code dst} the first byte goes, in bytes
     * @param bytes how many bytes to copy
     */
    void copyFromHost(MemorySegment src, Storage dst, long dstByteOffset, long bytes);

    /**
     * Copies {@code bytes} bytes from a storage of this backend into host memory.
     *
     * @param src a storage of this backend
     * @param srcByteOffset where in {@code src} the first byte is read, in bytes
     * @param dst the host memory, written from its start
     * @param bytes how many bytes to copy
     */
    void copyToHost(Storage src, long srcByteOffset, MemorySegment dst, long bytes);

    /**
     * {@code dst[i] = cast(src[i])}: strided copy of equal shapes with conversion between any dtypes.
     *
     * @param src the values to copy, any dtype
     * @param dst the view written, with {@code src}'s shape and any dtype and strides
     */
    void copy(Tensor src, Tensor dst);

    /**
     * Sets every element of the (possibly strided) {@code dst} to {@code value} converted to its dtype.
     *
     * @param dst the view written
     * @param value the value, converted as a cast to {@code dst}'s dtype converts it
     */
    void fill(Tensor dst, Number value);

    /**
     * {@code dst = op(src)}, elementwise.
     *
     * @param op the operation
     * @param src the operand
     * @param dst the result, with {@code src}'s shape; bool for {@linkplain UnaryOp#isPredicate() predicates},
     *            otherwise {@code src}'s dtype
     */
    void unary(UnaryOp op, Tensor src, Tensor dst);

    /**
     * {@code dst = op(a, b)}, elementwise; {@code a} and {@code b} have one dtype.
     *
     * @param op the operation
     * @param a the first operand, broadcast to {@code dst}'s shape
     * @param b the second operand, broadcast to {@code dst}'s shape, with {@code a}'s dtype
     * @param dst the result; bool for {@linkplain BinaryOp#isComparison() comparisons}, otherwise the
     *            operands' dtype
     */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor dst);

    /**
     * {@code dst = cond ? a : b}, elementwise; {@code cond} is bool, {@code a}, {@code b}, {@code dst} share a dtype.
     *
     * @param cond the bool condition, broadcast to {@code dst}'s shape
     * @param a the values taken where {@code cond} is true, broadcast to {@code dst}'s shape
     * @param b the values taken where {@code cond} is false, broadcast to {@code dst}'s shape
     * @param dst the result
     */
    void where(Tensor cond, Tensor a, Tensor b, Tensor dst);

    /**
     * Reduces {@code src} along {@code dims} (sorted, distinct) into {@code dst}, whose shape is
     * {@code src}'s with those dimensions set to 1. SUM and PROD accumulate in {@code dst}'s dtype
     * (in double for float types, and long for integer types).
     *
     * @param op the reduction
     * @param src the values reduced
     * @param dims the dimensions of {@code src} reduced, sorted and distinct
     * @param dst the result, keepdim shape
     */
    void reduce(ReduceOp op, Tensor src, int[] dims, Tensor dst);

    /**
     * The int64 index of the maximum ({@code max} true) or minimum along {@code dim}, first occurrence
     * on ties, NaN counting as the extreme, into {@code dst} (keepdim shape).
     *
     * @param max true for argmax, false for argmin
     * @param src the values searched
     * @param dim the dimension searched
     * @param dst the int64 result, {@code src}'s shape with {@code dim} of size 1
     */
    void argReduce(boolean max, Tensor src, int dim, Tensor dst);

    /**
     * Cumulative sum ({@code product} false) or product along {@code dim}; {@code dst} has {@code src}'s shape.
     *
     * @param product true for {@code cumprod}, false for {@code cumsum}
     * @param src the values accumulated
     * @param dim the dimension accumulated along
     * @param dst the result, {@code src}'s shape
     */
    void cumulative(boolean product, Tensor src, int dim, Tensor dst);

    /**
     * Batched matrix product {@code dst[b] = a[b] @ b[b]} of 3-d views {@code a [B, M, K]},
     * {@code b [B, K, N]} (any strides, zero for broadcast batches), into a contiguous
     * {@code dst [B, M, N]}; all three float32 or float64 (other dtypes are converted by the engine).
     *
     * @param a the left operands {@code [B, M, K]}
     * @param b the right operands {@code [B, K, N]}
     * @param dst the contiguous products {@code [B, M, N]}
     */
    void matmul(Tensor a, Tensor b, Tensor dst);

    /**
     * {@code dst[..i..] = src[..index[..i..]..]} along {@code dim}, as {@code torch.gather}; index is int64.
     *
     * @param src the values read
     * @param dim the dimension that {@code index} selects along
     * @param index the int64 positions along {@code dim}, already bounds-checked, with {@code dst}'s shape
     * @param dst the result
     */
    void gather(Tensor src, int dim, Tensor index, Tensor dst);

    /**
     * {@code dst[..index[..i..]..] (op)= src[..i..]} along {@code dim}, in place, as {@code torch.scatter}
     * and {@code scatter_reduce}; index is int64 and already bounds-checked.
     *
     * @param dst the tensor written in place
     * @param dim the dimension that {@code index} selects along
     * @param index the int64 positions along {@code dim} in {@code dst}, one for each element of {@code src}
     * @param src the values written, with {@code index}'s shape
     * @param mode how a value combines with the element it lands on
     */
    void scatter(Tensor dst, int dim, Tensor index, Tensor src, ScatterMode mode);

    /**
     * {@code dst} = the slices of {@code src} at {@code index} (int64, checked) along {@code dim}.
     *
     * @param src the values read
     * @param dim the dimension the slices are taken along
     * @param index the 1-d int64 positions of the slices along {@code dim}
     * @param dst the result, {@code src}'s shape with {@code dim} of size {@code index.numel()}
     */
    void indexSelect(Tensor src, int dim, Tensor index, Tensor dst);

    /**
     * {@code dst[.., index[i], ..] += src[.., i, ..]} along {@code dim}, in place (index int64, checked).
     *
     * @param dst the tensor added into in place
     * @param dim the dimension the slices are added along
     * @param index the 1-d int64 positions in {@code dst} along {@code dim}, one for each slice of {@code src}
     * @param src the slices added, {@code dst}'s shape with {@code dim} of size {@code index.numel()}
     */
    void indexAdd(Tensor dst, int dim, Tensor index, Tensor src);

    /**
     * Sorts along {@code dim} into {@code values} and int64 {@code indices}; stable; NaN sorts as the
     * largest value, as in PyTorch.
     *
     * @param src the values sorted
     * @param dim the dimension sorted along
     * @param descending true for largest first, false for smallest first
     * @param values the sorted values, {@code src}'s shape and dtype
     * @param indices the int64 position in {@code src} along {@code dim} of each sorted value
     */
    void sort(Tensor src, int dim, boolean descending, Tensor values, Tensor indices);

    /**
     * Fused {@link FusedKernels.Kernel#IM2COL}: copies the sliding windows of {@code input}
     * {@code [N, C, *window.inputSize()]} into {@code columns} {@code [N, C * kernelVolume, outputVolume]},
     * row {@code (c, k1..kD)} and column {@code (o1..oD)} in row-major order; taps in the padding read
     * {@code padValue}. Both contiguous, float32 or float64.
     *
     * @param input the input {@code [N, C, *window.inputSize()]}
     * @param window the sliding-window geometry (kernel size, stride, padding, dilation)
     * @param padValue the value read at padding taps (0 for convolution)
     * @param columns the result {@code [N, C * kernelVolume, outputVolume]}
     * @throws UnsupportedOperationException when the backend has no {@code IM2COL} kernel
     */
    default void im2col(Tensor input, Window window, double padValue, Tensor columns) {
        throw missingKernel(FusedKernels.Kernel.IM2COL);
    }

    /**
     * Fused {@link FusedKernels.Kernel#COL2IM}, the adjoint of {@link #im2col}: adds every entry of
     * {@code columns} {@code [N, C * kernelVolume, outputVolume]} into the input position it was read
     * from in {@code output} {@code [N, C, *window.inputSize()]} (zero-filled by the caller); entries of
     * padding taps are dropped. Both contiguous, float32 or float64.
     *
     * @param columns the columns {@code [N, C * kernelVolume, outputVolume]}
     * @param window the sliding-window geometry {@code im2col} used
     * @param output the tensor added into, {@code [N, C, *window.inputSize()]}
     * @throws UnsupportedOperationException when the backend has no {@code COL2IM} kernel
     */
    default void col2im(Tensor columns, Window window, Tensor output) {
        throw missingKernel(FusedKernels.Kernel.COL2IM);
    }

    /**
     * Fused {@link FusedKernels.Kernel#DEPTHWISE_CONV}: the convolution of {@code input}
     * {@code [N, C, *window.inputSize()]} with {@code weight} {@code [C * m, 1, *kernel]} in {@code C}
     * groups (output channel {@code o} reads input channel {@code o / m}), plus {@code bias} and
     * {@code residual}, clamped into {@code clamp}'s bounds, into {@code output}
     * {@code [N, C * m, *window.outputSize()]}, every element of which is written; padding taps read zero.
     * All contiguous, float32 or float64.
     *
     * @param input the input {@code [N, C, *window.inputSize()]}
     * @param weight the kernels {@code [C * m, 1, *kernel]}
     * @param bias the bias {@code [C * m]}, or null for none
     * @param window the sliding-window geometry (kernel size, stride, padding, dilation)
     * @param residual a tensor of the output's shape added before the clamp (a skip connection), or null
     * @param clamp the bounds of the output ({@link Clamp#NONE} for none)
     * @param output the result {@code [N, C * m, *window.outputSize()]}
     * @throws UnsupportedOperationException when the backend has no {@code DEPTHWISE_CONV} kernel
     */
    default void depthwiseConv(Tensor input, Tensor weight, Tensor bias, Window window, Tensor residual, Clamp clamp,
                               Tensor output) {
        throw missingKernel(FusedKernels.Kernel.DEPTHWISE_CONV);
    }

    /**
     * Fused {@link FusedKernels.Kernel#SOFTMAX}: {@code exp(x) / sum(exp(x))} (or, with {@code log},
     * {@code x - log(sum(exp(x)))}) along {@code dim} of {@code input} into {@code output} of the same
     * shape, computed stably (each row's maximum subtracted first). Both contiguous, float32 or float64,
     * not empty.
     *
     * @param input the input
     * @param dim the dimension to normalise along, in {@code [0, input.dim())}
     * @param log whether to compute log-softmax
     * @param output the result, input's shape and dtype
     * @throws UnsupportedOperationException when the backend has no {@code SOFTMAX} kernel
     */
    default void softmax(Tensor input, int dim, boolean log, Tensor output) {
        throw missingKernel(FusedKernels.Kernel.SOFTMAX);
    }

    /**
     * Fused {@link FusedKernels.Kernel#LAYER_NORM}: each row of {@code rowSize} consecutive elements of
     * {@code input} standardized with its mean and biased variance, {@code (x - mean) / sqrt(var + eps)},
     * then multiplied by {@code weight} and shifted by {@code bias} (each {@code rowSize} elements, or
     * null), into {@code output} of the same shape. All contiguous, float32 or float64, not empty.
     *
     * @param input the input, a whole number of rows
     * @param rowSize the elements of one row (the normalized shape's)
     * @param weight the scale per row element, or null
     * @param bias the shift per row element, or null
     * @param eps added to the variance
     * @param output the result, input's shape and dtype
     * @throws UnsupportedOperationException when the backend has no {@code LAYER_NORM} kernel
     */
    default void layerNorm(Tensor input, long rowSize, Tensor weight, Tensor bias, double eps, Tensor output) {
        throw missingKernel(FusedKernels.Kernel.LAYER_NORM);
    }

    /**
     * Fused {@link FusedKernels.Kernel#LINEAR}: {@code output = clamp(input @ weight^T + bias)}, a linear
     * layer (and a ReLU after it) for inference, as one product accumulated onto the bias rows instead of
     * a product and a broadcasting add. All contiguous, float32 or float64.
     *
     * @param input the rows {@code [M, K]}
     * @param weight the weight {@code [N, K]}
     * @param bias the bias {@code [N]}, or null for none
     * @param clamp the bounds of the output ({@link Clamp#NONE} for none)
     * @param output the result {@code [M, N]}, every element written
     * @throws UnsupportedOperationException when the backend has no {@code LINEAR} kernel
     */
    default void linear(Tensor input, Tensor weight, Tensor bias, Clamp clamp, Tensor output) {
        throw missingKernel(FusedKernels.Kernel.LINEAR);
    }

    /**
     * Fused {@link FusedKernels.Kernel#DIRECT_CONV}: the convolution of {@code input}
     * {@code [N, C, *window.inputSize()]} with {@code weight} {@code [O, C, *kernel]} in one group, plus
     * {@code bias} and {@code residual}, clamped into {@code clamp}'s bounds, into {@code output}
     * {@code [N, O, *window.outputSize()]}, every element of which is written, when the backend computes these shapes faster straight from the image than through im2col
     * and a product. All contiguous.
     *
     * @param input the input {@code [N, C, *window.inputSize()]}
     * @param weight the kernels {@code [O, C, *kernel]}
     * @param bias the bias {@code [O]}, or null for none
     * @param window the sliding-window geometry (kernel size, stride, padding, dilation)
     * @param residual a tensor of the output's shape added before the clamp (a skip connection), or null
     * @param clamp the bounds of the output ({@link Clamp#NONE} for none)
     * @param output the result {@code [N, O, *window.outputSize()]}
     * @return whether the backend computed it; false leaves {@code output} as it was, for the caller's
     *         im2col path (the default: backends without the kernel)
     */
    default boolean directConv(Tensor input, Tensor weight, Tensor bias, Window window, Tensor residual, Clamp clamp,
                               Tensor output) {
        return false;
    }

    /**
     * Fused {@link FusedKernels.Kernel#CHANNELS_LAST_CONV}: {@code clamp(conv(input, weight) + bias +
     * residual)} of a 2-d convolution in {@code groups} groups, into a new tensor {@code [N, O, *out]}
     * laid out channels-last (strides {@code [H W O, 1, W O, O]}, PyTorch's {@code channels_last}), when
     * the backend computes these shapes faster that way; the layout then carries to the convolutions that
     * read the output. Which dtypes and shapes it takes is the backend's choice.
     *
     * @param input the input {@code [N, C, H, W]}, any strides
     * @param weight the kernels {@code [O, C / groups, kh, kw]}, contiguous
     * @param bias the bias {@code [O]}, contiguous, or null for none
     * @param window the sliding-window geometry (kernel size, stride, padding, dilation)
     * @param groups the number of groups
     * @param residual a tensor of the output's shape added before the clamp (a skip connection), any
     *        strides, or null
     * @param clamp the bounds of the output ({@link Clamp#NONE} for none)
     * @param average whether to return, instead of the output, the mean of each of its channels over its
     *        positions, {@code [N, O, 1, 1]} contiguous (a global average pooling that alone reads it)
     * @return the output, or null when the backend does not take these shapes (the default), for the
     *         caller's other paths
     */
    default Tensor channelsLastConv(Tensor input, Tensor weight, Tensor bias, Window window, long groups,
                                    Tensor residual, Clamp clamp, boolean average) {
        return null;
    }

    /**
     * Fused {@link FusedKernels.Kernel#POOLING}: the maximum of each window of {@code input}
     * {@code [N, C, *inputSize]} into {@code values} {@code [N, C, *outputSize]}, and its flat position
     * within the input's spatial volume into int64 {@code indices} (same shape). Padding taps are
     * skipped; NaN wins, else the first maximum; a window of only {@code -inf} reports its first tap
     * inside the input. All contiguous; {@code input} and {@code values} float32 or float64.
     *
     * @param input the input {@code [N, C, *inputSize]}
     * @param window the pooling window's geometry
     * @param values the maxima {@code [N, C, *outputSize]}
     * @param indices the int64 flat spatial position of each maximum, {@code values}' shape
     * @throws UnsupportedOperationException when the backend has no {@code POOLING} kernel
     */
    default void maxPool(Tensor input, Window window, Tensor values, Tensor indices) {
        throw missingKernel(FusedKernels.Kernel.POOLING);
    }

    /**
     * Fused {@link FusedKernels.Kernel#POOLING}: {@link #maxPool}'s {@code values} alone, for inference,
     * where no gradient needs the positions. The default computes the positions too, into a scratch tensor.
     *
     * @param input the input {@code [N, C, *inputSize]}
     * @param window the pooling window's geometry
     * @param values the maxima {@code [N, C, *outputSize]}
     * @throws UnsupportedOperationException when the backend has no {@code POOLING} kernel
     */
    default void maxPoolValues(Tensor input, Window window, Tensor values) {
        maxPool(input, window, values, Tensor.empty(DType.INT64, values.device(), values.shape()));
    }

    /**
     * Fused {@link FusedKernels.Kernel#POOLING}: the sum of each window of {@code input}
     * {@code [N, C, *inputSize]} (dilation 1) divided by {@code divisor} when it is positive, otherwise
     * by the product over dimensions of {@link Window#averageCount}, into {@code output}
     * {@code [N, C, *outputSize]}. Contiguous, float32 or float64.
     *
     * @param input the input {@code [N, C, *inputSize]}
     * @param window the pooling window's geometry
     * @param countPadding whether padding taps count in the divisor ({@code count_include_pad})
     * @param divisor the divisor for every window ({@code divisor_override}), or 0 or less to count taps
     * @param output the averages {@code [N, C, *outputSize]}
     * @throws UnsupportedOperationException when the backend has no {@code POOLING} kernel
     */
    default void avgPool(Tensor input, Window window, boolean countPadding, long divisor, Tensor output) {
        throw missingKernel(FusedKernels.Kernel.POOLING);
    }

    /**
     * Fused {@link FusedKernels.Kernel#POOLING}, the adjoint of {@link #avgPool}: adds each element of
     * {@code gradOutput}, divided as {@code avgPool} divides, to every input position of its window in
     * {@code gradInput} (zero-filled by the caller). Contiguous, float32 or float64.
     *
     * @param gradOutput the gradient of the averages {@code [N, C, *outputSize]}
     * @param window the pooling window's geometry
     * @param countPadding whether padding taps count in the divisor, as in the forward pass
     * @param divisor the divisor of the forward pass, or 0 or less to count taps
     * @param gradInput the input's gradient {@code [N, C, *inputSize]}, added into
     * @throws UnsupportedOperationException when the backend has no {@code POOLING} kernel
     */
    default void avgPoolBackward(Tensor gradOutput, Window window, boolean countPadding, long divisor,
                                 Tensor gradInput) {
        throw missingKernel(FusedKernels.Kernel.POOLING);
    }

    /**
     * Fused {@link FusedKernels.Kernel#THRESHOLD_BACKWARD}: {@code dst = input <= threshold ? 0 : grad}, a
     * select rather than a product, so an infinite or NaN gradient where the input is at or below the
     * threshold gives 0 and a NaN input passes the gradient, as PyTorch's {@code threshold_backward}.
     *
     * @param grad      the gradient of the activation's output
     * @param input     the tensor compared with the threshold (ReLU's output), of {@code grad}'s dtype
     * @param threshold the threshold
     * @param dst       the result, of {@code grad}'s shape and dtype; the operands may be broadcast views
     */
    default void thresholdBackward(Tensor grad, Tensor input, double threshold, Tensor dst) {
        throw missingKernel(FusedKernels.Kernel.THRESHOLD_BACKWARD);
    }

    /**
     * Fused {@link FusedKernels.Kernel#SCALED_ADD}: {@code dst = a + alpha * b} of one floating dtype.
     *
     * @param a     the first operand, of {@code dst}'s shape and dtype; may be {@code dst} itself
     * @param b     the operand scaled, of {@code dst}'s dtype; may be a broadcast view
     * @param alpha the factor of {@code b}
     * @param dst   the result
     */
    default void addScaled(Tensor a, Tensor b, double alpha, Tensor dst) {
        throw missingKernel(FusedKernels.Kernel.SCALED_ADD);
    }

    private UnsupportedOperationException missingKernel(FusedKernels.Kernel kernel) {
        return new UnsupportedOperationException("the " + deviceType() + " backend has no fused " + kernel
                + " kernel; the engine decomposes it when kernels().has(" + kernel + ") is false");
    }

    /**
     * {@return the optional fused kernels this backend has; the default has none, so the engine
     * decomposes into primitives}
     */
    default FusedKernels kernels() {
        return FusedKernels.NONE;
    }
}
