package dev.arbor.cuda;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.ReduceOp;
import dev.arbor.backend.ScatterMode;
import dev.arbor.backend.UnaryOp;
import dev.arbor.tensor.DType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CUDA C source of each kernel Arbor launches. The kernel bodies are templates in resource files
 * ({@code dev/arbor/cuda/kernels/*.cu}); this class writes the {@code extern "C"} entry point that
 * instantiates one for a dtype, op and index width, and prepends the files it needs. Each kernel is
 * compiled on first use (one small NVRTC program), so only the kernels a program uses are compiled.
 */
final class KernelSource {
    /** Threads per block of the elementwise, reduction and indexing kernels (ARBOR_BLOCK). */
    static final int BLOCK = 256;
    /** Elements per thread per grid step of the elementwise kernels (ARBOR_ITEMS). */
    static final int ITEMS = 4;
    /** Threads per block of the shared-memory sort (it holds SORT_SHARED entries). */
    static final int SORT_BLOCK = 1024;
    static final int SORT_SHARED = 2048;

    /** The resource files a kernel needs, after common.cuh. */
    enum Family {
        ELEMENTWISE("elementwise.cu"),
        REDUCE("reduce.cu"),
        INDEXING("elementwise.cu", "indexing.cu"),
        WINDOW("window.cu"),
        ROWS("rows.cu");

        private final String[] files;

        Family(String... files) {
            this.files = files;
        }
    }

    /** The width of index arithmetic: 32-bit where every offset fits, which is faster. */
    enum Index {
        I32, I64;

        String cType() {
            return this == I32 ? "i32" : "i64";
        }
    }

    /** A kernel: its entry-point name and what defines it. */
    record Spec(String name, Family family, String entry) {
        /** The whole translation unit. */
        String source() {
            StringBuilder sb = new StringBuilder(resource("common.cuh"));
            for (String f : family.files) {
                sb.append('\n').append(resource(f));
            }
            return sb.append('\n').append(entry).append('\n').toString();
        }
    }

    private static final Map<String, String> RESOURCES = new ConcurrentHashMap<>();

    private KernelSource() {}

    static String resource(String file) {
        return RESOURCES.computeIfAbsent(file, f -> {
            try (InputStream in = KernelSource.class.getResourceAsStream("kernels/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("kernel source dev/arbor/cuda/kernels/" + f + " is missing from the jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The C type a dtype's elements are stored as. */
    static String cType(DType t) {
        return switch (t) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case FLOAT16 -> "f16";
            case BFLOAT16 -> "bf16";
            case INT64 -> "i64";
            case INT32 -> "i32";
            case INT16 -> "i16";
            case INT8 -> "i8";
            case UINT8 -> "u8";
            case UINT16 -> "u16";
            case UINT32 -> "u32";
            case UINT64 -> "u64";
            case BOOL -> "bool";
        };
    }

    /** The C type arithmetic on a dtype runs in (common.cuh's Compute). */
    static String computeType(DType t) {
        return cType(computeDType(t));
    }

    /** The dtype of {@link #computeType}: float32 for the 16-bit floats, int64 for integers below 64 bits and bool. */
    static DType computeDType(DType t) {
        return switch (t) {
            case FLOAT32, FLOAT16, BFLOAT16 -> DType.FLOAT32;
            case FLOAT64 -> DType.FLOAT64;
            case UINT64 -> DType.UINT64;
            default -> DType.INT64;
        };
    }

    /** The unsigned type of {@code bytes} bytes that moves elements without converting them. */
    static String widthType(int bytes) {
        return switch (bytes) {
            case 1 -> "u8";
            case 2 -> "u16";
            case 4 -> "u32";
            case 8 -> "u64";
            default -> throw new IllegalArgumentException("no element type of " + bytes + " bytes");
        };
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static Spec kernel(Family family, String name, int maxThreads, String params, String body) {
        return new Spec(name, family, "extern \"C\" __global__ void __launch_bounds__(" + maxThreads + ") " + name + "("
                + params + ") {\n    " + body + "\n}");
    }

    static Spec cast(DType src, DType dst, Index ix) {
        String s = cType(src);
        String d = cType(dst);
        return kernel(Family.ELEMENTWISE, "cast_" + src + "_" + dst + "_" + lower(ix), BLOCK,
                d + "* dst, const " + s + "* src, const Layout L",
                "cast_kernel<" + s + ", " + d + ", " + ix.cType() + ">(dst, src, L);");
    }

    static Spec copy(int width, Index ix) {
        String w = widthType(width);
        return kernel(Family.ELEMENTWISE, "copy_" + w + "_" + lower(ix), BLOCK, w + "* dst, const " + w + "* src, const Layout L",
                "copy_kernel<" + w + ", " + ix.cType() + ">(dst, src, L);");
    }

    static Spec fill(int width, Index ix) {
        String w = widthType(width);
        return kernel(Family.ELEMENTWISE, "fill_" + w + "_" + lower(ix), BLOCK, w + "* dst, u64 bits, const Layout L",
                "fill_kernel<" + w + ", " + ix.cType() + ">(dst, bits, L);");
    }

    static Spec unary(UnaryOp op, DType src, DType dst, Index ix) {
        String s = cType(src);
        String d = cType(dst);
        return kernel(Family.ELEMENTWISE, "unary_" + lower(op) + "_" + src + "_" + dst + "_" + lower(ix), BLOCK,
                d + "* dst, const " + s + "* src, const Layout L",
                "unary_kernel<" + s + ", " + d + ", op_" + lower(op) + ", " + ix.cType() + ">(dst, src, L);");
    }

    static Spec binary(BinaryOp op, DType t, DType dst, Index ix) {
        String c = cType(t);
        String d = cType(dst);
        return kernel(Family.ELEMENTWISE, "binary_" + lower(op) + "_" + t + "_" + dst + "_" + lower(ix), BLOCK,
                d + "* dst, const " + c + "* a, const " + c + "* b, const Layout L",
                "binary_kernel<" + c + ", " + d + ", op_" + lower(op) + ", " + ix.cType() + ">(dst, a, b, L);");
    }

    static Spec where(int width, Index ix) {
        String w = widthType(width);
        return kernel(Family.ELEMENTWISE, "where_" + w + "_" + lower(ix), BLOCK,
                w + "* dst, const bool* cond, const " + w + "* a, const " + w + "* b, const Layout L",
                "where_kernel<" + w + ", " + ix.cType() + ">(dst, cond, a, b, L);");
    }

    /** The reducer type of common reductions over {@code src}. */
    private static String reducer(ReduceOp op, DType src) {
        String a = computeType(src);
        return switch (op) {
            case SUM -> "SumReducer<" + a + ">";
            case PROD -> "ProdReducer<" + a + ">";
            case MAX -> "MaxReducer<" + a + ">";
            case MIN -> "MinReducer<" + a + ">";
            case ANY -> "AnyReducer<" + a + ">";
            case ALL -> "AllReducer<" + a + ">";
        };
    }

    /** The dtype a split reduction's partial results are stored in (the reducer's accumulator). */
    static DType partialDType(ReduceOp op, DType src) {
        return op == ReduceOp.ANY || op == ReduceOp.ALL ? DType.INT64 : computeDType(src);
    }

    static Spec reduce(ReduceOp op, DType src, DType dst, Index ix) {
        return reduceWith(reducer(op, src), "reduce_" + lower(op) + "_" + src + "_" + dst + "_" + lower(ix), src, dst, ix);
    }

    static Spec argReduce(boolean max, DType src, Index ix) {
        String r = "ArgReducer<" + computeType(src) + ", " + max + ">";
        return reduceWith(r, (max ? "argmax_" : "argmin_") + src + "_" + lower(ix), src, DType.INT64, ix);
    }

    private static Spec reduceWith(String reducer, String name, DType src, DType dst, Index ix) {
        String s = cType(src);
        String d = cType(dst);
        return kernel(Family.REDUCE, name, BLOCK, d + "* dst, const " + s + "* src, void* partial, const ReduceLayout L",
                "reduce_kernel<" + s + ", " + d + ", " + reducer + ", " + ix.cType() + ">(dst, src, (" + reducer
                        + "::Acc*) partial, L);");
    }

    /**
     * A scan along one dimension: one thread per row ({@code perBlock} false) or one block per row.
     * It accumulates in the compute type of {@code dst}, as the CPU backend does.
     */
    static Spec scan(boolean product, boolean perBlock, DType src, DType dst, Index ix) {
        String s = cType(src);
        String d = cType(dst);
        String body = perBlock ? "scan_block_kernel" : "scan_rows_kernel";
        return kernel(Family.REDUCE, (product ? "cumprod_" : "cumsum_") + (perBlock ? "block_" : "rows_") + src + "_" + dst
                        + "_" + lower(ix), BLOCK, d + "* dst, const " + s + "* src, const ScanLayout L",
                body + "<" + s + ", " + d + ", " + computeType(dst) + ", " + product + ", " + ix.cType() + ">(dst, src, L);");
    }

    static Spec gather(int width, Index ix) {
        String w = widthType(width);
        return kernel(Family.INDEXING, "gather_" + w + "_" + lower(ix), BLOCK,
                w + "* dst, const " + w + "* src, const i64* index, const Layout L, i64 dimStride",
                "gather_kernel<" + w + ", " + ix.cType() + ">(dst, src, index, L, dimStride);");
    }

    static Spec scatter(int width, Index ix) {
        String w = widthType(width);
        return kernel(Family.INDEXING, "scatter_" + w + "_" + lower(ix), BLOCK,
                w + "* dst, const " + w + "* src, const i64* index, const Layout L, i64 dimStride",
                "scatter_kernel<" + w + ", " + ix.cType() + ">(dst, src, index, L, dimStride);");
    }

    /** scatter with ADD, MULTIPLY, MAX or MIN, by atomic read-modify-write. */
    static Spec scatterReduce(ScatterMode mode, DType t, Index ix) {
        String op = switch (mode) {
            case ADD -> "op_add";
            case MULTIPLY -> "op_mul";
            case MAX -> "op_maximum";
            case MIN -> "op_minimum";
            case REPLACE -> throw new IllegalArgumentException("REPLACE is scatter, not a reduction");
        };
        String c = cType(t);
        return kernel(Family.INDEXING, "scatter_" + lower(mode) + "_" + t + "_" + lower(ix), BLOCK,
                c + "* dst, const " + c + "* src, const i64* index, const Layout L, i64 dimStride",
                "scatter_reduce_kernel<" + c + ", " + op + ", " + ix.cType() + ">(dst, src, index, L, dimStride);");
    }

    static Spec sortKeys(DType t, Index ix) {
        String c = cType(t);
        return kernel(Family.INDEXING, "sort_keys_" + t + "_" + lower(ix), BLOCK,
                "u64* keys, i64* pos, const " + c + "* src, const SortLayout L",
                "sort_keys_kernel<" + c + ", " + ix.cType() + ">(keys, pos, src, L);");
    }

    static Spec sortStep() {
        return kernel(Family.INDEXING, "sort_step", BLOCK, "u64* keys, i64* pos, i64 rows, i64 padded, i64 j, i64 k",
                "sort_step_kernel(keys, pos, rows, padded, j, k);");
    }

    static Spec sortShared() {
        return kernel(Family.INDEXING, "sort_shared", SORT_BLOCK, "u64* keys, i64* pos, i64 padded",
                "sort_shared_kernel(keys, pos, padded);");
    }

    static Spec sortEmit(int width, Index ix) {
        String w = widthType(width);
        return kernel(Family.INDEXING, "sort_emit_" + w + "_" + lower(ix), BLOCK,
                w + "* values, i64* indices, const " + w + "* src, const i64* pos, const SortLayout L",
                "sort_emit_kernel<" + w + ", " + ix.cType() + ">(values, indices, src, pos, L);");
    }

    /** The sliding-window kernels of window.cu. */
    enum WindowKernel {
        IM2COL("T* columns, const T* input", "columns, input"),
        COL2IM("T* output, const T* columns", "output, columns"),
        MAX_POOL("T* values, i64* indices, const T* input", "values, indices, input"),
        AVG_POOL("T* output, const T* input", "output, input"),
        AVG_POOL_BACKWARD("T* gradInput, const T* gradOutput", "gradInput, gradOutput");

        private final String params;
        private final String args;

        WindowKernel(String params, String args) {
            this.params = params;
            this.args = args;
        }
    }

    static Spec window(WindowKernel k, DType t) {
        String c = cType(t);
        String fn = lower(k);
        return kernel(Family.WINDOW, fn + "_" + t, BLOCK, k.params.replace("T*", c + "*") + ", const WindowLayout W",
                fn + "_kernel<" + c + ">(" + k.args + ", W);");
    }

    /** Softmax or log-softmax along rows (rows.cu), float32 or float64. */
    static Spec softmax(DType t) {
        String c = cType(t);
        return kernel(Family.ROWS, "softmax_" + t, BLOCK, c + "* out, const " + c + "* in, const RowLayout L, i64 log",
                "softmax_kernel<" + c + ">(out, in, L, log);");
    }

    /** Layer normalization of contiguous rows (rows.cu), float32 or float64. */
    static Spec layerNorm(DType t) {
        String c = cType(t);
        return kernel(Family.ROWS, "layer_norm_" + t, BLOCK, c + "* out, const " + c + "* in, const " + c + "* weight, const "
                + c + "* bias, i64 rows, i64 size, double eps", "layer_norm_kernel<" + c + ">(out, in, weight, bias, rows, size, eps);");
    }
}
