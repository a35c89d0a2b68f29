package dev.arbor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.ReduceOp;
import dev.arbor.backend.ScatterMode;
import dev.arbor.backend.UnaryOp;
import dev.arbor.tensor.DType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every kernel family with the local {@code nvcc --ptx} (where a CUDA toolkit is installed,
 * as at /usr/local/cuda on the development machines), so that a kernel that does not compile cannot
 * land unseen on a machine without a GPU. Each family is one translation unit holding the entry
 * points of {@link #coveringKernels}, and the PTX must define each of them.
 */
class KernelCompileTest {
    /** The oldest architecture CUDA 13 compiles for; the kernels must build there. */
    private static final String ARCH = "compute_75";

    static Path nvcc() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getenv("CUDA_HOME");
        if (home != null) {
            candidates.add(Path.of(home, "bin", "nvcc"));
        }
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                candidates.add(Path.of(dir, "nvcc"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static final List<DType> FLOATS = List.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16);
    private static final List<DType> INTEGERS = List.of(DType.INT64, DType.UINT64, DType.INT32, DType.BOOL, DType.UINT8,
            DType.INT8, DType.INT16, DType.UINT16, DType.UINT32);

    /** The i-th of {@code types}, cycling: spreads ops over dtypes so that each pair of template and type is seen. */
    private static DType pick(List<DType> types, int i) {
        return types.get(i % types.size());
    }

    /**
     * Entry points that instantiate every template with every functor and every storage and compute
     * type at least once, by family (all ops x all dtypes would take nvcc minutes): casts from every
     * dtype and to every kind of destination from each canonical type, each unary and binary op on
     * floats and on signed and unsigned integers with the other dtypes spread over them, every
     * reduction, scan, scatter and sort key per dtype, and the window kernels per float type.
     */
    static Map<KernelSource.Family, List<KernelSource.Spec>> coveringKernels() {
        KernelSource.Index ix = KernelSource.Index.I64;
        List<KernelSource.Spec> all = new ArrayList<>();
        for (DType t : DType.values()) {
            if (t != DType.FLOAT32) {
                all.add(KernelSource.cast(t, DType.FLOAT32, ix));
            }
        }
        for (DType s : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.UINT64)) {
            for (DType d : List.of(DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16, DType.BOOL, DType.INT32, DType.UINT8,
                    DType.INT64, DType.UINT64)) {
                if (s != d) {
                    all.add(KernelSource.cast(s, d, ix));
                }
            }
        }
        for (int w : new int[] {1, 2, 4, 8}) {
            all.add(KernelSource.copy(w, ix));
            all.add(KernelSource.fill(w, ix));
            all.add(KernelSource.where(w, ix));
            all.add(KernelSource.gather(w, ix));
            all.add(KernelSource.scatter(w, ix));
            all.add(KernelSource.sortEmit(w, ix));
        }
        all.add(KernelSource.where(4, KernelSource.Index.I32));
        for (UnaryOp op : UnaryOp.values()) {
            int i = op.ordinal();
            if (op != UnaryOp.BITWISE_NOT) {
                all.add(unary(op, pick(FLOATS, i), ix));
            }
            if (CudaElementwise.unaryDefined(op, DType.INT64)) {
                all.add(unary(op, DType.INT64, ix));
                all.add(unary(op, DType.UINT64, ix));
                all.add(unary(op, pick(INTEGERS, i + 2), ix));
            }
        }
        for (BinaryOp op : BinaryOp.values()) {
            int i = op.ordinal();
            for (DType t : List.of(pick(FLOATS, i), DType.INT64, DType.UINT64, pick(INTEGERS, i + 2))) {
                if (CudaElementwise.binaryDefined(op, t)) {
                    all.add(KernelSource.binary(op, t, op.isComparison() ? DType.BOOL : t, ix));
                }
            }
        }
        for (DType t : DType.values()) {
            for (ReduceOp op : ReduceOp.values()) {
                if (op.ordinal() == t.ordinal() % ReduceOp.values().length || t == DType.FLOAT32 || t == DType.FLOAT64
                        || t == DType.INT64 || t == DType.UINT64) {
                    DType dst = switch (op) {
                        case SUM, PROD -> t.isFloatingPoint() ? t : DType.INT64;
                        case ANY, ALL -> DType.BOOL;
                        default -> t;
                    };
                    all.add(KernelSource.reduce(op, t, dst, ix));
                    all.add(KernelSource.reduce(op, KernelSource.partialDType(op, t), dst, ix));
                }
            }
            all.add(KernelSource.argReduce(t.ordinal() % 2 == 0, t, ix));
            all.add(KernelSource.scan(t.ordinal() % 2 == 0, t.ordinal() % 3 == 0, t, t, ix));
            all.add(KernelSource.scatterReduce(ScatterMode.values()[1 + t.ordinal() % 4], t, ix));
            all.add(KernelSource.sortKeys(t, ix));
        }
        all.add(KernelSource.argReduce(true, DType.FLOAT32, KernelSource.Index.I32));
        for (ScatterMode mode : ScatterMode.values()) {
            if (mode != ScatterMode.REPLACE) {
                all.add(KernelSource.scatterReduce(mode, DType.FLOAT32, ix));
                all.add(KernelSource.scatterReduce(mode, DType.FLOAT64, ix));
                all.add(KernelSource.scatterReduce(mode, DType.INT64, ix));
                all.add(KernelSource.scatterReduce(mode, DType.FLOAT16, ix));
            }
        }
        for (boolean product : new boolean[] {false, true}) {
            for (boolean perBlock : new boolean[] {false, true}) {
                all.add(KernelSource.scan(product, perBlock, DType.FLOAT32, DType.FLOAT32, KernelSource.Index.I32));
            }
        }
        all.add(KernelSource.sortStep());
        all.add(KernelSource.sortShared());
        for (DType t : FLOATS) {
            for (KernelSource.WindowKernel k : KernelSource.WindowKernel.values()) {
                all.add(KernelSource.window(k, t));
            }
        }
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
            all.add(KernelSource.softmax(t));
            all.add(KernelSource.layerNorm(t));
        }
        Map<String, KernelSource.Spec> unique = new LinkedHashMap<>();
        for (KernelSource.Spec s : all) {
            KernelSource.Spec before = unique.putIfAbsent(s.name(), s);
            if (before != null && !before.entry().equals(s.entry())) {
                throw new AssertionError("two kernels named " + s.name() + ":\n" + before.entry() + "\n" + s.entry());
            }
        }
        Map<KernelSource.Family, List<KernelSource.Spec>> out = new EnumMap<>(KernelSource.Family.class);
        for (KernelSource.Spec s : unique.values()) {
            out.computeIfAbsent(s.family(), f -> new ArrayList<>()).add(s);
        }
        return out;
    }

    private static KernelSource.Spec unary(UnaryOp op, DType t, KernelSource.Index ix) {
        return KernelSource.unary(op, t, op.isPredicate() ? DType.BOOL : t, ix);
    }

    @Test
    void everyKernelCompilesWithNvcc(@TempDir Path dir) throws Exception {
        Path nvcc = nvcc();
        assumeTrue(nvcc != null, "nvcc not found (CUDA_HOME/bin, /usr/local/cuda/bin, PATH): kernels not compiled");
        Map<KernelSource.Family, List<KernelSource.Spec>> kernels = coveringKernels();
        List<Process> running = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (var e : kernels.entrySet()) {
            List<KernelSource.Spec> specs = e.getValue();
            String first = specs.get(0).source();
            StringBuilder unit = new StringBuilder(first);
            for (KernelSource.Spec s : specs.subList(1, specs.size())) {
                unit.append('\n').append(s.entry()).append('\n');
            }
            Path cu = dir.resolve(e.getKey().name().toLowerCase() + ".cu");
            Files.writeString(cu, unit.toString(), StandardCharsets.UTF_8);
            Path ptx = dir.resolve(e.getKey().name().toLowerCase() + ".ptx");
            outputs.add(ptx);
            // -O0: the front end checks every instantiation; optimizing them would take minutes
            running.add(new ProcessBuilder(nvcc.toString(), "--ptx", "-Xcicc", "-O0", "-arch=" + ARCH, "-std=c++17", "-o",
                    ptx.toString(),
                    cu.toString()).redirectErrorStream(true).redirectOutput(dir.resolve(cu.getFileName() + ".log").toFile())
                    .start());
        }
        int i = 0;
        for (var e : kernels.entrySet()) {
            Process p = running.get(i);
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "nvcc did not finish");
            String log = Files.readString(dir.resolve(e.getKey().name().toLowerCase() + ".cu.log"));
            assertEquals(0, p.exitValue(), "nvcc failed on the " + e.getKey() + " kernels:\n" + log);
            String ptx = Files.readString(outputs.get(i));
            for (KernelSource.Spec s : e.getValue()) {
                assertTrue(ptx.contains(".entry " + s.name() + "("), "the PTX lacks " + s.name());
            }
            i++;
        }
    }
}
