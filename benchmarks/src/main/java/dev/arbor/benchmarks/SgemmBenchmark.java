package dev.arbor.benchmarks;

import dev.arbor.backend.cpu.CpuParallel;
import dev.arbor.backend.cpu.Gemm;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square float32 {@code C = A @ B} through {@link Gemm#sgemm} on row-major off-heap matrices. The score is
 * the time per multiplication; one multiplication is {@code 2 * size^3} floating-point operations, so
 * GFLOP/s is {@code 2 * size^3 / (score in ms/op * 1e6)} ({@code benchmarks/compare-blas.sh} prints it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SgemmBenchmark {
    @Param({"256", "512", "1024", "2048"})
    public int size;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;

    /** Allocates and fills the matrices and sets the thread count. */
    @Setup(Level.Trial)
    public void setUp() {
        CpuParallel.setThreads(threads);
        arena = Arena.ofShared();
        long bytes = (long) size * size * Float.BYTES;
        a = arena.allocate(bytes, 64);
        b = arena.allocate(bytes, 64);
        c = arena.allocate(bytes, 64);
        Random random = new Random(42);
        for (long i = 0; i < (long) size * size; i++) {
            a.setAtIndex(ValueLayout.JAVA_FLOAT, i, random.nextFloat() - 0.5f);
            b.setAtIndex(ValueLayout.JAVA_FLOAT, i, random.nextFloat() - 0.5f);
        }
    }

    /** Frees the matrices. */
    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** One {@code size x size x size} multiplication. */
    @Benchmark
    public MemorySegment sgemm() {
        Gemm.sgemm(size, size, size, 1f, a, 0, size, 1, b, 0, size, 1, 0f, c, 0, size, 1);
        return c;
    }
}
