// Sliding-window kernels (dev.arbor.backend.Window): im2col and its adjoint col2im for convolution
// as GEMM, max and average pooling and the average pooling backward. Tensors are contiguous
// [N, C, *spatial]; "nc" below is the flattened (n, c) pair. The adjoints gather (one thread per
// input element visits the windows that read it) so they need no atomics and are deterministic.

#define MAX_SPATIAL 6

/** Written by dev.arbor.cuda.CudaWindowKernels in this field order. */
struct WindowLayout {
    i64 dims;
    i64 planes;        // N * C
    i64 channels;      // C
    i64 inputSize[MAX_SPATIAL];
    i64 kernel[MAX_SPATIAL];
    i64 stride[MAX_SPATIAL];
    i64 padding[MAX_SPATIAL];
    i64 dilation[MAX_SPATIAL];
    i64 outputSize[MAX_SPATIAL];
    i64 inputVolume;
    i64 outputVolume;
    i64 kernelVolume;
    double padValue;
    i64 divisor;
    i64 countPadding;
};

/** Splits a row-major position over {@code sizes} into coordinates. */
__device__ __forceinline__ void unravel(i64 linear, i64 dims, const i64* sizes, i64 (&coord)[MAX_SPATIAL]) {
#pragma unroll
    for (int d = MAX_SPATIAL - 1; d >= 0; d--) {
        if (d < dims) {
            coord[d] = linear % sizes[d];
            linear /= sizes[d];
        }
    }
}

/**
 * The flat input position that tap {@code kk} of output position {@code oo} reads, or -1 in the
 * padding.
 */
__device__ __forceinline__ i64 tap_position(const WindowLayout& W, const i64 (&o)[MAX_SPATIAL], i64 kk) {
    i64 k[MAX_SPATIAL];
    unravel(kk, W.dims, W.kernel, k);
    i64 flat = 0;
#pragma unroll
    for (int d = 0; d < MAX_SPATIAL; d++) {
        if (d < W.dims) {
            i64 p = o[d] * W.stride[d] - W.padding[d] + k[d] * W.dilation[d];
            if (p < 0 || p >= W.inputSize[d]) return -1;
            flat = flat * W.inputSize[d] + p;
        }
    }
    return flat;
}

/**
 * The flat output position whose tap {@code kk} reads input position {@code in}, or -1 when none
 * does.
 */
__device__ __forceinline__ i64 reading_output(const WindowLayout& W, const i64 (&in)[MAX_SPATIAL], i64 kk) {
    i64 k[MAX_SPATIAL];
    unravel(kk, W.dims, W.kernel, k);
    i64 flat = 0;
#pragma unroll
    for (int d = 0; d < MAX_SPATIAL; d++) {
        if (d < W.dims) {
            i64 shifted = in[d] + W.padding[d] - k[d] * W.dilation[d];
            if (shifted < 0 || shifted % W.stride[d] != 0) return -1;
            i64 o = shifted / W.stride[d];
            if (o >= W.outputSize[d]) return -1;
            flat = flat * W.outputSize[d] + o;
        }
    }
    return flat;
}

/** Runs {@code body(i)} for every i below {@code total}, the grid striding over them. */
template <class F>
__device__ __forceinline__ void grid_loop(i64 total, F body) {
    for (i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (i64) gridDim.x * blockDim.x) {
        body(i);
    }
}

/**
 * For every output element {@code i} = (nc, oo): {@code body(i, nc, o)}, with {@code o} the output
 * position's coordinates.
 */
template <class F>
__device__ __forceinline__ void for_each_output(const WindowLayout& W, F body) {
    grid_loop(W.planes * W.outputVolume, [&](i64 i) {
        i64 o[MAX_SPATIAL];
        unravel(i % W.outputVolume, W.dims, W.outputSize, o);
        body(i, i / W.outputVolume, o);
    });
}

/**
 * The adjoint walk: for every input element {@code i} = (nc, in), {@code body(i, nc, in)}; the body
 * visits the output positions reading that element with {@link for_each_reader}. (No generic lambdas:
 * NVRTC takes their call operators for host functions.)
 */
template <class F>
__device__ __forceinline__ void for_each_input(const WindowLayout& W, F body) {
    grid_loop(W.planes * W.inputVolume, [&](i64 i) {
        i64 in[MAX_SPATIAL];
        unravel(i % W.inputVolume, W.dims, W.inputSize, in);
        body(i, i / W.inputVolume, in);
    });
}

/** Calls {@code f(oo, kk)} for each output position {@code oo} whose tap {@code kk} reads input position {@code in}. */
template <class F>
__device__ __forceinline__ void for_each_reader(const WindowLayout& W, const i64 (&in)[MAX_SPATIAL], F f) {
    for (i64 kk = 0; kk < W.kernelVolume; kk++) {
        i64 oo = reading_output(W, in, kk);
        if (oo >= 0) f(oo, kk);
    }
}

/** columns[nc, kk, oo] = input[nc, tap position] or padValue. */
template <class T>
__device__ __forceinline__ void im2col_kernel(T* columns, const T* input, const WindowLayout& W) {
    grid_loop(W.planes * W.kernelVolume * W.outputVolume, [&](i64 i) {
        i64 oo = i % W.outputVolume;
        i64 rest = i / W.outputVolume;
        i64 nc = rest / W.kernelVolume;
        i64 o[MAX_SPATIAL];
        unravel(oo, W.dims, W.outputSize, o);
        i64 p = tap_position(W, o, rest % W.kernelVolume);
        columns[i] = p < 0 ? Conv<T>::from(W.padValue) : input[nc * W.inputVolume + p];
    });
}

/** output[nc, in] += sum of the column entries read from there. */
template <class T>
__device__ __forceinline__ void col2im_kernel(T* output, const T* columns, const WindowLayout& W) {
    typedef typename Compute<T>::type C;
    for_each_input(W, [&](i64 i, i64 nc, const i64 (&in)[MAX_SPATIAL]) {
        C sum = load_as<C>(output[i]);
        for_each_reader(W, in, [&](i64 oo, i64 kk) { sum += load_as<C>(columns[(nc * W.kernelVolume + kk) * W.outputVolume + oo]); });
        output[i] = Conv<T>::from(sum);
    });
}

/** The maximum of each window and its flat input position: NaN wins, else the first maximum. */
template <class T>
__device__ __forceinline__ void max_pool_kernel(T* values, i64* indices, const T* input, const WindowLayout& W) {
    typedef typename Compute<T>::type C;
    for_each_output(W, [&](i64 i, i64 nc, const i64 (&o)[MAX_SPATIAL]) {
        C best = -m_inf(C(0));
        i64 bestAt = -1;
        for (i64 kk = 0; kk < W.kernelVolume; kk++) {
            i64 p = tap_position(W, o, kk);
            if (p < 0) continue;
            C v = load_as<C>(input[nc * W.inputVolume + p]);
            if (bestAt < 0 || v > best || is_nan(v)) {
                best = v;
                bestAt = p;
                if (is_nan(v)) break;
            }
        }
        values[i] = Conv<T>::from(best);
        indices[i] = bestAt < 0 ? 0 : bestAt;
    });
}

/** Average pooling's divisor at output position {@code o}, as Window.averageCount gives it. */
__device__ __forceinline__ i64 average_divisor(const WindowLayout& W, const i64 (&o)[MAX_SPATIAL]) {
    if (W.divisor > 0) return W.divisor;
    i64 count = 1;
#pragma unroll
    for (int d = 0; d < MAX_SPATIAL; d++) {
        if (d < W.dims) {
            i64 start = o[d] * W.stride[d] - W.padding[d];
            i64 end = start + W.kernel[d];
            if (end > W.inputSize[d] + W.padding[d]) end = W.inputSize[d] + W.padding[d];
            if (W.countPadding) {
                count *= end - start;
            } else {
                count *= (end < W.inputSize[d] ? end : W.inputSize[d]) - (start > 0 ? start : 0);
            }
        }
    }
    return count;
}

/** The mean of each window over its taps inside the input, divided by the divisor. */
template <class T>
__device__ __forceinline__ void avg_pool_kernel(T* output, const T* input, const WindowLayout& W) {
    typedef typename Compute<T>::type C;
    for_each_output(W, [&](i64 i, i64 nc, const i64 (&o)[MAX_SPATIAL]) {
        C sum = 0;
        for (i64 kk = 0; kk < W.kernelVolume; kk++) {
            i64 p = tap_position(W, o, kk);
            if (p >= 0) sum += load_as<C>(input[nc * W.inputVolume + p]);
        }
        output[i] = Conv<T>::from(sum / (C) average_divisor(W, o));
    });
}

/** gradInput[nc, in] += gradOutput of every window containing it, divided as the forward divides. */
template <class T>
__device__ __forceinline__ void avg_pool_backward_kernel(T* gradInput, const T* gradOutput, const WindowLayout& W) {
    typedef typename Compute<T>::type C;
    for_each_input(W, [&](i64 i, i64 nc, const i64 (&in)[MAX_SPATIAL]) {
        C sum = load_as<C>(gradInput[i]);
        for_each_reader(W, in, [&](i64 oo, i64) {
            i64 o[MAX_SPATIAL];
            unravel(oo, W.dims, W.outputSize, o);
            sum += load_as<C>(gradOutput[nc * W.outputVolume + oo]) / (C) average_divisor(W, o);
        });
        gradInput[i] = Conv<T>::from(sum);
    });
}
