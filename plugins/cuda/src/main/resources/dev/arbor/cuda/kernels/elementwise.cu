// Elementwise kernels over strided views: copy with conversion, fill, unary, binary and where.
// Each operation is a functor applied in the compute type of the input dtype (float for the half
// types, double, int64, or uint64 for uint64); the definitions follow dev.arbor.backend.cpu.ScalarMath.

// ---- unary ops -------------------------------------------------------------------------------
struct op_neg { template <class C> __device__ C operator()(C x) const { return (C) 0 - x; } };
struct op_abs {
    __device__ float operator()(float x) const { return m_fabs(x); }
    __device__ double operator()(double x) const { return m_fabs(x); }
    __device__ i64 operator()(i64 x) const { return x < 0 ? -x : x; }
    __device__ u64 operator()(u64 x) const { return x; }
};
struct op_sign {
    template <class C> __device__ C operator()(C x) const { return is_nan(x) ? (C) 0 : (C) ((x > 0) - (x < 0)); }
    __device__ u64 operator()(u64 x) const { return x > 0 ? 1 : 0; }
};
struct op_square { template <class C> __device__ C operator()(C x) const { return x * x; } };
struct op_bitwise_not { template <class C> __device__ C operator()(C x) const { return ~x; } };
struct op_logical_not { template <class C> __device__ C operator()(C x) const { return x == 0 ? (C) 1 : (C) 0; } };
struct op_isnan { template <class C> __device__ C operator()(C x) const { return is_nan(x) ? (C) 1 : (C) 0; } };
struct op_isinf { template <class C> __device__ C operator()(C x) const { return is_inf(x) ? (C) 1 : (C) 0; } };
struct op_relu { template <class C> __device__ C operator()(C x) const { return x > 0 || is_nan(x) ? x : (C) 0; } };
struct op_exp { template <class C> __device__ C operator()(C x) const { return m_exp(x); } };
struct op_expm1 { template <class C> __device__ C operator()(C x) const { return m_expm1(x); } };
struct op_log { template <class C> __device__ C operator()(C x) const { return m_log(x); } };
struct op_log1p { template <class C> __device__ C operator()(C x) const { return m_log1p(x); } };
struct op_log2 { template <class C> __device__ C operator()(C x) const { return m_log2(x); } };
struct op_sqrt { template <class C> __device__ C operator()(C x) const { return m_sqrt(x); } };
struct op_rsqrt { template <class C> __device__ C operator()(C x) const { return (C) 1 / m_sqrt(x); } };
struct op_reciprocal { template <class C> __device__ C operator()(C x) const { return (C) 1 / x; } };
struct op_sin { template <class C> __device__ C operator()(C x) const { return m_sin(x); } };
struct op_cos { template <class C> __device__ C operator()(C x) const { return m_cos(x); } };
struct op_tan { template <class C> __device__ C operator()(C x) const { return m_tan(x); } };
struct op_asin { template <class C> __device__ C operator()(C x) const { return m_asin(x); } };
struct op_acos { template <class C> __device__ C operator()(C x) const { return m_acos(x); } };
struct op_atan { template <class C> __device__ C operator()(C x) const { return m_atan(x); } };
struct op_sinh { template <class C> __device__ C operator()(C x) const { return m_sinh(x); } };
struct op_cosh { template <class C> __device__ C operator()(C x) const { return m_cosh(x); } };
struct op_tanh { template <class C> __device__ C operator()(C x) const { return m_tanh(x); } };
struct op_asinh { template <class C> __device__ C operator()(C x) const { return m_asinh(x); } };
struct op_acosh { template <class C> __device__ C operator()(C x) const { return m_acosh(x); } };
struct op_atanh { template <class C> __device__ C operator()(C x) const { return m_atanh(x); } };
struct op_sigmoid { template <class C> __device__ C operator()(C x) const { return (C) 1 / ((C) 1 + m_exp(-x)); } };
struct op_erf { template <class C> __device__ C operator()(C x) const { return m_erf(x); } };
struct op_gelu {
    template <class C> __device__ C operator()(C x) const {
        return (C) 0.5 * x * ((C) 1 + m_erf(x * (C) 0.70710678118654752440));
    }
};
struct op_gelu_tanh {
    template <class C> __device__ C operator()(C x) const {
        return (C) 0.5 * x * ((C) 1 + m_tanh((C) 0.79788456080286535588 * (x + (C) 0.044715 * x * x * x)));
    }
};
struct op_silu { template <class C> __device__ C operator()(C x) const { return x / ((C) 1 + m_exp(-x)); } };
template <class C> __device__ __forceinline__ C softplus(C x) { return x > (C) 20 ? x : m_log1p(m_exp(x)); }
struct op_softplus { template <class C> __device__ C operator()(C x) const { return softplus(x); } };
struct op_mish { template <class C> __device__ C operator()(C x) const { return x * m_tanh(softplus(x)); } };
struct op_floor {
    template <class C> __device__ C operator()(C x) const { return m_floor(x); }
    __device__ i64 operator()(i64 x) const { return x; }
    __device__ u64 operator()(u64 x) const { return x; }
};
struct op_ceil {
    template <class C> __device__ C operator()(C x) const { return m_ceil(x); }
    __device__ i64 operator()(i64 x) const { return x; }
    __device__ u64 operator()(u64 x) const { return x; }
};
struct op_round {
    template <class C> __device__ C operator()(C x) const { return m_rint(x); }
    __device__ i64 operator()(i64 x) const { return x; }
    __device__ u64 operator()(u64 x) const { return x; }
};
struct op_trunc {
    template <class C> __device__ C operator()(C x) const { return m_trunc(x); }
    __device__ i64 operator()(i64 x) const { return x; }
    __device__ u64 operator()(u64 x) const { return x; }
};

// ---- binary ops ------------------------------------------------------------------------------
__device__ __forceinline__ i64 floor_div(i64 a, i64 b) {
    if (b == 0) return 0;  // no trap on a GPU; the CPU raises ZeroDivisionError
    i64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
__device__ __forceinline__ u64 floor_div(u64 a, u64 b) { return b == 0 ? 0 : a / b; }
/** Python's floor division (ScalarMath.floorDivide): from fmod, so a tiny quotient's sign still rounds down. */
__device__ __forceinline__ double floor_div(double a, double b) {
    if (b == 0) return a / b;
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
    if (div == 0) return copysign(0.0, a / b);
    double fl = floor(div);
    return div - fl > 0.5 ? fl + 1 : fl;
}
/** In double, as the CPU computes it. */
__device__ __forceinline__ float floor_div(float a, float b) { return (float) floor_div((double) a, (double) b); }

__device__ __forceinline__ i64 py_mod(i64 a, i64 b) {
    if (b == 0) return 0;
    i64 r = a % b;
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}
__device__ __forceinline__ u64 py_mod(u64 a, u64 b) { return b == 0 ? 0 : a % b; }
template <class C> __device__ __forceinline__ C py_mod(C a, C b) {
    C r = m_fmod(a, b);
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

__device__ __forceinline__ i64 c_mod(i64 a, i64 b) { return b == 0 ? 0 : a % b; }
__device__ __forceinline__ u64 c_mod(u64 a, u64 b) { return b == 0 ? 0 : a % b; }
template <class C> __device__ __forceinline__ C c_mod(C a, C b) { return m_fmod(a, b); }

__device__ __forceinline__ i64 int_pow(i64 base, i64 exp) {
    if (exp < 0) {
        return base == 1 ? 1 : base == -1 ? ((exp & 1) == 0 ? 1 : -1) : 0;
    }
    i64 result = 1;
    while (exp > 0) {
        if (exp & 1) result *= base;
        base *= base;
        exp >>= 1;
    }
    return result;
}
__device__ __forceinline__ i64 power(i64 a, i64 b) { return int_pow(a, b); }
__device__ __forceinline__ u64 power(u64 a, u64 b) { return (u64) int_pow((i64) a, (i64) b); }
template <class C> __device__ __forceinline__ C power(C a, C b) { return m_pow(a, b); }

__device__ __forceinline__ i64 shift_right(i64 a, i64 b) { return a >> (b < 0 ? 0 : b > 63 ? 63 : b); }
__device__ __forceinline__ u64 shift_right(u64 a, u64 b) { return b >= 64 ? 0 : a >> b; }
__device__ __forceinline__ i64 shift_left(i64 a, i64 b) { return (b >= 64 || b < 0) ? 0 : a << b; }
__device__ __forceinline__ u64 shift_left(u64 a, u64 b) { return b >= 64 ? 0 : a << b; }

struct op_add { template <class C> __device__ C operator()(C a, C b) const { return a + b; } };
struct op_sub { template <class C> __device__ C operator()(C a, C b) const { return a - b; } };
struct op_mul { template <class C> __device__ C operator()(C a, C b) const { return a * b; } };
struct op_div {
    template <class C> __device__ C operator()(C a, C b) const { return a / b; }
    __device__ i64 operator()(i64 a, i64 b) const { return floor_div(a, b); }
    __device__ u64 operator()(u64 a, u64 b) const { return floor_div(a, b); }
};
struct op_pow { template <class C> __device__ C operator()(C a, C b) const { return power(a, b); } };
struct op_maximum { template <class C> __device__ C operator()(C a, C b) const { return nan_max(a, b); } };
struct op_minimum { template <class C> __device__ C operator()(C a, C b) const { return nan_min(a, b); } };
struct op_atan2 { template <class C> __device__ C operator()(C a, C b) const { return m_atan2(a, b); } };
struct op_floor_divide { template <class C> __device__ C operator()(C a, C b) const { return floor_div(a, b); } };
struct op_remainder { template <class C> __device__ C operator()(C a, C b) const { return py_mod(a, b); } };
struct op_fmod { template <class C> __device__ C operator()(C a, C b) const { return c_mod(a, b); } };
struct op_bitwise_and { template <class C> __device__ C operator()(C a, C b) const { return a & b; } };
struct op_bitwise_or { template <class C> __device__ C operator()(C a, C b) const { return a | b; } };
struct op_bitwise_xor { template <class C> __device__ C operator()(C a, C b) const { return a ^ b; } };
struct op_shift_left { template <class C> __device__ C operator()(C a, C b) const { return shift_left(a, b); } };
struct op_shift_right { template <class C> __device__ C operator()(C a, C b) const { return shift_right(a, b); } };
struct op_eq { template <class C> __device__ C operator()(C a, C b) const { return a == b ? (C) 1 : (C) 0; } };
struct op_ne { template <class C> __device__ C operator()(C a, C b) const { return a != b ? (C) 1 : (C) 0; } };
struct op_lt { template <class C> __device__ C operator()(C a, C b) const { return a < b ? (C) 1 : (C) 0; } };
struct op_le { template <class C> __device__ C operator()(C a, C b) const { return a <= b ? (C) 1 : (C) 0; } };
struct op_gt { template <class C> __device__ C operator()(C a, C b) const { return a > b ? (C) 1 : (C) 0; } };
struct op_ge { template <class C> __device__ C operator()(C a, C b) const { return a >= b ? (C) 1 : (C) 0; } };
struct op_logical_and { template <class C> __device__ C operator()(C a, C b) const { return (a != 0 && b != 0) ? (C) 1 : (C) 0; } };
struct op_logical_or { template <class C> __device__ C operator()(C a, C b) const { return (a != 0 || b != 0) ? (C) 1 : (C) 0; } };
struct op_logical_xor { template <class C> __device__ C operator()(C a, C b) const { return ((a != 0) != (b != 0)) ? (C) 1 : (C) 0; } };

// ---- kernels bodies (entry points are generated by dev.arbor.cuda.KernelSource) ----------------
/** dst = op(src): operand 0 is dst, 1 is src. */
template <class S, class D, class Op, class I>
__device__ __forceinline__ void unary_kernel(D* dst, const S* src, const Layout& L) {
    typedef typename Compute<S>::type C;
    for_each_element<2, I>(L, [&](const I (&off)[2]) {
        dst[off[0]] = Conv<D>::from(Op()(load_as<C>(src[off[1]])));
    });
}

/** dst = op(a, b): operands dst, a, b; a and b share a dtype. */
template <class T, class D, class Op, class I>
__device__ __forceinline__ void binary_kernel(D* dst, const T* a, const T* b, const Layout& L) {
    typedef typename Compute<T>::type C;
    for_each_element<3, I>(L, [&](const I (&off)[3]) {
        dst[off[0]] = Conv<D>::from(Op()(load_as<C>(a[off[1]]), load_as<C>(b[off[2]])));
    });
}

/** dst = cond ? a : b, moved as raw elements of width W: operands dst, cond, a, b. */
template <class W, class I>
__device__ __forceinline__ void where_kernel(W* dst, const bool* cond, const W* a, const W* b, const Layout& L) {
    for_each_element<4, I>(L, [&](const I (&off)[4]) {
        dst[off[0]] = cond[off[1]] ? a[off[2]] : b[off[3]];
    });
}

/** dst = convert(src): operands dst, src. */
template <class S, class D, class I>
__device__ __forceinline__ void cast_kernel(D* dst, const S* src, const Layout& L) {
    for_each_element<2, I>(L, [&](const I (&off)[2]) {
        dst[off[0]] = convert<D>(src[off[1]]);
    });
}

/** dst = src for one dtype, moved as raw elements of width W. */
template <class W, class I>
__device__ __forceinline__ void copy_kernel(W* dst, const W* src, const Layout& L) {
    for_each_element<2, I>(L, [&](const I (&off)[2]) {
        dst[off[0]] = src[off[1]];
    });
}

/** Every element of dst becomes {@code bits} (the value already converted by the host). */
template <class W, class I>
__device__ __forceinline__ void fill_kernel(W* dst, u64 bits, const Layout& L) {
    const W value = (W) bits;
    for_each_element<1, I>(L, [&](const I (&off)[1]) {
        dst[off[0]] = value;
    });
}
