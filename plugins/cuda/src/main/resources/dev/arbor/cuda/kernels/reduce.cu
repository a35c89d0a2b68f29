// Reductions, arg-reductions and scans. The host splits the source into kept and reduced
// dimensions (dev.arbor.cuda.ReducePlan). A block of ARBOR_BLOCK threads reduces lanesOut outputs with
// lanesR threads each; consecutive threads take consecutive reduced elements when the reduced
// elements are contiguous (rFast), otherwise consecutive outputs, so loads coalesce either way. A large
// reduction with few outputs is split over gridDim.y blocks that write partial results, which a
// second launch of the same kernel (over the partials) combines.

/** Written by dev.arbor.cuda.ReducePlan in this field order. */
struct ReduceLayout {
    i64 numOut;
    i64 numR;
    i64 keptNdim;
    i64 keptShape[MAX_DIMS];
    i64 keptSrcStride[MAX_DIMS];
    i64 keptDstStride[MAX_DIMS];
    i64 redNdim;
    i64 redShape[MAX_DIMS];
    i64 redStride[MAX_DIMS];
    i64 lanesR;
    i64 rFast;
};

// ---- reducers: init, step (one element), combine (two partial results), result ----------------
template <class A> struct SumReducer {
    typedef A Acc;
    __device__ Acc init() const { return (A) 0; }
    __device__ Acc step(Acc a, A v, i64) const { return a + v; }
    __device__ Acc combine(Acc a, Acc b) const { return a + b; }
};
template <class A> struct ProdReducer {
    typedef A Acc;
    __device__ Acc init() const { return (A) 1; }
    __device__ Acc step(Acc a, A v, i64) const { return a * v; }
    __device__ Acc combine(Acc a, Acc b) const { return a * b; }
};
template <class A> __device__ __forceinline__ A lowest();
template <> __device__ __forceinline__ float lowest<float>() { return -f32_inf(); }
template <> __device__ __forceinline__ double lowest<double>() { return -f64_inf(); }
template <> __device__ __forceinline__ i64 lowest<i64>() { return I64_MIN; }
template <> __device__ __forceinline__ u64 lowest<u64>() { return 0; }
template <class A> __device__ __forceinline__ A highest();
template <> __device__ __forceinline__ float highest<float>() { return f32_inf(); }
template <> __device__ __forceinline__ double highest<double>() { return f64_inf(); }
template <> __device__ __forceinline__ i64 highest<i64>() { return I64_MAX; }
template <> __device__ __forceinline__ u64 highest<u64>() { return U64_MAX; }

template <class A> struct MaxReducer {
    typedef A Acc;
    __device__ Acc init() const { return lowest<A>(); }
    __device__ Acc step(Acc a, A v, i64) const { return nan_max(a, v); }
    __device__ Acc combine(Acc a, Acc b) const { return nan_max(a, b); }
};
template <class A> struct MinReducer {
    typedef A Acc;
    __device__ Acc init() const { return highest<A>(); }
    __device__ Acc step(Acc a, A v, i64) const { return nan_min(a, v); }
    __device__ Acc combine(Acc a, Acc b) const { return nan_min(a, b); }
};
/** any / all over "not zero", accumulated as int64 0 or 1 (so partial results combine by max / min). */
template <class A> struct AnyReducer {
    typedef i64 Acc;
    __device__ Acc init() const { return 0; }
    __device__ Acc step(Acc a, A v, i64) const { return (a != 0 || v != 0) ? 1 : 0; }
    __device__ Acc combine(Acc a, Acc b) const { return (a != 0 || b != 0) ? 1 : 0; }
};
template <class A> struct AllReducer {
    typedef i64 Acc;
    __device__ Acc init() const { return 1; }
    __device__ Acc step(Acc a, A v, i64) const { return (a != 0 && v != 0) ? 1 : 0; }
    __device__ Acc combine(Acc a, Acc b) const { return (a != 0 && b != 0) ? 1 : 0; }
};

/** A value and its position along the reduced dimension; index -1 is "no element yet". */
template <class A> struct ArgAcc {
    A v;
    i64 i;
};
/** argmax / argmin: NaN is the extreme, the first occurrence wins ties. */
template <class A, bool MAX> struct ArgReducer {
    typedef ArgAcc<A> Acc;
    __device__ Acc init() const { Acc a; a.v = (A) 0; a.i = -1; return a; }
    __device__ bool better(A v, i64 i, const Acc& a) const {
        if (a.i < 0) return true;
        bool vn = is_nan(v);
        bool an = is_nan(a.v);
        if (an || vn) return vn && (!an || i < a.i);
        if (v == a.v) return i < a.i;
        return MAX ? v > a.v : v < a.v;
    }
    __device__ Acc step(Acc a, A v, i64 i) const {
        if (better(v, i, a)) { a.v = v; a.i = i; }
        return a;
    }
    __device__ Acc combine(Acc a, Acc b) const { return (b.i >= 0 && better(b.v, b.i, a)) ? b : a; }
};

template <class D> __device__ __forceinline__ D reduce_result(i64 v) { return Conv<D>::from(v); }
template <class D> __device__ __forceinline__ D reduce_result(u64 v) { return Conv<D>::from(v); }
template <class D> __device__ __forceinline__ D reduce_result(float v) { return Conv<D>::from(v); }
template <class D> __device__ __forceinline__ D reduce_result(double v) { return Conv<D>::from(v); }
template <class D, class A> __device__ __forceinline__ D reduce_result(ArgAcc<A> a) { return (D) (a.i < 0 ? 0 : a.i); }

/**
 * Reduces {@code src} (type S, compute type A) with reducer R into dst (type D), or into
 * {@code partial} (R::Acc, laid out [gridDim.y][numOut]) when the reduction is split.
 */
template <class S, class D, class R, class I>
__device__ __forceinline__ void reduce_kernel(D* dst, const S* src, typename R::Acc* partial, const ReduceLayout& L) {
    typedef typename R::Acc Acc;
    typedef typename Compute<S>::type A;
    __shared__ Acc smem[ARBOR_BLOCK];
    const R red;
    const int lanesR = (int) L.lanesR;
    const int lanesOut = ARBOR_BLOCK / lanesR;
    const int t = threadIdx.x;
    const int rl = L.rFast ? t % lanesR : t / lanesOut;
    const int ol = L.rFast ? t / lanesR : t % lanesOut;
    const i64 o = (i64) blockIdx.x * lanesOut + ol;
    Acc acc = red.init();
    if (o < L.numOut) {
        I base = offset_of<I>(o, L.keptNdim, L.keptShape, L.keptSrcStride);
        const i64 step = (i64) lanesR * gridDim.y;
        for (i64 r = (i64) blockIdx.y * lanesR + rl; r < L.numR; r += step) {
            I at = base + offset_of<I>(r, L.redNdim, L.redShape, L.redStride);
            acc = red.step(acc, load_as<A>(src[at]), r);
        }
    }
    smem[t] = acc;
    __syncthreads();
    // tree over the r-lanes of each output; slot of (ol, rl) is t itself
    for (int s = lanesR / 2; s > 0; s /= 2) {
        if (rl < s) {
            int other = L.rFast ? t + s : t + s * lanesOut;
            smem[t] = red.combine(smem[t], smem[other]);
        }
        __syncthreads();
    }
    if (rl == 0 && o < L.numOut) {
        if (gridDim.y > 1) {
            partial[(i64) blockIdx.y * L.numOut + o] = smem[t];
        } else {
            I out = offset_of<I>(o, L.keptNdim, L.keptShape, L.keptDstStride);
            dst[out] = reduce_result<D>(smem[t]);
        }
    }
}

// ---- scans -----------------------------------------------------------------------------------
/** Written by dev.arbor.cuda.ScanPlan in this field order. */
struct ScanLayout {
    i64 rows;
    i64 length;
    i64 srcStride;
    i64 dstStride;
    i64 keptNdim;
    i64 keptShape[MAX_DIMS];
    i64 keptSrcStride[MAX_DIMS];
    i64 keptDstStride[MAX_DIMS];
};

template <class A, bool PROD> __device__ __forceinline__ A scan_op(A a, A b) { return PROD ? a * b : a + b; }

/** One thread per row: short rows. */
template <class S, class D, class A, bool PROD, class I>
__device__ __forceinline__ void scan_rows_kernel(D* dst, const S* src, const ScanLayout& L) {
    i64 row = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= L.rows) return;
    I s = offset_of<I>(row, L.keptNdim, L.keptShape, L.keptSrcStride);
    I d = offset_of<I>(row, L.keptNdim, L.keptShape, L.keptDstStride);
    A acc = PROD ? (A) 1 : (A) 0;
    for (i64 k = 0; k < L.length; k++) {
        acc = scan_op<A, PROD>(acc, load_as<A>(src[s + (I) k * (I) L.srcStride]));
        dst[d + (I) k * (I) L.dstStride] = Conv<D>::from(acc);
    }
}

/** One block per row: the row is scanned ARBOR_BLOCK elements at a time, carrying the total. */
template <class S, class D, class A, bool PROD, class I>
__device__ __forceinline__ void scan_block_kernel(D* dst, const S* src, const ScanLayout& L) {
    __shared__ A buf[ARBOR_BLOCK];
    __shared__ A carry;
    const i64 row = blockIdx.x;
    const I s = offset_of<I>(row, L.keptNdim, L.keptShape, L.keptSrcStride);
    const I d = offset_of<I>(row, L.keptNdim, L.keptShape, L.keptDstStride);
    const int t = threadIdx.x;
    if (t == 0) carry = PROD ? (A) 1 : (A) 0;
    __syncthreads();
    for (i64 start = 0; start < L.length; start += ARBOR_BLOCK) {
        i64 k = start + t;
        buf[t] = k < L.length ? load_as<A>(src[s + (I) k * (I) L.srcStride]) : (PROD ? (A) 1 : (A) 0);
        __syncthreads();
        for (int off = 1; off < ARBOR_BLOCK; off *= 2) {
            A add = t >= off ? buf[t - off] : (PROD ? (A) 1 : (A) 0);
            __syncthreads();
            buf[t] = scan_op<A, PROD>(buf[t], add);
            __syncthreads();
        }
        A value = scan_op<A, PROD>(carry, buf[t]);
        if (k < L.length) {
            dst[d + (I) k * (I) L.dstStride] = Conv<D>::from(value);
        }
        __syncthreads();
        if (t == ARBOR_BLOCK - 1) carry = value;
        __syncthreads();
    }
}
