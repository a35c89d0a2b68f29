package dev.arbor.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.arbor.backend.cpu.CpuParallel;
import dev.arbor.onnx.GraphModule;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.MemoryScope;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
 * Forward latency of the ONNX plugin's conformance models (exported by PyTorch with a dynamic batch
 * dimension: {@code src/main/python/make_onnx_models.py}) in Arbor and in ONNX Runtime Java, on the same
 * file and the same random float32 input. Arbor imports the file as a {@link GraphModule} and runs it in
 * eval mode without autograd; ONNX Runtime runs it as a session with its default graph optimisations.
 * Both use {@code threads} threads: Arbor's CPU kernels through {@link CpuParallel}, ONNX Runtime's
 * intra-op pool (inter-op 1). Setup checks that the two give the same output. {@code
 * benchmarks/compare-ort.sh} runs both in interleaved rounds and prints the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed, pre-touched heap, as latency-minded services run: with a growing heap each forward's
// short-lived objects kept faulting fresh heap pages in, in phases of 5-10x slower calls (docs/PERFORMANCE.md)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class OnnxModelBenchmark {
    /** The conformance model, by its folder name in the ONNX plugin's test resources. */
    @Param({"mlp", "lenet", "resnet", "transformer", "lstm", "unet", "depthwise"})
    public String model;

    /** The batch size (dimension 0 of the input). */
    @Param({"1", "32"})
    public int batch;

    /** Who runs the model: {@code arbor} or {@code ort} (ONNX Runtime). */
    @Param({"arbor", "ort"})
    public String runtime;

    /** Threads for each runtime's kernels. */
    @Param({"2"})
    public int threads;

    private Path file;
    private Tensor input;
    private GraphModule arbor;
    private OrtEnvironment env;
    private OrtSession session;
    private Map<String, OnnxTensor> feeds;

    /** Loads the model into both runtimes, makes the input, and checks that their outputs agree. */
    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        file = Files.createTempFile("arbor-bench-" + model, ".onnx");
        try (InputStream in = OnnxModelBenchmark.class.getResourceAsStream("/onnx-models/" + model + ".onnx")) {
            if (in == null) {
                throw new IOException("no resource onnx-models/" + model + ".onnx (run make_onnx_models.py)");
            }
            Files.write(file, in.readAllBytes());
        }
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = env.createSession(file.toString(), options);
        }
        long[] shape = ((TensorInfo) session.getInputInfo().get("input").getInfo()).getShape();
        shape[0] = batch;
        input = Tensor.randn(new Generator(42), shape);
        feeds = Map.of("input", OnnxTensor.createTensor(env, FloatBuffer.wrap(input.toFloatArray()), shape));

        CpuParallel.setThreads(threads);
        arbor = GraphModule.load(file);
        arbor.eval();
        checkAgreement();
        if (runtime.equals("arbor")) {
            closeSession();
        } else {
            arbor = null;
        }
    }

    private void checkAgreement() throws OrtException {
        float[] ours = arborForward().toFloatArray();
        float[] theirs;
        try (OrtSession.Result result = session.run(feeds)) {
            FloatBuffer buf = ((OnnxTensor) result.get(0)).getFloatBuffer();
            theirs = new float[buf.remaining()];
            buf.get(theirs);
        }
        if (ours.length != theirs.length) {
            throw new IllegalStateException(model + ": Arbor gives " + ours.length + " values, ONNX Runtime " + theirs.length);
        }
        for (int i = 0; i < ours.length; i++) {
            if (!(Math.abs(ours[i] - theirs[i]) <= 1e-4 + 1e-3 * Math.abs(theirs[i]))) {
                throw new IllegalStateException(model + ": output " + i + " is " + ours[i] + " in Arbor, " + theirs[i]
                        + " in ONNX Runtime");
            }
        }
    }

    private void closeSession() throws OrtException {
        if (feeds != null) {
            feeds.values().forEach(OnnxTensor::close);
            feeds = null;
        }
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /** Closes the session and deletes the model file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException, OrtException {
        closeSession();
        Files.deleteIfExists(file);
    }

    private Tensor arborForward() {
        try (var scope = GradMode.noGrad()) {
            return (Tensor) arbor.call(input);
        }
    }

    /**
     * One forward pass on the batch. Each runtime hands its output's memory back before the next pass:
     * ONNX Runtime when its result closes, Arbor when the memory scope around the call releases the
     * output, which the graph run hands to that scope (so neither waits for the garbage collector).
     */
    @Benchmark
    public Object forward() throws OrtException {
        if (arbor != null) {
            try (var grad = GradMode.noGrad(); MemoryScope memory = MemoryScope.open()) {
                Tensor out = (Tensor) arbor.call(input);
                memory.release(out.storage());
                return out;
            }
        }
        try (OrtSession.Result result = session.run(feeds)) {
            return result.get(0);
        }
    }
}
