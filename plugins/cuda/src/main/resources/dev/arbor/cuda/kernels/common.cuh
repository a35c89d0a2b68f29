// Arbor CUDA kernels: types, conversions and strided indexing shared by every kernel family.
// NVRTC compiles these without any header (a wheel-installed NVRTC has no include folder), so the
// half types and their conversions are written here with PTX and bit arithmetic, and the integer
// types are plain typedefs. Conversions follow the CPU backend (dev.arbor.backend.cpu.Elements):
// floating to integer truncates toward zero, saturates to int64 and then wraps to the width; NaN
// gives 0; anything to bool is "not zero"; to float16/bfloat16 rounds to nearest even.

typedef signed char i8;
typedef unsigned char u8;
typedef short i16;
typedef unsigned short u16;
typedef int i32;
typedef unsigned int u32;
typedef long long i64;
typedef unsigned long long u64;

/** IEEE half precision, stored as its bits. */
struct f16 { u16 bits; };
/** bfloat16, stored as its bits. */
struct bf16 { u16 bits; };

#define ARBOR_BLOCK 256
#define ARBOR_ITEMS 4
#define MAX_DIMS 10
#define MAX_OPERANDS 4
#define I64_MIN (-9223372036854775807LL - 1LL)
#define I64_MAX 9223372036854775807LL
#define U64_MAX 18446744073709551615ULL

__device__ __forceinline__ float f32_inf() { return __int_as_float(0x7f800000); }
__device__ __forceinline__ double f64_inf() { return __longlong_as_double(0x7ff0000000000000LL); }

// ---- the arithmetic type each storage type computes in -------------------------------------
template <class T> struct Compute { typedef i64 type; };
template <> struct Compute<float> { typedef float type; };
template <> struct Compute<double> { typedef double type; };
template <> struct Compute<f16> { typedef float type; };
template <> struct Compute<bf16> { typedef float type; };
template <> struct Compute<u64> { typedef u64 type; };

// ---- storage to a canonical value (float, double, i64 or u64) ---------------------------------
__device__ __forceinline__ float widen(f16 h) {
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h.bits));
    return f;
}
__device__ __forceinline__ float widen(bf16 h) { return __int_as_float(((u32) h.bits) << 16); }
__device__ __forceinline__ float widen(float v) { return v; }
__device__ __forceinline__ double widen(double v) { return v; }
__device__ __forceinline__ i64 widen(bool v) { return v ? 1 : 0; }
__device__ __forceinline__ i64 widen(i8 v) { return v; }
__device__ __forceinline__ i64 widen(u8 v) { return v; }
__device__ __forceinline__ i64 widen(i16 v) { return v; }
__device__ __forceinline__ i64 widen(u16 v) { return v; }
__device__ __forceinline__ i64 widen(i32 v) { return v; }
__device__ __forceinline__ i64 widen(u32 v) { return v; }
__device__ __forceinline__ i64 widen(i64 v) { return v; }
__device__ __forceinline__ u64 widen(u64 v) { return v; }

/**
 * Truncation to int64 as x86's cvttsd2si does it (Elements.doubleToLong): NaN and values outside the
 * int64 range give its minimum; values in [2^63, 2^64) keep their uint64 bits.
 */
__device__ __forceinline__ i64 double_to_i64(double v) {
    if (v >= 9223372036854775808.0 && v < 18446744073709551616.0) {
        return (i64) (u64) v;
    }
    return v >= -9223372036854775808.0 && v < 9223372036854775808.0 ? (i64) v : (i64) 0x8000000000000000ULL;
}

/** Truncation to int32 as x86's cvttss2si does it (Elements.doubleToInt): NaN and out-of-range values give its minimum. */
__device__ __forceinline__ i64 double_to_i32(double v) {
    return v > -2147483649.0 && v < 2147483648.0 ? (i64) (i32) v : (i64) (-2147483647 - 1);
}

/** The signed types narrower than 64 bits, which the CPU converts through int32. */
template <class D> struct ThroughInt32 { static const bool value = false; };
template <> struct ThroughInt32<i8> { static const bool value = true; };
template <> struct ThroughInt32<i16> { static const bool value = true; };
template <> struct ThroughInt32<i32> { static const bool value = true; };

__device__ __forceinline__ u16 float_to_f16_bits(float f) {
    u16 h;
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));
    return h;
}

__device__ __forceinline__ u16 float_to_bf16_bits(float f) {
    u32 bits = (u32) __float_as_int(f);
    if (f != f) {
        return (u16) ((bits >> 16) | 0x40);
    }
    u32 rounding = 0x7FFF + ((bits >> 16) & 1);
    return (u16) ((bits + rounding) >> 16);
}

// ---- a canonical value to storage ------------------------------------------------------------
template <class D> struct Conv;
template <> struct Conv<float> {
    static __device__ __forceinline__ float from(float v) { return v; }
    static __device__ __forceinline__ float from(double v) { return (float) v; }
    static __device__ __forceinline__ float from(i64 v) { return (float) (double) v; }
    static __device__ __forceinline__ float from(u64 v) { return (float) (double) v; }
};
template <> struct Conv<double> {
    static __device__ __forceinline__ double from(float v) { return v; }
    static __device__ __forceinline__ double from(double v) { return v; }
    static __device__ __forceinline__ double from(i64 v) { return (double) v; }
    static __device__ __forceinline__ double from(u64 v) { return (double) v; }
};
template <> struct Conv<f16> {
    static __device__ __forceinline__ f16 from(float v) { f16 r; r.bits = float_to_f16_bits(v); return r; }
    static __device__ __forceinline__ f16 from(double v) { return from((float) v); }
    static __device__ __forceinline__ f16 from(i64 v) { return from((float) (double) v); }
    static __device__ __forceinline__ f16 from(u64 v) { return from((float) (double) v); }
};
template <> struct Conv<bf16> {
    static __device__ __forceinline__ bf16 from(float v) { bf16 r; r.bits = float_to_bf16_bits(v); return r; }
    static __device__ __forceinline__ bf16 from(double v) { return from((float) v); }
    static __device__ __forceinline__ bf16 from(i64 v) { return from((float) (double) v); }
    static __device__ __forceinline__ bf16 from(u64 v) { return from((float) (double) v); }
};
template <> struct Conv<bool> {
    static __device__ __forceinline__ bool from(float v) { return v != 0; }
    static __device__ __forceinline__ bool from(double v) { return v != 0; }
    static __device__ __forceinline__ bool from(i64 v) { return v != 0; }
    static __device__ __forceinline__ bool from(u64 v) { return v != 0; }
};
/** Every integer type: through int32 or int64 as the CPU converts, then truncated to the width (two's complement wrap). */
template <class D> struct Conv {
    static __device__ __forceinline__ D from(float v) { return from((double) v); }
    static __device__ __forceinline__ D from(double v) {
        return (D) (ThroughInt32<D>::value ? double_to_i32(v) : double_to_i64(v));
    }
    static __device__ __forceinline__ D from(i64 v) { return (D) v; }
    static __device__ __forceinline__ D from(u64 v) { return (D) v; }
};

/** Any storage type to any other, as a copy between tensors of those dtypes converts. */
template <class D, class S>
__device__ __forceinline__ D convert(S v) { return Conv<D>::from(widen(v)); }

/** A storage value in the compute type {@code C}. */
template <class C, class S>
__device__ __forceinline__ C load_as(S v) { return Conv<C>::from(widen(v)); }

// ---- strided views ---------------------------------------------------------------------------
/**
 * Up to MAX_OPERANDS views of one shape, dimensions coalesced by the host, base pointers already at
 * each view's offset. Written by dev.arbor.cuda.StridedLayout in this field order.
 */
struct Layout {
    i64 ndim;
    i64 numel;
    i64 shape[MAX_DIMS];
    i64 stride[MAX_OPERANDS][MAX_DIMS];
};

/** Element offsets of the first {@code N} operands at row-major position {@code linear}. */
template <int N, class I>
__device__ __forceinline__ void strided_offsets(const Layout& L, i64 linear, I (&off)[N]) {
    I rest = (I) linear;
#pragma unroll
    for (int k = 0; k < N; k++) {
        off[k] = 0;
    }
#pragma unroll
    for (int d = MAX_DIMS - 1; d >= 0; d--) {
        if (d < L.ndim) {
            I size = (I) L.shape[d];
            I c = rest % size;
            rest /= size;
#pragma unroll
            for (int k = 0; k < N; k++) {
                off[k] += c * (I) L.stride[k][d];
            }
        }
    }
}

/**
 * Runs {@code body(offsets)} for every element: each thread takes ARBOR_ITEMS elements a block
 * apart, and the grid strides over the rest. A one-dimensional layout (contiguous, or one stride
 * per operand) takes an unrolled path without divisions; the general path stays rolled to keep the
 * kernels small.
 */
template <int N, class I, class F>
__device__ __forceinline__ void for_each_element(const Layout& L, F body) {
    const i64 step = (i64) gridDim.x * ARBOR_BLOCK * ARBOR_ITEMS;
    const i64 start = (i64) blockIdx.x * ARBOR_BLOCK * ARBOR_ITEMS + threadIdx.x;
    if (L.ndim == 1) {
        for (i64 base = start; base < L.numel; base += step) {
#pragma unroll
            for (int k = 0; k < ARBOR_ITEMS; k++) {
                i64 i = base + (i64) k * ARBOR_BLOCK;
                if (i < L.numel) {
                    I off[N];
#pragma unroll
                    for (int o = 0; o < N; o++) {
                        off[o] = (I) i * (I) L.stride[o][0];
                    }
                    body(off);
                }
            }
        }
    } else {
        for (i64 base = start; base < L.numel; base += step) {
#pragma unroll 1
            for (int k = 0; k < ARBOR_ITEMS; k++) {
                i64 i = base + (i64) k * ARBOR_BLOCK;
                if (i < L.numel) {
                    I off[N];
                    strided_offsets<N, I>(L, i, off);
                    body(off);
                }
            }
        }
    }
}

/** Offset of position {@code linear} of a shape in a view with these strides (host-made arrays). */
template <class I>
__device__ __forceinline__ I offset_of(i64 linear, i64 ndim, const i64* shape, const i64* stride) {
    I rest = (I) linear;
    I off = 0;
#pragma unroll
    for (int d = MAX_DIMS - 1; d >= 0; d--) {
        if (d < ndim) {
            I size = (I) shape[d];
            off += (rest % size) * (I) stride[d];
            rest /= size;
        }
    }
    return off;
}

// ---- math in float and double ----------------------------------------------------------------
#define ARBOR_MATH1(name, f32, f64) \
    __device__ __forceinline__ float name(float x) { return f32(x); } \
    __device__ __forceinline__ double name(double x) { return f64(x); }
#define ARBOR_MATH2(name, f32, f64) \
    __device__ __forceinline__ float name(float x, float y) { return f32(x, y); } \
    __device__ __forceinline__ double name(double x, double y) { return f64(x, y); }

ARBOR_MATH1(m_exp, expf, exp)
ARBOR_MATH1(m_expm1, expm1f, expm1)
ARBOR_MATH1(m_log, logf, log)
ARBOR_MATH1(m_log1p, log1pf, log1p)
ARBOR_MATH1(m_log2, log2f, log2)
ARBOR_MATH1(m_sqrt, sqrtf, sqrt)
ARBOR_MATH1(m_rsqrt, rsqrtf, rsqrt)
ARBOR_MATH1(m_sin, sinf, sin)
ARBOR_MATH1(m_cos, cosf, cos)
ARBOR_MATH1(m_tan, tanf, tan)
ARBOR_MATH1(m_asin, asinf, asin)
ARBOR_MATH1(m_acos, acosf, acos)
ARBOR_MATH1(m_atan, atanf, atan)
ARBOR_MATH1(m_sinh, sinhf, sinh)
ARBOR_MATH1(m_cosh, coshf, cosh)
ARBOR_MATH1(m_tanh, tanhf, tanh)
ARBOR_MATH1(m_asinh, asinhf, asinh)
ARBOR_MATH1(m_acosh, acoshf, acosh)
ARBOR_MATH1(m_atanh, atanhf, atanh)
ARBOR_MATH1(m_erf, erff, erf)
ARBOR_MATH1(m_floor, floorf, floor)
ARBOR_MATH1(m_ceil, ceilf, ceil)
ARBOR_MATH1(m_rint, rintf, rint)
ARBOR_MATH1(m_trunc, truncf, trunc)
ARBOR_MATH1(m_fabs, fabsf, fabs)
ARBOR_MATH2(m_pow, powf, pow)
ARBOR_MATH2(m_atan2, atan2f, atan2)
ARBOR_MATH2(m_fmod, fmodf, fmod)

__device__ __forceinline__ float m_inf(float) { return f32_inf(); }
__device__ __forceinline__ double m_inf(double) { return f64_inf(); }

template <class C> __device__ __forceinline__ bool is_nan(C x) { return x != x; }
template <class C> __device__ __forceinline__ bool is_inf(C x) { return x == m_inf(x) || x == -m_inf(x); }
__device__ __forceinline__ bool is_nan(i64) { return false; }
__device__ __forceinline__ bool is_nan(u64) { return false; }
__device__ __forceinline__ bool is_inf(i64) { return false; }
__device__ __forceinline__ bool is_inf(u64) { return false; }

__device__ __forceinline__ bool is_neg_zero(float x) { return x == 0 && __float_as_int(x) < 0; }
__device__ __forceinline__ bool is_neg_zero(double x) { return x == 0 && __double_as_longlong(x) < 0; }
__device__ __forceinline__ bool is_neg_zero(i64) { return false; }
__device__ __forceinline__ bool is_neg_zero(u64) { return false; }

/** Java's Math.max: NaN wins, and +0 is larger than -0. */
template <class C> __device__ __forceinline__ C nan_max(C a, C b) {
    if (is_nan(a)) return a;
    if (is_nan(b)) return b;
    if (a == b) return is_neg_zero(a) ? b : a;
    return a > b ? a : b;
}

/** Java's Math.min: NaN wins, and -0 is smaller than +0. */
template <class C> __device__ __forceinline__ C nan_min(C a, C b) {
    if (is_nan(a)) return a;
    if (is_nan(b)) return b;
    if (a == b) return is_neg_zero(a) ? a : b;
    return a < b ? a : b;
}
