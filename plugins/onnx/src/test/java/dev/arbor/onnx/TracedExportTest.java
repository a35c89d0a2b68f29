package dev.arbor.onnx;

import static dev.arbor.onnx.ImportedModelsTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.nn.AdaptiveAvgPool2d;
import dev.arbor.nn.BatchNorm1d;
import dev.arbor.nn.BatchNorm2d;
import dev.arbor.nn.Conv2d;
import dev.arbor.nn.Dropout;
import dev.arbor.nn.Flatten;
import dev.arbor.nn.GELU;
import dev.arbor.nn.LayerNorm;
import dev.arbor.nn.Linear;
import dev.arbor.nn.MaxPool2d;
import dev.arbor.nn.Module;
import dev.arbor.nn.ReLU;
import dev.arbor.nn.Sequential;
import dev.arbor.nn.Tanh;
import dev.arbor.onnx.proto.OnnxProto.ModelProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arbor-built module trees exported by tracing: ONNX Runtime runs the file and gives Arbor's forward,
 * also at another batch size with a dynamic batch axis; the file imports again with the original's
 * state-dict keys and names its nodes by module scope as torch.onnx does.
 */
class TracedExportTest {
    private static final Generator GEN = new Generator(7);

    static Module mlp() {
        return new Sequential(new Linear(6, 16), new ReLU(), new Dropout(0.3), new Linear(16, 8), new Tanh(),
                new LayerNorm(8), new GELU(), new Linear(8, 3));
    }

    static Module lenet() {
        return new Sequential(new Conv2d(1, 4, 5, 1, 2), new ReLU(), new MaxPool2d(2), new Conv2d(4, 8, 5), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(8 * 2 * 2, 12), new BatchNorm1d(12), new ReLU(),
                new Linear(12, 10));
    }

    private static Sequential named(Object... pairs) {
        LinkedHashMap<String, Module> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Module) pairs[i + 1]);
        }
        return new Sequential(m);
    }

    private static Sequential block(long in, long out, long stride) {
        return named("conv1", new Conv2d(in, out, 3, stride, 1), "bn1", new BatchNorm2d(out), "relu", new ReLU(),
                "conv2", new Conv2d(out, out, 3, 1, 1), "bn2", new BatchNorm2d(out));
    }

    /** A block whose forward only chains its layers, as torchvision's BasicBlock without the shortcut. */
    static final class Block extends Module {
        Block(long in, long out, long stride) {
            register("conv1", new Conv2d(in, out, 3, stride, 1));
            register("bn1", new BatchNorm2d(out));
            register("relu", new ReLU());
        }

        @Override
        public Tensor forward(Tensor x) {
            return child("relu").call(child("bn1").call(child("conv1").call(x)));
        }
    }

    /**
     * A ResNet-shaped tree (stem, stages of blocks, pool, head) made of containers, blocks that chain
     * layers, and known layers.
     */
    static Module resnetStyle() {
        return named("conv1", new Conv2d(3, 8, 3, 1, 1), "bn1", new BatchNorm2d(8), "relu", new ReLU(),
                "layer1", new Sequential(block(8, 8, 1), block(8, 8, 1)),
                "layer2", new Sequential(new Block(8, 16, 2), new Block(16, 16, 1)),
                "avgpool", new AdaptiveAvgPool2d(1), "flatten", new Flatten(), "fc", new Linear(16, 5));
    }

    /** Runs a few training batches so BatchNorm's running statistics are not the initial ones. */
    static void warmUp(Module m, long... shape) {
        m.train();
        try (var noGrad = GradMode.noGrad()) {
            for (int i = 0; i < 3; i++) {
                m.call(Tensor.randn(GEN, shape));
            }
        }
        m.eval();
    }

    private static void checkInOnnxRuntime(Module m, long[] shape, long otherBatch, Path dir) throws Exception {
        warmUp(m, shape);
        checkInOnnxRuntime(m, shape, otherBatch, dir, OnnxExporter.Options.defaults().withDynamicBatch(true));
    }

    /**
     * Exports {@code m} (in eval mode) traced on an input of {@code shape} with {@code options} (which must
     * ask for a dynamic batch), and checks that ONNX Runtime gives Arbor's forward at that shape and at batch
     * {@code otherBatch} (for opsets ONNX Runtime runs, up to {@link OnnxRuntimeOracle#NEWEST_OPSET}),
     * that the file imports again with the module's state-dict keys, and that the imported module gives
     * the same forward at both batch sizes.
     */
    static void checkInOnnxRuntime(Module m, long[] shape, long otherBatch, Path dir, OnnxExporter.Options options)
            throws Exception {
        long[] other = shape.clone();
        other[0] = otherBatch;
        List<Tensor> inputs = List.of(Tensor.randn(GEN, shape), Tensor.randn(GEN, other));
        Path file = dir.resolve("model" + options.opset() + ".onnx");
        OnnxExporter.export(m, List.of(inputs.getFirst()), file, options);
        GraphModule back = GraphModule.load(file);
        assertEquals(new ArrayList<>(m.stateDict().keySet()), new ArrayList<>(back.stateDict().keySet()),
                "state-dict keys after re-import");
        back.eval();
        for (Tensor x : inputs) {
            Tensor expected = m.call(x);
            String at = " at opset " + options.opset() + ", batch " + x.size(0);
            if (options.opset() <= OnnxRuntimeOracle.NEWEST_OPSET) {
                assertClose(expected, OnnxRuntimeOracle.run(file, List.of("input"), List.of(x)).getFirst(), 1e-4,
                        1e-5, "ONNX Runtime vs Arbor" + at);
            }
            assertClose(expected, back.call(x), 1e-4, 1e-5, "re-imported forward" + at);
        }
    }

    @Test
    void mlpMatchesInOnnxRuntime(@TempDir Path dir) throws Exception {
        checkInOnnxRuntime(mlp(), new long[] {4, 6}, 7, dir);
    }

    @Test
    void lenetMatchesInOnnxRuntime(@TempDir Path dir) throws Exception {
        checkInOnnxRuntime(lenet(), new long[] {3, 1, 16, 16}, 1, dir);
    }

    @Test
    void resnetStyleMatchesInOnnxRuntime(@TempDir Path dir) throws Exception {
        checkInOnnxRuntime(resnetStyle(), new long[] {2, 3, 12, 12}, 5, dir);
    }

    @Test
    void namesAreStateDictKeysAndModuleScopes() {
        Module m = resnetStyle();
        m.eval();
        ModelProto p = OnnxExporter.toProto(m, List.of(Tensor.randn(GEN, 1, 3, 8, 8)), OnnxExporter.Options.defaults());
        List<String> initializers = p.getGraph().getInitializerList().stream().map(t -> t.getName()).toList();
        List<String> expected = m.stateDict().keySet().stream().filter(k -> !k.endsWith("num_batches_tracked")).toList();
        assertEquals(expected, initializers);
        List<String> nodes = p.getGraph().getNodeList().stream().map(NodeProto::getName).toList();
        // torch.onnx's scopes: a container's children carry its name, other modules' children their own
        assertTrue(nodes.contains("/layer1/layer1.0/layer1.0.conv1/Conv"), nodes.toString());
        assertEquals("layer1.0.conv1", LayerRecognizer.scopePath("/layer1/layer1.0/layer1.0.conv1/Conv"));
        assertTrue(nodes.contains("/layer2/layer2.1/relu/Relu"), nodes.toString());
        assertTrue(nodes.contains("/fc/Gemm"), nodes.toString());
        assertEquals(17, p.getOpsetImport(0).getVersion());
        assertEquals("output", p.getGraph().getOutput(0).getName());
    }

    @Test
    void opsetIsSelectable(@TempDir Path dir) throws Exception {
        Module m = new Sequential(new Linear(5, 4), new GELU(), new Linear(4, 2));
        m.eval();
        Tensor x = Tensor.randn(GEN, 3, 5);
        for (int opset : new int[] {13, 17, 20}) {
            Path file = dir.resolve("m" + opset + ".onnx");
            OnnxExporter.export(m, List.of(x), file, OnnxExporter.Options.defaults().withOpset(opset)
                    .withInputNames("x").withOutputNames("y"));
            assertClose(m.call(x), OnnxRuntimeOracle.run(file, List.of("x"), List.of(x)).getFirst(), 1e-4, 1e-5,
                    "opset " + opset);
        }
        assertThrows(IllegalArgumentException.class, () -> OnnxExporter.Options.defaults().withOpset(12));
        // LayerNormalization is opset 17's: before it the mean and variance are written out
        Module norm = new Sequential(new LayerNorm(5));
        Path file = dir.resolve("norm13.onnx");
        OnnxExporter.export(norm, List.of(x), file, OnnxExporter.Options.defaults().withOpset(13));
        assertClose(norm.call(x), OnnxRuntimeOracle.run(file, List.of("input"), List.of(x)).getFirst(), 1e-4, 1e-5,
                "LayerNorm at opset 13");
    }

    /** A residual block: its forward adds tensors itself, which the op-level trace writes as an Add. */
    static final class Residual extends Module {
        Residual() {
            register("body", new Linear(4, 4));
        }

        @Override
        public Tensor forward(Tensor x) {
            return child("body").call(x).add(x);
        }
    }

    @Test
    void customTensorOpsAreTracedInTheirModulesScope(@TempDir Path dir) throws Exception {
        Module m = new Sequential(new Linear(4, 4), new Residual(), new ReLU());
        checkInOnnxRuntime(m, new long[] {2, 4}, 3, dir);
        List<String> nodes = OnnxExporter.toProto(m, List.of(Tensor.randn(GEN, 2, 4)), OnnxExporter.Options.defaults())
                .getGraph().getNodeList().stream().map(NodeProto::getName).toList();
        assertTrue(nodes.contains("/1/Add"), nodes.toString());
        assertTrue(nodes.contains("/1/body/Gemm"), nodes.toString());
    }
}
