package dev.arbor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.io.StateDicts;
import dev.arbor.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example and checks what it computed against references (PyTorch's outputs, math). */
class ExamplesTest {
    private static final Path DATA = Path.of(System.getProperty("arbor.examples.data", "data"));

    @TempDir
    Path tmp;

    @Test
    void quickStartLearnsTheSine() throws Exception {
        String out = captureStdout(() -> QuickStart.main(new String[0]));
        Matcher m = Pattern.compile("the model says (-?[0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        assertEquals(Math.sin(1), Double.parseDouble(m.group(1)), 0.05, out);
    }

    @Test
    void readmeQuickStartIsTheExampleSource() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("arbor.readme", "../README.md")));
        String source = Files.readString(Path.of("src/main/java/dev/arbor/examples/QuickStart.java"));
        assertTrue(readme.contains("```java\n" + source + "```\n"),
                "README.md's Java quick start must be examples/src/main/java/dev/arbor/examples/QuickStart.java, "
                        + "verbatim, in a ```java block");
    }

    @Test
    void mlpLearnsTheSpirals() {
        assertTrue(TrainMlp.run() > 0.95);
    }

    @Test
    void fineTunedOnnxModelLearnsTheNewTaskAndReloadsFromHdf5() throws Exception {
        FineTuneOnnx.Result r = FineTuneOnnx.run(DATA, tmp);
        assertTrue(r.accuracyBefore() < 0.5, "the imported model does not know the new task: " + r);
        assertTrue(r.accuracyAfter() > 0.6, "fine-tuning learns it: " + r);
        assertTrue(r.reloadedSame(), r.toString());
        Map<String, Tensor> saved = StateDicts.load(r.hdf5());
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(saved.keySet()));
    }

    @Test
    void pytorchCheckpointLoadsIntoTheHandBuiltModule() throws Exception {
        assertTrue(LoadPytorchCheckpoint.run(DATA) < 1e-5);
        assertEquals(Files.readString(DATA.resolve("small_cnn_repr.txt")).strip(),
                new LoadPytorchCheckpoint.SmallCnn().toString());
    }

    @Test
    void cudaRunsOrSaysWhyNot() {
        MoveToCuda.Result r = MoveToCuda.run();
        if (r.ranOnGpu()) {
            assertTrue(r.maxDifference() < 1e-4, r.toString());
        } else {
            assertFalse(r.whyNot().isBlank());
        }
    }

    @Test
    void mainsTakeTheDataFolderAsArgument() throws Exception {
        String[] args = {DATA.toString(), tmp.toString()};
        LoadPytorchCheckpoint.main(args);
        MoveToCuda.main(args);
    }

    private interface Body {
        void run() throws Exception;
    }

    private static String captureStdout(Body body) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
