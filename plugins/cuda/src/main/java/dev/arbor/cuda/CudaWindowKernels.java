package dev.arbor.cuda;

import dev.arbor.backend.Window;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;

/**
 * The fused sliding-window kernels of window.cu: im2col and col2im (so convolution is one GEMM per
 * batch through cuBLAS), max pooling with indices, average pooling and its backward. Tensors are
 * contiguous {@code [N, C, *spatial]}.
 */
final class CudaWindowKernels {
    /** Spatial dimensions window.cu handles (MAX_SPATIAL). */
    static final int MAX_SPATIAL = 6;

    private CudaWindowKernels() {}

    /** The WindowLayout struct for tensors of {@code planes} = N * C planes. */
    static long[] words(Window w, long planes, long channels, double padValue, long divisor, boolean countPadding) {
        int dims = w.dims();
        if (dims > MAX_SPATIAL) {
            throw new IllegalArgumentException("CUDA window kernels take at most " + MAX_SPATIAL + " spatial dimensions, got "
                    + dims + ": " + w);
        }
        long[] out = new long[3 + 6 * MAX_SPATIAL + 6];
        out[0] = dims;
        out[1] = planes;
        out[2] = channels;
        long[][] arrays = {w.inputSize(), w.kernel(), w.stride(), w.padding(), w.dilation(), w.outputSize()};
        for (int i = 0; i < arrays.length; i++) {
            ReducePlan.put(out, 3 + i * MAX_SPATIAL, arrays[i]);
        }
        int at = 3 + 6 * MAX_SPATIAL;
        out[at] = w.inputVolume();
        out[at + 1] = w.outputVolume();
        out[at + 2] = w.kernelVolume();
        out[at + 3] = Double.doubleToRawLongBits(padValue);
        out[at + 4] = divisor;
        out[at + 5] = countPadding ? 1 : 0;
        return out;
    }

    private static void check(String op, Tensor... tensors) {
        DType t = tensors[0].dtype();
        for (Tensor x : tensors) {
            if (!x.isContiguous()) {
                throw new IllegalArgumentException(op + ": the CUDA kernel needs contiguous tensors");
            }
            if (x.dtype() != t && x.dtype() != DType.INT64) {
                throw new IllegalArgumentException(op + ": dtypes differ (" + t + " and " + x.dtype() + ")");
            }
        }
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point tensor, got " + t);
        }
    }

    private static long planes(Tensor t) {
        return t.size(0) * t.size(1);
    }

    private static void launch(CudaDevice dev, KernelSource.WindowKernel kernel, DType t, long threads, Object... args) {
        if (threads == 0) {
            return;
        }
        dev.launch(KernelSource.window(kernel, t), Math.min(Integer.MAX_VALUE, Math.ceilDiv(threads, KernelSource.BLOCK)), 1,
                KernelSource.BLOCK, args);
    }

    static void im2col(CudaDevice dev, Tensor input, Window w, double padValue, Tensor columns) {
        check("im2col", input, columns);
        long[] words = words(w, planes(input), input.size(1), padValue, 0, false);
        launch(dev, KernelSource.WindowKernel.IM2COL, input.dtype(), columns.numel(), columns, input, words);
    }

    static void col2im(CudaDevice dev, Tensor columns, Window w, Tensor output) {
        check("col2im", columns, output);
        long[] words = words(w, planes(output), output.size(1), 0, 0, false);
        launch(dev, KernelSource.WindowKernel.COL2IM, output.dtype(), output.numel(), output, columns, words);
    }

    static void maxPool(CudaDevice dev, Tensor input, Window w, Tensor values, Tensor indices) {
        check("max_pool", input, values, indices);
        long[] words = words(w, planes(input), input.size(1), 0, 0, false);
        launch(dev, KernelSource.WindowKernel.MAX_POOL, input.dtype(), values.numel(), values, indices, input, words);
    }

    static void avgPool(CudaDevice dev, Tensor input, Window w, boolean countPadding, long divisor, Tensor output) {
        check("avg_pool", input, output);
        long[] words = words(w, planes(input), input.size(1), 0, divisor, countPadding);
        launch(dev, KernelSource.WindowKernel.AVG_POOL, input.dtype(), output.numel(), output, input, words);
    }

    static void avgPoolBackward(CudaDevice dev, Tensor gradOutput, Window w, boolean countPadding, long divisor,
                                Tensor gradInput) {
        check("avg_pool_backward", gradOutput, gradInput);
        long[] words = words(w, planes(gradInput), gradInput.size(1), 0, divisor, countPadding);
        launch(dev, KernelSource.WindowKernel.AVG_POOL_BACKWARD, gradInput.dtype(), gradInput.numel(), gradInput,
                gradOutput, words);
    }
}
