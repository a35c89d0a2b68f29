package dev.arbor.onnx;

import static dev.arbor.onnx.ImportedModelsTest.assertClose;
import static dev.arbor.onnx.ImportedModelsTest.inEval;
import static dev.arbor.onnx.ImportedModelsTest.infer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.io.Npy;
import dev.arbor.nn.Module;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.OpCall;
import dev.arbor.tensor.OpTracer;
import dev.arbor.tensor.RemovableHandle;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What inference without gradients does differently, and where it must not: intermediates released at
 * their last use (not when a hook may keep one), BatchNorm folded into the convolution before it
 * (made again when the layers' tensors change, not in training mode), and a ReLU or a constant Clip
 * after either, and a global average pooling after those, folded into the convolution's store (not
 * when a hook watches one of the layers).
 */
class InferenceMemoryTest {
    private static final Path RESNET = Path.of("src/test/resources/models/resnet");

    @Test
    void anIntermediateAHookKeepsIsNotReleased() throws IOException {
        GraphModule m = inEval("resnet");
        Tensor x = Npy.read(RESNET.resolve("input.npy"));
        List<Tensor> kept = new ArrayList<>();
        List<Tensor> copies = new ArrayList<>();
        Module relu = m.getSubmodule("layer1.0.relu");
        try (RemovableHandle h = relu.registerForwardHook((module, inputs, output) -> {
            kept.add((Tensor) output);
            copies.add(((Tensor) output).clone());
            return null;
        })) {
            infer(m, x);
            infer(m, x.mul(2.0));
        }
        infer(m, x.mul(3.0));
        assertTrue(kept.size() >= 2, "the hook ran in both runs");
        for (int i = 0; i < kept.size(); i++) {
            assertClose(copies.get(i), kept.get(i), 0, 0, "the hooked output of run " + i);
        }
    }

    @Test
    void foldedBatchNormFollowsChangesOfItsTensors() throws IOException {
        GraphModule m = inEval("resnet");
        Tensor x = Npy.read(RESNET.resolve("input.npy"));
        assertClose(Npy.read(RESNET.resolve("output.npy")), infer(m, x), 1e-4, 1e-5, "folded");
        try (var scope = GradMode.noGrad()) {
            m.getBuffer("layer1.0.bn1.running_var").mul_(4.0);
            m.getParameter("layer1.0.conv1.weight").mul_(0.5);
            m.getParameter("bn1.bias").setData(m.getParameter("bn1.bias").detach().add(0.25));
        }
        Tensor unfolded = m.call(x).detach();
        Tensor folded = infer(m, x);
        assertClose(unfolded, folded, 1e-5, 1e-6, "folded after in-place changes and a replaced tensor");
        assertTrue(folded.sub(Npy.read(RESNET.resolve("output.npy"))).abs().max().item() > 1e-3,
                "the changes change the output");
    }

    /**
     * LeNet's Conv then Relu layers and the depthwise net's Conv, BatchNormalization then Clip(0, 6)
     * run as one clamped convolution: a tracer sees a convolution and a clamp where the layers ran
     * ReLU (or batch_norm and clamp), and the output is PyTorch's. A hook on the convolution unfolds it.
     */
    @Test
    void reluAndClipFoldIntoTheConvolutionBeforeThem() throws IOException {
        for (String name : List.of("lenet", "depthwise")) {
            GraphModule m = inEval(name);
            Path dir = RESNET.resolveSibling(name);
            Tensor x = Npy.read(dir.resolve("input.npy"));
            assertClose(Npy.read(dir.resolve("output.npy")), infer(m, x), 1e-4, 1e-5, name + " folded");
            List<String> folded = opsOf(m, x);
            Module first = m.getSubmodule(name.equals("lenet") ? "conv1" : "stem.0");
            List<String> layers;
            try (RemovableHandle h = first.registerForwardPreHook((module, inputs) -> null)) {
                layers = opsOf(m, x);
                assertClose(Npy.read(dir.resolve("output.npy")), infer(m, x), 1e-4, 1e-5, name + " unfolded");
            }
            assertEquals(List.of("convolution", "clamp"), folded.subList(0, 2), name + ": " + folded);
            assertEquals(name.equals("lenet") ? List.of("convolution", "relu") : List.of("convolution", "batch_norm",
                    "clamp"), layers.subList(0, name.equals("lenet") ? 2 : 3), name + ": " + layers);
        }
    }

    /**
     * The ResNet-style net's blocks end in {@code relu(bn2(conv2(x)) + identity)}; the identity (the
     * block's input, or in layer2.0 the downsampling branch, which the export computes before conv1)
     * exists when conv2 runs, so each Add and Relu fold into the convolution: a tracer sees a
     * convolution, an add and a clamp, and no batch_norm or relu. Nine clamps: the stem, each block's
     * first ReLU and each block's end. The output is PyTorch's.
     */
    @Test
    void residualAddFoldsWhereItsOperandIsReady() throws IOException {
        GraphModule m = inEval("resnet");
        Tensor x = Npy.read(RESNET.resolve("input.npy"));
        assertClose(Npy.read(RESNET.resolve("output.npy")), infer(m, x), 1e-4, 1e-5, "folded");
        List<String> ops = opsOf(m, x);
        assertEquals(0, ops.stream().filter("batch_norm"::equals).count(), ops.toString());
        assertEquals(9, ops.stream().filter("clamp"::equals).count(), ops.toString());
        assertEquals(0, ops.stream().filter("relu"::equals).count(), ops.toString());
        assertEquals(4, ops.stream().filter("add"::equals).count(), ops.toString());
    }

    /**
     * The depthwise net's last convolution (with its BatchNorm and ReLU6) and the ResNet-style net's last
     * block (with its skip connection and ReLU) are read only by a global average pooling, which folds in:
     * a tracer sees a mean after the last clamp where the layers ran adaptive_avg_pool, and the output is
     * PyTorch's. A hook on the pooling layer unfolds it and sees the whole image.
     */
    @Test
    void globalAveragePoolFoldsIntoTheConvolutionBeforeIt() throws IOException {
        for (String name : List.of("depthwise", "resnet")) {
            GraphModule m = inEval(name);
            Path dir = RESNET.resolveSibling(name);
            Tensor x = Npy.read(dir.resolve("input.npy"));
            Tensor expected = Npy.read(dir.resolve("output.npy"));
            assertClose(expected, infer(m, x), 1e-4, 1e-5, name + " folded");
            List<String> folded = opsOf(m, x);
            assertEquals(List.of("clamp", "mean"), folded.subList(folded.lastIndexOf("clamp"),
                    folded.lastIndexOf("clamp") + 2), name + ": " + folded);
            assertEquals(-1, folded.indexOf("adaptive_avg_pool"), name + ": " + folded);
            List<long[]> seen = new ArrayList<>();
            Module pool = m.getSubmodule(name.equals("resnet") ? "avgpool" : "pool");
            try (RemovableHandle h = pool.registerForwardHook((module, inputs, output) -> {
                seen.add(((Tensor) inputs[0]).shape());
                return null;
            })) {
                assertClose(expected, infer(m, x), 1e-4, 1e-5, name + " unfolded");
                assertTrue(opsOf(m, x).contains("adaptive_avg_pool"), name + " unfolded");
            }
            assertEquals(4, seen.getFirst().length, name + ": the hook sees the image");
            assertTrue(seen.getFirst()[2] > 1, name + ": the hook sees the image");
        }
    }

    /** The outermost ops an inference of {@code m} runs, in order. */
    private static List<String> opsOf(GraphModule m, Tensor x) {
        List<OpCall> calls = new ArrayList<>();
        try (var scope = GradMode.noGrad(); RemovableHandle h = OpTracer.register(call -> {
            calls.removeIf(c -> c.index() >= call.firstNested());
            calls.add(call);
        })) {
            m.call(x);
        }
        return calls.stream().map(OpCall::op).toList();
    }

    @Test
    void trainingModeNormalizesWithTheBatchStatistics() throws IOException {
        GraphModule m = inEval("resnet");
        Tensor x = Npy.read(RESNET.resolve("input.npy"));
        Tensor eval = infer(m, x);
        m.train();
        Tensor train = infer(m, x);
        assertTrue(train.sub(eval).abs().max().item() > 1e-3, "batch statistics, not the running ones");
        assertEquals(1.0, m.getBuffer("bn1.num_batches_tracked").item(), "the running statistics update");
    }
}
