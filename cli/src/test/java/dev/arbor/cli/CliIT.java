package dev.arbor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.cli.demo.DemoNet;
import dev.arbor.io.Models;
import dev.arbor.io.Npy;
import dev.arbor.io.Npz;
import dev.arbor.io.StateDicts;
import dev.arbor.nn.Module;
import dev.arbor.onnx.GraphModule;
import dev.arbor.onnx.OnnxTensors;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end, as a user runs it: each case starts {@code arbor-cli.jar} in a new JVM
 * (stdin, stdout and stderr not a terminal) and checks its exit status, its output and the files it
 * wrote against references: PyTorch's outputs and state dicts (the ONNX plugin's fixtures and
 * examples/data), and the library read in this JVM.
 */
class CliIT {
    private static final Path REPO = ArborProcess.repo();
    private static final Path MODELS = REPO.resolve("plugins/onnx/src/test/resources/models");
    private static final Path MLP = MODELS.resolve("mlp");
    private static final Path RESNET = MODELS.resolve("resnet");
    private static final Path EXAMPLES = REPO.resolve("examples/data");

    @TempDir
    Path tmp;

    private ArborProcess.Result arbor(String... args) throws Exception {
        return ArborProcess.run(tmp, args);
    }

    // ------------------------------------------------------------------ help and usage errors

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String command : List.of("", "inspect", "run", "convert", "bench", "demo")) {
            String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
            ArborProcess.Result r = arbor(args).expect(0);
            assertTrue(r.stdout().startsWith("Usage: arbor" + (command.isEmpty() ? "" : " " + command)), r.stdout());
            assertEquals(List.of(), r.stderr());
        }
        assertTrue(arbor("--version").expect(0).stdout().startsWith("arbor "));
    }

    @Test
    void usageErrorsExitWith2AndOneLine() throws Exception {
        String model = MLP.resolve("model.onnx").toString();
        String input = MLP.resolve("input.npy").toString();
        String pt = EXAMPLES.resolve("small_cnn.pt").toString();
        List<List<String>> cases = List.of(
                List.of(),
                List.of("frobnicate"),
                List.of("inspect"),
                List.of("inspect", "--no-such-option", model),
                List.of("run", model, "--threads", "0", "-i", input),
                List.of("run", model, "--threads", "many", "-i", input),
                List.of("run", model, "--device", "gpu:x", "-i", input),
                List.of("run", model),
                List.of("run", model, "-i", "nosuchinput=" + input),
                List.of("run", model, "-i", input, "-i", input),
                List.of("convert", pt),
                List.of("convert", pt, "out.h5", "--rename", "no-separator"),
                List.of("convert", pt, "out.h5", "--rename", "(unclosed=x"),
                List.of("convert", pt, "out.h5", "--rename", "^fc=$2"),            // no group 2
                List.of("convert", pt, "out.h5", "--dtype", "int8"),
                List.of("bench", model, "-i", input, "--iters", "0"));
        for (List<String> args : cases) {
            ArborProcess.Result r = arbor(args.toArray(String[]::new));
            assertEquals(Main.USAGE, r.status(), () -> args + " gave " + r);
            assertTrue(r.oneErrorLine().endsWith("--help')"), args + ": " + r.stderr());
        }
        assertFalse(Files.exists(tmp.resolve("out.h5")));
    }

    // ------------------------------------------------------------------ inspect

    @Test
    void inspectPrintsTheTreeAndThePyTorchStateDict() throws Exception {
        Path model = MLP.resolve("model.onnx");
        String out = arbor("inspect", model.toString()).expect(0).stdout();
        assertTrue(out.contains(Models.load(model).toString()), out);
        Map<String, Object> meta = json(Files.readString(MLP.resolve("meta.json")));
        long values = 0;
        for (Object e : (List<?>) meta.get("state_dict")) {
            List<?> entry = (List<?>) e;
            String shape = entry.get(1).toString();
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote((String) entry.get(0)) + " +" + Pattern.quote(shape)
                    + " +float32 +parameter$").matcher(out).find(), entry + " in\n" + out);
            values += numel((List<?>) entry.get(1));
        }
        assertTrue(out.contains(String.format("parameters: 4 tensors, %,d values", values)), out);
    }

    @Test
    void inspectJsonOfAnOnnxModelWithBuffers() throws Exception {
        Path model = RESNET.resolve("model.onnx");
        Map<String, Object> j = json(arbor("inspect", "--json", model.toString()).expect(0).stdout());
        assertEquals("onnx", j.get("format"));
        Module loaded = Models.load(model);
        List<List<String>> expectedModules = new ArrayList<>();
        loaded.namedModules().forEach((name, m) -> expectedModules.add(List.of(name, m.typeName())));
        List<List<String>> modules = ((List<?>) j.get("modules")).stream()
                .map(m -> List.of((String) ((Map<?, ?>) m).get("name"), (String) ((Map<?, ?>) m).get("type"))).toList();
        assertEquals(expectedModules, modules);
        assertStateDict(json(Files.readString(RESNET.resolve("meta.json"))), j);
    }

    @Test
    void inspectJsonOfAPyTorchCheckpoint() throws Exception {
        Map<String, Object> j = json(arbor("inspect", "--json", EXAMPLES.resolve("small_cnn.pt").toString())
                .expect(0).stdout());
        assertEquals("pytorch", j.get("format"));
        Map<String, Object> meta = json(Files.readString(EXAMPLES.resolve("small_cnn.json")));
        assertStateDict(meta, j);
        Set<String> expected = new LinkedHashSet<>(List.of(""));
        for (Object e : (List<?>) meta.get("state_dict")) {
            String key = (String) ((List<?>) e).get(0);
            expected.add(key.substring(0, key.lastIndexOf('.')));
        }
        List<?> names = ((List<?>) j.get("modules")).stream().map(m -> ((Map<?, ?>) m).get("name")).toList();
        assertEquals(List.copyOf(expected), names);
    }

    /** The JSON's entries, kinds and counts against PyTorch's state dict and parameter names. */
    private static void assertStateDict(Map<String, Object> meta, Map<String, Object> j) {
        List<?> expected = (List<?>) meta.get("state_dict");
        List<?> entries = (List<?>) j.get("stateDict");
        assertEquals(expected.size(), entries.size());
        List<?> parameters = (List<?>) meta.get("parameters");
        long parameterValues = 0;
        long bufferValues = 0;
        for (int i = 0; i < expected.size(); i++) {
            List<?> want = (List<?>) expected.get(i);
            Map<?, ?> got = (Map<?, ?>) entries.get(i);
            assertEquals(want.get(0), got.get("key"));
            assertEquals(want.get(1), got.get("shape"));
            if (want.size() > 2) {
                assertEquals(want.get(2), got.get("dtype"));
            }
            boolean parameter = parameters.contains(want.get(0));
            assertEquals(parameter ? "parameter" : "buffer", got.get("kind"), want.get(0).toString());
            if (parameter) {
                parameterValues += numel((List<?>) want.get(1));
            } else {
                bufferValues += numel((List<?>) want.get(1));
            }
        }
        assertEquals(parameterValues, j.get("parameterCount"));
        assertEquals(bufferValues, j.get("bufferCount"));
    }

    // ------------------------------------------------------------------ run

    @Test
    void runWritesEachOutputAsPyTorchComputedIt() throws Exception {
        Path model = MLP.resolve("model.onnx");
        Tensor input = Npy.read(MLP.resolve("input.npy"));
        String name = ((GraphModule) Models.load(model)).inputNames().getFirst();
        String output = ((GraphModule) Models.load(model)).outputNames().getFirst();
        Path pb = tmp.resolve("input_0.pb");
        Files.write(pb, OnnxTensors.toProto(name, input).toByteArray());
        Tensor expected = Npy.read(MLP.resolve("output.npy"));
        List<String> inputForms = List.of(MLP.resolve("input.npy").toString(), name + "=" + MLP.resolve("input.npy"),
                pb.toString());
        for (int i = 0; i < inputForms.size(); i++) {
            Path dir = tmp.resolve("out" + i);
            String out = arbor("run", model.toString(), "--input", inputForms.get(i), "--output-dir", dir.toString(),
                    "--threads", "1").expect(0).stdout();
            Tensor got = Npy.read(dir.resolve(output + ".npy"));
            assertArrayEquals(expected.shape(), got.shape());
            assertTrue(got.sub(expected).abs().max().item() < 1e-5);
            assertTrue(Pattern.compile("(?m)^" + output + " +" + Pattern.quote(Arrays.toString(expected.shape()))
                    + " +float32 ").matcher(out).find(), out);
            assertEquals(List.of(output + ".npy"), list(dir));
        }
    }

    /**
     * {@code --device cuda:0} runs on the GPU where the CUDA plugin finds one (outputs as on the CPU, to
     * float32 accuracy) and elsewhere fails with one line that says why, leaving no file.
     */
    @Test
    void runOnCudaMatchesPyTorchOrSaysWhyNot() throws Exception {
        Path dir = tmp.resolve("cuda");
        ArborProcess.Result r = arbor("run", MLP.resolve("model.onnx").toString(), "-i",
                MLP.resolve("input.npy").toString(), "-o", dir.toString(), "--device", "cuda:0");
        if (r.status() == 0) {
            String output = ((GraphModule) Models.load(MLP.resolve("model.onnx"))).outputNames().getFirst();
            Tensor expected = Npy.read(MLP.resolve("output.npy"));
            Tensor got = Npy.read(dir.resolve(output + ".npy"));
            assertArrayEquals(expected.shape(), got.shape());
            assertTrue(got.sub(expected).abs().max().item() < 1e-4);
        } else {
            r.expect(Main.FAILED);
            assertTrue(r.oneErrorLine().toLowerCase(java.util.Locale.ROOT).contains("cuda"), r.stderr().toString());
            assertFalse(Files.exists(dir));
        }
    }

    @Test
    void aFailedRunLeavesNoFile() throws Exception {
        Path dir = tmp.resolve("out");
        // probe.npy has 10 features where the model takes 20
        ArborProcess.Result r = arbor("run", MLP.resolve("model.onnx").toString(), "-i",
                MLP.resolve("probe.npy").toString(), "-o", dir.toString()).expect(Main.FAILED);
        assertTrue(r.oneErrorLine().contains("Gemm"), r.stderr().toString());
        assertFalse(Files.exists(dir));
    }

    @Test
    void runIntoAFolderThatCannotBeMade() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        ArborProcess.Result r = arbor("run", MLP.resolve("model.onnx").toString(), "-i",
                MLP.resolve("input.npy").toString(), "-o", file.resolve("out").toString()).expect(Main.FAILED);
        assertTrue(r.oneErrorLine().contains("not a folder"), r.stderr().toString());
        assertEquals(List.of("a-file"), list(tmp));
    }

    @Test
    void runIntoAReadOnlyFolder() throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root writes in read-only folders");
        Path readOnly = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        arbor("run", MLP.resolve("model.onnx").toString(), "-i", MLP.resolve("input.npy").toString(),
                "-o", readOnly.toString()).expect(Main.FAILED).oneErrorLine();
        assertEquals(List.of(), list(readOnly));
    }

    // ------------------------------------------------------------------ convert

    /**
     * Every source format (ONNX, a PyTorch checkpoint written by PyTorch, safetensors, HDF5) to every
     * writable one: the same keys, shapes, dtypes and bytes as the reference of the source.
     */
    @Test
    void convertEveryFormatPairKeepsKeysShapesAndBits() throws Exception {
        Map<String, Tensor> mixed = mixedDTypes();
        Path safetensors = tmp.resolve("mixed.safetensors");
        Path hdf5 = tmp.resolve("mixed.h5");
        StateDicts.save(mixed, safetensors);
        StateDicts.save(mixed, hdf5);
        Map<Path, Map<String, Tensor>> sources = new LinkedHashMap<>();
        sources.put(MLP.resolve("model.onnx"), Npz.read(MLP.resolve("state_dict.npz")));
        sources.put(EXAMPLES.resolve("small_cnn.pt"), Npz.read(EXAMPLES.resolve("small_cnn_state.npz")));
        sources.put(safetensors, mixed);
        sources.put(hdf5, mixed);
        for (Map.Entry<Path, Map<String, Tensor>> source : sources.entrySet()) {
            for (String ext : List.of(".pt", ".safetensors", ".h5")) {
                Path dst = tmp.resolve("converted-" + source.getKey().getFileName() + ext);
                ArborProcess.Result r = arbor("convert", source.getKey().toString(), dst.toString()).expect(0);
                assertEquals(List.of(), r.stderr());
                assertSameTensors(source.getValue(), StateDicts.load(dst), source.getKey() + " -> " + ext);
            }
        }
    }

    @Test
    void convertRenamesAndCastsOnRequest() throws Exception {
        Path dst = tmp.resolve("renamed.safetensors");
        arbor("convert", EXAMPLES.resolve("small_cnn.pt").toString(), dst.toString(), "--rename", "^bn\\.=norm.",
                "--rename", "^fc(\\.)=head$1", "--dtype", "float16").expect(0);
        Map<String, Tensor> expected = new LinkedHashMap<>();
        Npz.read(EXAMPLES.resolve("small_cnn_state.npz")).forEach((k, t) -> expected.put(
                k.replaceFirst("^bn\\.", "norm.").replaceFirst("^fc\\.", "head."),
                t.dtype().isFloatingPoint() ? t.to(DType.FLOAT16) : t));
        assertSameTensors(expected, StateDicts.load(dst), "renamed and cast");
        assertEquals(DType.INT64, StateDicts.load(dst).get("norm.num_batches_tracked").dtype());
    }

    @Test
    void aFailedConvertLeavesNoFile() throws Exception {
        byte[] pt = Files.readAllBytes(EXAMPLES.resolve("small_cnn.pt"));
        Path truncated = Files.write(tmp.resolve("truncated.pt"), Arrays.copyOf(pt, pt.length / 2));
        Path notAStateDict = MLP.resolve("input.npy");
        for (Path source : List.of(truncated, notAStateDict, tmp.resolve("missing.pt"))) {
            arbor("convert", source.toString(), tmp.resolve("out.h5").toString()).expect(Main.FAILED).oneErrorLine();
            assertEquals(List.of("truncated.pt"), list(tmp));
        }
        String line = arbor("convert", EXAMPLES.resolve("small_cnn.pt").toString(), tmp.resolve("out.txt").toString())
                .expect(Main.FAILED).oneErrorLine();
        assertTrue(line.contains("out.txt"), line);
        arbor("convert", EXAMPLES.resolve("small_cnn.pt").toString(), tmp.resolve("no/such/folder/out.h5").toString())
                .expect(Main.FAILED).oneErrorLine();
        assertEquals(List.of("truncated.pt"), list(tmp));
    }

    // ------------------------------------------------------------------ bench

    @Test
    void benchPrintsMedianMinAndMax() throws Exception {
        String out = arbor("bench", MLP.resolve("model.onnx").toString(), "-i", MLP.resolve("input.npy").toString(),
                "--warmup", "2", "--iters", "7", "--threads", "1").expect(0).stdout();
        assertTrue(out.contains("7 runs after 2 warm-up, 1 CPU thread"), out);
        Matcher m = Pattern.compile("median ([0-9.]+) ms +min ([0-9.]+) ms +max ([0-9.]+) ms").matcher(out);
        assertTrue(m.find(), out);
        double median = Double.parseDouble(m.group(1));
        double min = Double.parseDouble(m.group(2));
        double max = Double.parseDouble(m.group(3));
        assertTrue(0 < min && min <= median && median <= max, out);
    }

    // ------------------------------------------------------------------ failed operations

    @Test
    void failuresExitWith1AndOneLineWithoutStackTrace() throws Exception {
        String model = MLP.resolve("model.onnx").toString();
        String input = MLP.resolve("input.npy").toString();
        List<List<String>> cases = List.of(
                List.of("inspect", "missing.onnx"),
                List.of("inspect", input),                                   // a tensor, not a model
                List.of("inspect", tmp.toString()),                          // a folder
                List.of("run", "missing.onnx", "-i", input),
                List.of("run", EXAMPLES.resolve("small_cnn.pt").toString(), "-i", input), // weights only
                List.of("run", model, "-i", "missing.npy"),
                List.of("run", model, "-i", model),                          // not a tensor file
                List.of("bench", "missing.onnx", "-i", input),
                List.of("convert", "missing.pt", "out.h5"));
        for (List<String> args : cases) {
            ArborProcess.Result r = arbor(args.toArray(String[]::new));
            assertEquals(Main.FAILED, r.status(), () -> args + " gave " + r);
            r.oneErrorLine();
        }
        ArborProcess.Result verbose = arbor("--verbose", "inspect", "missing.onnx").expect(Main.FAILED);
        assertTrue(verbose.stderr().size() > 1 && verbose.stderr().stream().anyMatch(l -> l.startsWith("\tat ")),
                verbose.stderr().toString());
    }

    // ------------------------------------------------------------------ demo

    @Test
    void demoLearnsSavesReloadsAndDrawsTheLossCurve() throws Exception {
        Path dir = tmp.resolve("demo");
        ArborProcess.Result r = arbor("demo", "--output-dir", dir.toString()).expect(0);
        System.out.printf("arbor demo took %.1f s on %d processors%n", r.seconds(), Runtime.getRuntime().availableProcessors());
        assertEquals(List.of(), r.stderr(), "quiet on stderr in a pipe: no progress bar");
        Matcher m = Pattern.compile("accuracy on the (\\d+) held-out images: ([0-9.]+)%").matcher(r.stdout());
        assertTrue(m.find(), r.stdout());
        assertTrue(Double.parseDouble(m.group(2)) > 90, r.stdout());
        assertTrue(r.stdout().contains(DemoNet.create().toString()), "prints the module tree:\n" + r.stdout());
        Set<String> keys = DemoNet.create().stateDict().keySet();
        for (String file : List.of("demo-cnn.h5", "demo-cnn.safetensors")) {
            assertEquals(keys, StateDicts.load(dir.resolve(file)).keySet());
        }
        BufferedImage png = ImageIO.read(dir.resolve("loss.png").toFile());
        assertTrue(png.getWidth() >= 400 && png.getHeight() >= 300);
    }

    @Test
    void progressBarOnlyOnATerminal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) to run under a terminal");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ArborProcess.JVM_FLAGS);
        command.addAll(List.of("-jar", ArborProcess.jar().toString(), "bench", MLP.resolve("model.onnx").toString(),
                "-i", MLP.resolve("input.npy").toString(), "--warmup", "1", "--iters", "3"));
        String line = String.join(" ", command.stream().map(a -> "'" + a + "'").toList());
        ArborProcess.Result onTerminal = ArborProcess.exec(List.of("/usr/bin/script", "-qec", line, "/dev/null"), tmp)
                .expect(0);
        assertTrue(onTerminal.stdout().contains("bench [###"), onTerminal.stdout());
        ArborProcess.Result inPipe = arbor(command.subList(command.indexOf("bench"), command.size()).toArray(String[]::new))
                .expect(0);
        assertFalse(inPipe.stdout().contains("[#") || inPipe.stdout().contains("\r"), inPipe.stdout());
        assertEquals(List.of(), inPipe.stderr());
    }

    // ------------------------------------------------------------------ README

    @Test
    void readmeCliReferenceIsTheUsageHelp() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ArborProcess.JVM_FLAGS);
        command.addAll(List.of("-cp", ArborProcess.jar().toString(), UsageReference.class.getName()));
        String reference = ArborProcess.exec(command, tmp).expect(0).stdout();
        String readme = Files.readString(REPO.resolve("README.md"));
        String begin = UsageReference.BEGIN + "\n";
        int from = readme.indexOf(begin);
        int to = readme.indexOf(UsageReference.END);
        assertTrue(from >= 0 && to > from, "README.md lacks the CLI reference markers");
        assertEquals(reference, readme.substring(from + begin.length(), to),
                "README.md's CLI reference is out of date; regenerate it with: " + UsageReference.COMMAND);
    }

    // ------------------------------------------------------------------ helpers

    /** Tensors of every dtype that every writable format holds, with a 0-d and an empty one. */
    private static Map<String, Tensor> mixedDTypes() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("layer.weight", Tensor.of(new float[] {1.5f, -2.25f, Float.MIN_VALUE, Float.MAX_VALUE, -0f, 3e-39f}, 2, 3));
        m.put("layer.bias", Tensor.of(new double[] {Math.PI, -1e300, 0.1, 4.9e-324}, 4));
        m.put("half", Tensor.of(new double[] {0.1, 65504, -6e-8}, DType.FLOAT16, 3));
        m.put("brain", Tensor.of(new double[] {0.1, -3e38, 1, 7}, DType.BFLOAT16, 2, 2));
        m.put("bn.num_batches_tracked", Tensor.scalar(Long.MAX_VALUE, DType.INT64));
        m.put("ints32", Tensor.of(new int[] {Integer.MIN_VALUE, 0, 7, Integer.MAX_VALUE, -1}, 5));
        m.put("ints16", Tensor.of(new double[] {-32768, 32767, 5}, DType.INT16, 3));
        m.put("ints8", Tensor.of(new double[] {-128, 127}, DType.INT8, 2));
        m.put("bytes", Tensor.of(new double[] {0, 255, 17}, DType.UINT8, 3));
        m.put("mask", Tensor.of(new boolean[] {true, false, true, true}, 4));
        m.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
        return m;
    }

    private static void assertSameTensors(Map<String, Tensor> expected, Map<String, Tensor> actual, String what)
            throws IOException {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (String key : expected.keySet()) {
            assertArrayEquals(npyBytes(expected.get(key)), npyBytes(actual.get(key)), what + ": " + key);
        }
    }

    /**
     * A tensor's dtype, shape and bits, as a .npy file holds them (bfloat16, which NumPy lacks, widened
     * to float32, which is exact).
     */
    private static byte[] npyBytes(Tensor t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(t.dtype().typeName().getBytes(StandardCharsets.US_ASCII));
        Npy.write(t.dtype() == DType.BFLOAT16 ? t.to(DType.FLOAT32) : t, out);
        return out.toByteArray();
    }

    private static long numel(List<?> shape) {
        return shape.stream().mapToLong(d -> ((Number) d).longValue()).reduce(1, (a, b) -> a * b);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws IOException {
        return (Map<String, Object>) TestJson.parse(text);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
