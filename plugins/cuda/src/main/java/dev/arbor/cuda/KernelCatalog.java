package dev.arbor.cuda;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.ReduceOp;
import dev.arbor.backend.ScatterMode;
import dev.arbor.backend.UnaryOp;
import dev.arbor.tensor.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every kernel the backend can launch: each op for each dtype it is defined on, each element width,
 * each index width. Compiling them all ahead ({@link Cuda#precompile}) fills the kernel cache so that
 * no first call pays for NVRTC, and checks that NVRTC accepts every one of them.
 */
final class KernelCatalog {
    private KernelCatalog() {}

    /** The output dtype the engine gives a reduction of {@code t}. */
    static DType reducedType(ReduceOp op, DType t) {
        return switch (op) {
            case SUM, PROD -> t.isFloatingPoint() ? t : DType.INT64;
            case ANY, ALL -> DType.BOOL;
            default -> t;
        };
    }

    /** All kernels, each name once. */
    static List<KernelSource.Spec> all() {
        List<KernelSource.Spec> out = new ArrayList<>();
        for (KernelSource.Index ix : KernelSource.Index.values()) {
            for (DType s : DType.values()) {
                for (DType d : DType.values()) {
                    if (s != d) {
                        out.add(KernelSource.cast(s, d, ix));
                    }
                }
            }
            for (int w : new int[] {1, 2, 4, 8}) {
                out.add(KernelSource.copy(w, ix));
                out.add(KernelSource.fill(w, ix));
                out.add(KernelSource.where(w, ix));
                out.add(KernelSource.gather(w, ix));
                out.add(KernelSource.scatter(w, ix));
                out.add(KernelSource.sortEmit(w, ix));
            }
            for (DType t : DType.values()) {
                for (UnaryOp op : UnaryOp.values()) {
                    if (CudaElementwise.unaryDefined(op, t)) {
                        out.add(KernelSource.unary(op, t, op.isPredicate() ? DType.BOOL : t, ix));
                    }
                }
                for (BinaryOp op : BinaryOp.values()) {
                    if (CudaElementwise.binaryDefined(op, t)) {
                        out.add(KernelSource.binary(op, t, op.isComparison() ? DType.BOOL : t, ix));
                    }
                }
                for (ReduceOp op : ReduceOp.values()) {
                    DType dst = reducedType(op, t);
                    out.add(KernelSource.reduce(op, t, dst, ix));
                    out.add(KernelSource.reduce(op, KernelSource.partialDType(op, t), dst, ix));
                }
                out.add(KernelSource.argReduce(true, t, ix));
                out.add(KernelSource.argReduce(false, t, ix));
                for (DType dst : t.isFloatingPoint() ? List.of(t) : List.of(t, DType.INT64)) {
                    for (boolean product : new boolean[] {false, true}) {
                        out.add(KernelSource.scan(product, false, t, dst, ix));
                        out.add(KernelSource.scan(product, true, t, dst, ix));
                    }
                }
                for (ScatterMode mode : ScatterMode.values()) {
                    if (mode != ScatterMode.REPLACE) {
                        out.add(KernelSource.scatterReduce(mode, t, ix));
                    }
                }
                out.add(KernelSource.sortKeys(t, ix));
            }
        }
        out.add(KernelSource.sortStep());
        out.add(KernelSource.sortShared());
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16)) {
            for (KernelSource.WindowKernel k : KernelSource.WindowKernel.values()) {
                out.add(KernelSource.window(k, t));
            }
        }
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
            out.add(KernelSource.softmax(t));
            out.add(KernelSource.layerNorm(t));
        }
        Map<String, KernelSource.Spec> unique = new LinkedHashMap<>();
        for (KernelSource.Spec s : out) {
            unique.putIfAbsent(s.name(), s);
        }
        return List.copyOf(unique.values());
    }
}
