// ---- row kernels: softmax and layer normalization, one block per row ----------------------------
// One launch instead of the decomposition's five (softmax) or seven (layer norm) whole-tensor ops:
// on a GPU each op costs the host a launch, which is what small models are bound by.

/** Rows of {@code size} elements {@code inner} apart; row r starts at (r / inner) * size * inner + r % inner. */
struct RowLayout {
    i64 rows;
    i64 size;
    i64 inner;
};

/** The block's sum of each thread's {@code v} (every thread gets it); {@code buf} holds ARBOR_BLOCK values. */
template <class C> __device__ __forceinline__ C block_sum(C v, C* buf) {
    buf[threadIdx.x] = v;
    __syncthreads();
    for (int s = ARBOR_BLOCK / 2; s > 0; s /= 2) {
        if (threadIdx.x < s) buf[threadIdx.x] += buf[threadIdx.x + s];
        __syncthreads();
    }
    C r = buf[0];
    __syncthreads();
    return r;
}

/** The block's NaN-propagating maximum of each thread's {@code v}. */
template <class C> __device__ __forceinline__ C block_max(C v, C* buf) {
    buf[threadIdx.x] = v;
    __syncthreads();
    for (int s = ARBOR_BLOCK / 2; s > 0; s /= 2) {
        if (threadIdx.x < s) buf[threadIdx.x] = nan_max(buf[threadIdx.x], buf[threadIdx.x + s]);
        __syncthreads();
    }
    C r = buf[0];
    __syncthreads();
    return r;
}

/** softmax or log-softmax of each row (CpuSoftmax): the maximum subtracted first. */
template <class T>
__device__ __forceinline__ void softmax_kernel(T* out, const T* in, const RowLayout& L, i64 log) {
    __shared__ double raw[ARBOR_BLOCK];
    T* buf = (T*) raw;
    for (i64 r = blockIdx.x; r < L.rows; r += gridDim.x) {
        const i64 first = r / L.inner * L.size * L.inner + r % L.inner;
        const T* x = in + first;
        T* y = out + first;
        T m = -m_inf(T(0));
        for (i64 i = threadIdx.x; i < L.size; i += ARBOR_BLOCK) m = nan_max(m, x[i * L.inner]);
        m = block_max(m, buf);
        T s = 0;
        for (i64 i = threadIdx.x; i < L.size; i += ARBOR_BLOCK) s += m_exp(x[i * L.inner] - m);
        s = block_sum(s, buf);
        if (log) {
            const T ls = m_log(s);
            for (i64 i = threadIdx.x; i < L.size; i += ARBOR_BLOCK) y[i * L.inner] = x[i * L.inner] - m - ls;
        } else {
            for (i64 i = threadIdx.x; i < L.size; i += ARBOR_BLOCK) y[i * L.inner] = m_exp(x[i * L.inner] - m) / s;
        }
    }
}

/**
 * Layer normalization of each contiguous row (CpuLayerNorm): the mean, the biased variance of the
 * centred row (two passes), then (x - mean) / sqrt(var + eps) * weight + bias; weight and bias may be null.
 */
template <class T>
__device__ __forceinline__ void layer_norm_kernel(T* out, const T* in, const T* weight, const T* bias, i64 rows,
                                                  i64 size, double eps) {
    __shared__ double raw[ARBOR_BLOCK];
    T* buf = (T*) raw;
    for (i64 r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* x = in + r * size;
        T* y = out + r * size;
        T s = 0;
        for (i64 i = threadIdx.x; i < size; i += ARBOR_BLOCK) s += x[i];
        const T mean = block_sum(s, buf) / (T) size;
        T q = 0;
        for (i64 i = threadIdx.x; i < size; i += ARBOR_BLOCK) {
            const T d = x[i] - mean;
            q += d * d;
        }
        const T rstd = (T) (1.0 / sqrt((double) (block_sum(q, buf) / (T) size) + eps));
        for (i64 i = threadIdx.x; i < size; i += ARBOR_BLOCK) {
            T v = (x[i] - mean) * rstd;
            if (weight) v *= weight[i];
            if (bias) v += bias[i];
            y[i] = v;
        }
    }
}
