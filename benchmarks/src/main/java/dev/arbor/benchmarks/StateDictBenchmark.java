package dev.arbor.benchmarks;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.io.StateDicts;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Saving and loading a 200 MiB state dict ({@code tensors} float32 tensors of {@code rows x 1024},
 * keys {@code layers.N.weight}) through {@link StateDicts} in each format, beside reading the file's
 * bytes into memory, the floor for any loader. Each operation is timed alone (single shot); the file is
 * in the page cache after the first read, so loads measure the format's work, not the disk.
 *
 * <ul>
 *   <li>{@code save}: writes the state dict (atomically, as every format does).
 *   <li>{@code load}: {@code StateDicts.load}; formats that map the file (safetensors, .pt) return
 *       tensors viewing it, so their data is not yet read.
 *   <li>{@code loadAndSum}: loads and sums every tensor, so every byte is touched.
 *   <li>{@code readFile} / {@code readFileAndSum}: the file's bytes read into memory with one
 *       {@link FileChannel} (and summed as float32 values): the baselines.
 * </ul>
 *
 * {@code benchmarks/compare-h5py.sh} runs the HDF5 case beside h5py.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
public class StateDictBenchmark {
    /** The file format, by its extension. */
    @Param({"pt", "safetensors", "h5"})
    public String format;

    /** How many tensors. */
    @Param({"50"})
    public int tensors;

    /** Rows of each tensor (of 1024 float32 columns): 1024 rows give 4 MiB a tensor. */
    @Param({"1024"})
    public int rows;

    private static final int COLUMNS = 1024;

    private Path dir;
    private Path saved;
    private Path loaded;
    private Map<String, Tensor> stateDict;
    private Arena arena;
    private MemorySegment fileBuffer;

    /** Builds the state dict and writes the file the loads read. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("arbor-statedict-bench");
        saved = dir.resolve("saved." + format);
        loaded = dir.resolve("loaded." + format);
        stateDict = new LinkedHashMap<>();
        long[] shape = {rows, COLUMNS};
        for (int i = 0; i < tensors; i++) {
            long n = Shapes.numel(shape);
            CpuStorage storage = CpuStorage.allocate(n * Float.BYTES);
            MemorySegment m = storage.segment();
            for (long j = 0; j < n; j++) {
                m.setAtIndex(ValueLayout.JAVA_FLOAT, j, (float) ((i * 31 + j) % 1999) * 1e-3f - 1f);
            }
            stateDict.put("layers." + i + ".weight", Tensor.wrap(storage, DType.FLOAT32, shape,
                    Shapes.contiguousStrides(shape), 0));
        }
        StateDicts.save(stateDict, loaded);
        arena = Arena.ofShared();
        fileBuffer = arena.allocate(Files.size(loaded), 64);
    }

    /** Deletes the files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        arena.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Lets the collector free the last iteration's loaded tensors before the next is timed. */
    @TearDown(Level.Iteration)
    public void collect() {
        System.gc();
    }

    /** Writes the state dict. */
    @Benchmark
    public Path save() throws IOException {
        StateDicts.save(stateDict, saved);
        return saved;
    }

    /** Reads the state dict (mapped formats: without touching the data). */
    @Benchmark
    public Map<String, Tensor> load() throws IOException {
        return StateDicts.load(loaded);
    }

    /** Reads the state dict and sums every tensor. */
    @Benchmark
    public double loadAndSum() throws IOException {
        double sum = 0;
        for (Tensor t : StateDicts.load(loaded).values()) {
            sum += t.sum().item();
        }
        return sum;
    }

    /** Reads the file's bytes into memory. */
    @Benchmark
    public MemorySegment readFile() throws IOException {
        readInto(fileBuffer);
        return fileBuffer;
    }

    /**
     * Reads the file's bytes into memory and sums them as float32 values, in pieces of one tensor's
     * size as {@link #loadAndSum} sums.
     */
    @Benchmark
    public double readFileAndSum() throws IOException {
        readInto(fileBuffer);
        CpuStorage storage = new CpuStorage(fileBuffer);
        long n = fileBuffer.byteSize() / Float.BYTES;
        long piece = (long) rows * COLUMNS;
        double sum = 0;
        for (long start = 0; start < n; start += piece) {
            long[] shape = {Math.min(piece, n - start)};
            sum += Tensor.wrap(storage, DType.FLOAT32, shape, new long[] {1}, start).sum().item();
        }
        return sum;
    }

    private void readInto(MemorySegment buffer) throws IOException {
        try (FileChannel ch = FileChannel.open(loaded, StandardOpenOption.READ)) {
            var bb = buffer.asByteBuffer();
            while (bb.hasRemaining() && ch.read(bb) >= 0) {
                // FileChannel.read may return fewer bytes than asked
            }
        }
    }
}
