// Gather and scatter along one dimension over the index tensor's shape (index_select and index_add
// are the same kernels with the index expanded by zero strides). The layout's operands are: 0 the
// tensor indexed along the dimension (its stride there is 0 in the layout and dimStride here), 1 the
// int64 index, 2 the other tensor. The op functors come from elementwise.cu.

/** dst[...] = src[... index ...]: operands (src without dim, index, dst). */
template <class W, class I>
__device__ __forceinline__ void gather_kernel(W* dst, const W* src, const i64* index, const Layout& L, i64 dimStride) {
    for_each_element<3, I>(L, [&](const I (&off)[3]) {
        dst[off[2]] = src[off[0] + (I) index[off[1]] * (I) dimStride];
    });
}

/** dst[... index ...] = src[...]: operands (dst without dim, index, src); later writes win in no set order. */
template <class W, class I>
__device__ __forceinline__ void scatter_kernel(W* dst, const W* src, const i64* index, const Layout& L, i64 dimStride) {
    for_each_element<3, I>(L, [&](const I (&off)[3]) {
        dst[off[0] + (I) index[off[1]] * (I) dimStride] = src[off[2]];
    });
}

// ---- atomic read-modify-write of any element type ----------------------------------------------
/** Applies {@code op} atomically by compare-and-swap on the aligned word holding the element. */
template <class T, class Op>
__device__ __forceinline__ void atomic_apply_cas(T* addr, T value) {
    typedef typename Compute<T>::type C;
    if (sizeof(T) == 8) {
        u64* word = (u64*) addr;
        u64 old = *word;
        u64 assumed;
        do {
            assumed = old;
            T current = *(T*) &assumed;
            T next = Conv<T>::from(Op()(load_as<C>(current), load_as<C>(value)));
            old = atomicCAS(word, assumed, *(u64*) &next);
        } while (old != assumed);
    } else {
        // 1, 2 or 4 bytes: the enclosing aligned 32-bit word
        u64 address = (u64) addr;
        u32* word = (u32*) (address & ~(u64) 3);
        const u32 shift = (u32) (address & 3) * 8;
        const u32 mask = sizeof(T) == 4 ? 0xFFFFFFFFu : ((sizeof(T) == 2 ? 0xFFFFu : 0xFFu) << shift);
        u32 old = *word;
        u32 assumed;
        do {
            assumed = old;
            u32 bits = (assumed & mask) >> shift;
            T current;
            if (sizeof(T) == 1) { u8 b = (u8) bits; current = *(T*) &b; }
            else if (sizeof(T) == 2) { u16 b = (u16) bits; current = *(T*) &b; }
            else { current = *(T*) &bits; }
            T next = Conv<T>::from(Op()(load_as<C>(current), load_as<C>(value)));
            u32 nextBits;
            if (sizeof(T) == 1) nextBits = *(u8*) &next;
            else if (sizeof(T) == 2) nextBits = *(u16*) &next;
            else nextBits = *(u32*) &next;
            old = atomicCAS(word, assumed, (assumed & ~mask) | ((nextBits << shift) & mask));
        } while (old != assumed);
    }
}

template <class T, class Op> struct Atomic {
    static __device__ __forceinline__ void apply(T* addr, T value) { atomic_apply_cas<T, Op>(addr, value); }
};
// hardware atomic adds where they exist
template <> struct Atomic<float, op_add> {
    static __device__ __forceinline__ void apply(float* addr, float value) { atomicAdd(addr, value); }
};
template <> struct Atomic<i32, op_add> {
    static __device__ __forceinline__ void apply(i32* addr, i32 value) { atomicAdd(addr, value); }
};
template <> struct Atomic<i64, op_add> {
    static __device__ __forceinline__ void apply(i64* addr, i64 value) { atomicAdd((u64*) addr, (u64) value); }
};
#if !defined(__CUDA_ARCH__) || __CUDA_ARCH__ >= 600
template <> struct Atomic<double, op_add> {
    static __device__ __forceinline__ void apply(double* addr, double value) { atomicAdd(addr, value); }
};
#endif

/** dst[... index ...] op= src[...]: operands (dst without dim, index, src). */
template <class T, class Op, class I>
__device__ __forceinline__ void scatter_reduce_kernel(T* dst, const T* src, const i64* index, const Layout& L, i64 dimStride) {
    for_each_element<3, I>(L, [&](const I (&off)[3]) {
        Atomic<T, Op>::apply(dst + off[0] + (I) index[off[1]] * (I) dimStride, src[off[2]]);
    });
}

// ---- sort ------------------------------------------------------------------------------------
// Each row is sorted as (key, position) pairs of a uint64 key that orders like the values (NaN
// largest, -0 equal to +0; bits inverted when descending) and the original position, which makes
// the bitonic network stable. Rows are padded to a power of two with keys that sort last.

/** Written by dev.arbor.cuda.SortPlan in this field order. */
struct SortLayout {
    i64 rows;
    i64 length;
    i64 padded;
    i64 descending;
    i64 srcStride;
    i64 valuesStride;
    i64 indicesStride;
    i64 keptNdim;
    i64 keptShape[MAX_DIMS];
    i64 keptSrcStride[MAX_DIMS];
    i64 keptValuesStride[MAX_DIMS];
    i64 keptIndicesStride[MAX_DIMS];
};

__device__ __forceinline__ u64 order_key(double v) {
    if (v != v) return U64_MAX;
    if (v == 0) v = 0.0;  // -0 sorts with +0
    u64 bits = (u64) __double_as_longlong(v);
    return (bits >> 63) ? ~bits : bits | 0x8000000000000000ULL;
}
__device__ __forceinline__ u64 order_key(float v) { return order_key((double) v); }
__device__ __forceinline__ u64 order_key(i64 v) { return (u64) v ^ 0x8000000000000000ULL; }
__device__ __forceinline__ u64 order_key(u64 v) { return v; }

/** Writes the padded (key, position) rows: keys [rows][padded], positions likewise. */
template <class S, class I>
__device__ __forceinline__ void sort_keys_kernel(u64* keys, i64* pos, const S* src, const SortLayout& L) {
    typedef typename Compute<S>::type C;
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= L.rows * L.padded) return;
    i64 row = i / L.padded;
    i64 k = i % L.padded;
    if (k < L.length) {
        I s = offset_of<I>(row, L.keptNdim, L.keptShape, L.keptSrcStride);
        u64 key = order_key(load_as<C>(src[s + (I) k * (I) L.srcStride]));
        keys[i] = L.descending ? ~key : key;
    } else {
        keys[i] = U64_MAX;
    }
    pos[i] = k;
}

__device__ __forceinline__ bool pair_less(u64 ka, i64 pa, u64 kb, i64 pb) { return ka < kb || (ka == kb && pa < pb); }

/** One compare-exchange step (j, k) of the bitonic network over every row in global memory. */
__device__ __forceinline__ void sort_step_kernel(u64* keys, i64* pos, i64 rows, i64 padded, i64 j, i64 k) {
    i64 t = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= rows * padded) return;
    i64 row = t / padded;
    i64 a = t % padded;
    i64 b = a ^ j;
    if (b <= a) return;
    i64 ia = row * padded + a;
    i64 ib = row * padded + b;
    bool ascending = (a & k) == 0;
    bool swap = ascending ? pair_less(keys[ib], pos[ib], keys[ia], pos[ia]) : pair_less(keys[ia], pos[ia], keys[ib], pos[ib]);
    if (swap) {
        u64 tk = keys[ia]; keys[ia] = keys[ib]; keys[ib] = tk;
        i64 tp = pos[ia]; pos[ia] = pos[ib]; pos[ib] = tp;
    }
}

#define SORT_SHARED 2048
/** A whole padded row (at most SORT_SHARED) sorted in shared memory by one block of 1024 threads. */
__device__ __forceinline__ void sort_shared_kernel(u64* keys, i64* pos, i64 padded) {
    __shared__ u64 sk[SORT_SHARED];
    __shared__ i32 sp[SORT_SHARED];
    const i64 row = blockIdx.x;
    for (i64 i = threadIdx.x; i < padded; i += blockDim.x) {
        sk[i] = keys[row * padded + i];
        sp[i] = (i32) pos[row * padded + i];
    }
    __syncthreads();
    for (i64 k = 2; k <= padded; k *= 2) {
        for (i64 j = k / 2; j > 0; j /= 2) {
            for (i64 a = threadIdx.x; a < padded; a += blockDim.x) {
                i64 b = a ^ j;
                if (b > a) {
                    bool ascending = (a & k) == 0;
                    bool swap = ascending ? pair_less(sk[b], sp[b], sk[a], sp[a]) : pair_less(sk[a], sp[a], sk[b], sp[b]);
                    if (swap) {
                        u64 tk = sk[a]; sk[a] = sk[b]; sk[b] = tk;
                        i32 tp = sp[a]; sp[a] = sp[b]; sp[b] = tp;
                    }
                }
            }
            __syncthreads();
        }
    }
    for (i64 i = threadIdx.x; i < padded; i += blockDim.x) {
        keys[row * padded + i] = sk[i];
        pos[row * padded + i] = sp[i];
    }
}

/** values[k] = src[pos[k]], indices[k] = pos[k] for the first {@code length} sorted entries of each row. */
template <class W, class I>
__device__ __forceinline__ void sort_emit_kernel(W* values, i64* indices, const W* src, const i64* pos, const SortLayout& L) {
    i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= L.rows * L.length) return;
    i64 row = i / L.length;
    i64 k = i % L.length;
    i64 p = pos[row * L.padded + k];
    I s = offset_of<I>(row, L.keptNdim, L.keptShape, L.keptSrcStride);
    I v = offset_of<I>(row, L.keptNdim, L.keptShape, L.keptValuesStride);
    I x = offset_of<I>(row, L.keptNdim, L.keptShape, L.keptIndicesStride);
    values[v + (I) k * (I) L.valuesStride] = src[s + (I) p * (I) L.srcStride];
    indices[x + (I) k * (I) L.indicesStride] = p;
}
