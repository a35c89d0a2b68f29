package dev.arbor.benchmarks;

import dev.arbor.backend.cpu.CpuParallel;
import dev.arbor.nn.Conv2d;
import dev.arbor.nn.CrossEntropyLoss;
import dev.arbor.nn.Flatten;
import dev.arbor.nn.Linear;
import dev.arbor.nn.MaxPool2d;
import dev.arbor.nn.Module;
import dev.arbor.nn.ReLU;
import dev.arbor.nn.Sequential;
import dev.arbor.optim.SGD;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
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
 * Whole-model steps on batches of 64, float32: an MLP 784-512-512-10 (ReLU) on flat inputs and a
 * LeNet-style CNN (conv 1→6 5x5, ReLU, max-pool 2, conv 6→16 5x5, ReLU, max-pool 2, 256-120-84-10)
 * on 1x28x28 images. {@code forward} is inference without autograd; {@code trainStep} is one
 * forward, cross-entropy, backward and SGD step. {@code benchmarks/compare-torch.sh} runs the same
 * steps in PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ModelBenchmark {
    @Param({"mlp", "lenet"})
    public String model;

    @Param({"2"})
    public int threads;

    private Module net;
    private Tensor input;
    private Tensor target;
    private CrossEntropyLoss loss;
    private SGD sgd;

    /** Builds the model and a fixed random batch. */
    @Setup(Level.Trial)
    public void setUp() {
        CpuParallel.setThreads(threads);
        Generator gen = new Generator(42);
        if (model.equals("mlp")) {
            net = new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 512), new ReLU(),
                    new Linear(512, 10));
            input = Tensor.randn(gen, 64, 784);
        } else {
            net = new Sequential(new Conv2d(1, 6, 5), new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5), new ReLU(),
                    new MaxPool2d(2), new Flatten(), new Linear(256, 120), new ReLU(), new Linear(120, 84),
                    new ReLU(), new Linear(84, 10));
            input = Tensor.randn(gen, 64, 1, 28, 28);
        }
        target = Tensor.randint(gen, 0, 10, 64);
        loss = new CrossEntropyLoss();
        sgd = new SGD(net.parameters(), new SGD.Options(0.01));
    }

    /** Inference: the forward pass with gradient recording off. */
    @Benchmark
    public Tensor forward() {
        try (var scope = GradMode.noGrad()) {
            return net.call(input);
        }
    }

    /** One training step: forward, loss, backward, SGD update. */
    @Benchmark
    public Tensor trainStep() {
        sgd.zeroGrad();
        Tensor l = loss.forward(net.call(input), target);
        l.backward();
        sgd.step();
        return l;
    }
}
