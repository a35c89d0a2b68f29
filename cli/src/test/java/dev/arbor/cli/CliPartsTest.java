package dev.arbor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.io.Models;
import dev.arbor.nn.Linear;
import dev.arbor.nn.Module;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's small parts, in this JVM (the commands themselves are tested end to end in {@link CliIT}). */
class CliPartsTest {
    @Test
    void progressBarFillsInProportion() {
        assertEquals("x [" + "-".repeat(30) + "] 0/4", Progress.render("x", 0, 4, null));
        assertEquals("x [" + "#".repeat(15) + "-".repeat(15) + "] 2/4  loss 1", Progress.render("x", 2, 4, "loss 1"));
        assertEquals("x [" + "#".repeat(30) + "] 4/4", Progress.render("x", 9, 4, ""));
    }

    @Test
    void errorsAreOneLineAndSayWhatHappened() {
        assertEquals("a b c", ErrorReport.oneLine("a\n  b\r\nc\n"));
        assertEquals("m.onnx: no such file or folder", ErrorReport.describe(new NoSuchFileException("m.onnx"), false));
        assertEquals("bad shape", ErrorReport.describe(new IllegalArgumentException("bad shape"), false));
        String internal = ErrorReport.describe(new NullPointerException("x is null"), false);
        assertTrue(internal.startsWith("internal error: java.lang.NullPointerException: x is null"), internal);
        assertTrue(internal.endsWith("(run with --verbose for the stack trace)"), internal);
    }

    @Test
    void renameSeparatorIsTheFirstUnescapedEquals() {
        assertEquals(5, ConvertCommand.separator("^fc\\.=head."));
        assertEquals(4, ConvertCommand.separator("a\\=b=c"));
        assertEquals(-1, ConvertCommand.separator("no-separator"));
        assertEquals(-1, ConvertCommand.separator("only\\=escaped"));
    }

    @Test
    void outputNamesBecomeSafeUniqueFileNames() {
        Set<String> used = new HashSet<>();
        assertEquals("logits", RunCommand.fileName("logits", used));
        assertEquals("logits_1", RunCommand.fileName("logits", used));
        assertEquals("_onnx__Gemm_7", RunCommand.fileName("/onnx::Gemm:7", used));
        assertEquals("_.", RunCommand.fileName("..", used));
        assertEquals("output", RunCommand.fileName("", used));
    }

    @Test
    void keyTreeNestsModulesByDottedKeys() {
        KeyTree tree = KeyTree.of(List.of("features.0.weight", "features.0.bias", "features.3.weight", "fc.weight",
                "scale", "odd..key"));
        assertEquals(List.of("", "features", "features.0", "features.3", "fc", "odd"),
                List.copyOf(tree.namedModules().keySet()));
        assertEquals("Module", tree.getSubmodule("features.0").typeName());
    }

    @Test
    void modelsSaveFindsTheOnnxExporter(@TempDir Path tmp) throws IOException {
        Path onnx = tmp.resolve("model.onnx");
        assertEquals("onnx", Models.formatForSaving(onnx).orElseThrow().name());
        Generator.defaultGenerator().manualSeed(3);
        Linear linear = new Linear(3, 2);
        Tensor x = Tensor.randn(new Generator(4), 5, 3);
        Models.save(linear, List.of(x.narrow(0, 0, 1)), onnx);
        Module imported = Models.load(onnx);
        try (var noGrad = GradMode.noGrad()) {
            assertTrue(imported.call(x).sub(linear.call(x)).abs().max().item() < 1e-6, "runs on another batch size");
        }
        Path h5 = tmp.resolve("model.h5");
        assertTrue(Models.formatForSaving(h5).isEmpty(), "HDF5 holds state dicts, not models");
        IOException e = assertThrows(IOException.class, () -> Models.save(linear, List.of(x), h5));
        assertTrue(e.getMessage().startsWith(h5 + ": no plugin"), e.getMessage());
    }
}
