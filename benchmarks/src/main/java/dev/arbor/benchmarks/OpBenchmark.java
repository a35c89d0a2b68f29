package dev.arbor.benchmarks;

import dev.arbor.backend.cpu.CpuParallel;
import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single float32 ops, each allocating its output as user code does: a ResNet-sized 3x3 convolution
 * (batch 8, 64→64 channels, 56x56, padding 1) and {@code a + b} on 64 MB operands (16M elements).
 * {@code benchmarks/compare-torch.sh} runs the same ops in PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class OpBenchmark {
    @Param({"2"})
    public int threads;

    private Tensor image;
    private Tensor weight;
    private Tensor bias;
    private Tensor a;
    private Tensor b;

    /** Fixed random operands. */
    @Setup(Level.Trial)
    public void setUp() {
        CpuParallel.setThreads(threads);
        Generator gen = new Generator(42);
        image = Tensor.randn(gen, 8, 64, 56, 56);
        weight = Tensor.randn(gen, 64, 64, 3, 3).mul(0.05);
        bias = Tensor.randn(gen, 64);
        a = Tensor.randn(gen, 1 << 24);
        b = Tensor.randn(gen, 1 << 24);
    }

    /** {@code conv2d(8x64x56x56, 64x64x3x3, padding 1)}. */
    @Benchmark
    public Tensor conv2d() {
        return F.conv2d(image, weight, bias, 1, 1);
    }

    /** {@code a + b} on 16M float32 elements. */
    @Benchmark
    public Tensor add64MB() {
        return a.add(b);
    }
}
