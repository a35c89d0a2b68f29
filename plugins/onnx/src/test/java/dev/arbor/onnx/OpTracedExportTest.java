package dev.arbor.onnx;

import static dev.arbor.onnx.ImportedModelsTest.assertClose;
import static dev.arbor.onnx.TracedExportTest.checkInOnnxRuntime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.nn.AdaptiveAvgPool2d;
import dev.arbor.nn.BatchNorm2d;
import dev.arbor.nn.Conv2d;
import dev.arbor.nn.ConvTranspose2d;
import dev.arbor.nn.LSTM;
import dev.arbor.nn.LayerNorm;
import dev.arbor.nn.Linear;
import dev.arbor.nn.MaxPool2d;
import dev.arbor.nn.Module;
import dev.arbor.nn.ReLU;
import dev.arbor.nn.Sequential;
import dev.arbor.nn.TransformerEncoderLayer;
import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.LstmOutput;
import dev.arbor.onnx.proto.OnnxProto.ModelProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules whose forward computes with tensor ops of its own, exported by op-level tracing: a ResNet
 * with residual adds, a U-Net with concatenated skips, hand-written self-attention, and functional
 * forms, each run by ONNX Runtime at the traced batch size and another one (a symbolic batch
 * dimension), at opsets 13, 17 and the newest ONNX Runtime runs, and imported again with the
 * module's state-dict keys; at the newest opset the exporter writes, Arbor's importer runs the file.
 */
class OpTracedExportTest {
    private static final int[] OPSETS = {13, 17, OnnxRuntimeOracle.NEWEST_OPSET, OnnxExporter.NEWEST_OPSET};

    /** torchvision's BasicBlock: two 3x3 convolutions and the shortcut added in place ({@code out += identity}). */
    static final class BasicBlock extends Module {
        private final boolean downsample;

        BasicBlock(long in, long out, long stride) {
            register("conv1", new Conv2d(in, out, 3, stride, 1));
            register("bn1", new BatchNorm2d(out));
            register("conv2", new Conv2d(out, out, 3, 1, 1));
            register("bn2", new BatchNorm2d(out));
            downsample = stride != 1 || in != out;
            if (downsample) {
                register("downsample", new Sequential(new Conv2d(in, out, 1, stride, 0), new BatchNorm2d(out)));
            }
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = F.relu(child("bn1").call(child("conv1").call(x)));
            out = child("bn2").call(child("conv2").call(out));
            out.add_(downsample ? child("downsample").call(x) : x);
            return F.relu(out);
        }
    }

    /** A small ResNet: stem, two stages of basic blocks, pooling, {@code view(x.size(0), -1)}, classifier. */
    static final class ResNet extends Module {
        ResNet() {
            register("conv1", new Conv2d(3, 8, 3, 1, 1));
            register("bn1", new BatchNorm2d(8));
            register("relu", new ReLU());
            register("layer1", new Sequential(new BasicBlock(8, 8, 1), new BasicBlock(8, 8, 1)));
            register("layer2", new Sequential(new BasicBlock(8, 16, 2), new BasicBlock(16, 16, 1)));
            register("avgpool", new AdaptiveAvgPool2d(1));
            register("fc", new Linear(16, 5));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = child("relu").call(child("bn1").call(child("conv1").call(x)));
            y = child("layer2").call(child("layer1").call(y));
            y = child("avgpool").call(y);
            return child("fc").call(y.view(y.size(0), -1));
        }
    }

    /** A U-Net: two encoder levels, a transposed-convolution up step, and the skip joined with {@code cat}. */
    static final class UNet extends Module {
        UNet() {
            register("enc1", new Sequential(new Conv2d(1, 8, 3, 1, 1), new ReLU(), new Conv2d(8, 8, 3, 1, 1),
                    new ReLU()));
            register("pool", new MaxPool2d(2));
            register("enc2", new Sequential(new Conv2d(8, 16, 3, 1, 1), new BatchNorm2d(16), new ReLU()));
            register("up", new ConvTranspose2d(16, 8, 2, 2, 0));
            register("dec", new Sequential(new Conv2d(16, 8, 3, 1, 1), new ReLU()));
            register("head", new Conv2d(8, 2, 1));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor e1 = child("enc1").call(x);
            Tensor e2 = child("enc2").call(child("pool").call(e1));
            Tensor d = child("dec").call(Tensor.cat(List.of(child("up").call(e2), e1), 1));
            return child("head").call(d);
        }
    }

    /** Multi-head self-attention written by hand, with a causal mask made in forward, and a residual LayerNorm. */
    static final class SelfAttention extends Module {
        private final long heads;
        private final long embed;

        SelfAttention(long embed, long heads) {
            this.embed = embed;
            this.heads = heads;
            register("q", new Linear(embed, embed));
            register("k", new Linear(embed, embed));
            register("v", new Linear(embed, embed));
            register("out", new Linear(embed, embed));
            register("norm", new LayerNorm(embed));
        }

        private Tensor split(String proj, Tensor x, long b, long t) {
            return child(proj).call(x).view(b, t, heads, embed / heads).transpose(1, 2);
        }

        @Override
        public Tensor forward(Tensor x) {
            long b = x.size(0);
            long t = x.size(1);
            Tensor q = split("q", x, b, t);
            Tensor k = split("k", x, b, t);
            Tensor v = split("v", x, b, t);
            Tensor scores = q.matmul(k.transpose(-2, -1)).div(Math.sqrt((double) embed / heads));
            Tensor causal = Tensor.ones(DType.BOOL, t, t).triu(1);
            Tensor attention = F.softmax(scores.maskedFill(causal, Double.NEGATIVE_INFINITY), -1);
            Tensor y = attention.matmul(v).transpose(1, 2).reshape(b, t, embed);
            return child("norm").call(x.add(child("out").call(y)));
        }
    }

    /** Functional forms, reductions over dims, slicing, chunks, in-place ops and scalar arithmetic in one forward. */
    static final class Functional extends Module {
        Functional() {
            register("conv", new Conv2d(3, 6, 3, 1, 1));
            register("fc1", new Linear(12, 16));
            register("fc2", new Linear(4, 3));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = F.relu(child("conv").call(x));
            y = F.maxPool2d(y, 2);
            y = F.interpolate(y, new double[] {2.0}, "nearest");
            y = F.pad(y, new long[] {1, 1, 0, 2}).narrow(2, 0, 8).slice(3, 1, 9, 1);
            Tensor h = Tensor.cat(List.of(y.mean(new int[] {2, 3}, false), y.amax(new int[] {-2, -1}, false)), 1);
            h = F.gelu(child("fc1").call(h)).clamp_(-0.5, 0.5);
            List<Tensor> halves = h.chunk(2, 1);
            Tensor z = halves.get(0).mul(halves.get(1).sigmoid()).add(1.5).mul(0.5).sub(x.select(1, 0).sum(
                    new int[] {1, 2}, false).unsqueeze(1)).mul_(2.0);
            Tensor logits = child("fc2").call(z.slice(1, 0, 8, 2).unsqueeze(1).squeeze(1));
            return F.logSoftmax(logits.sub(logits.max(1, true).values()), -1);
        }
    }

    @Test
    void resnetWithResidualAddsAndView(@TempDir Path dir) throws Exception {
        checkAtEachOpset(new ResNet(), new long[] {2, 3, 8, 8}, 3, dir);
    }

    @Test
    void unetWithConcatenatedSkips(@TempDir Path dir) throws Exception {
        checkAtEachOpset(new UNet(), new long[] {2, 1, 8, 8}, 1, dir);
    }

    @Test
    void handWrittenSelfAttention(@TempDir Path dir) throws Exception {
        checkAtEachOpset(new SelfAttention(8, 2), new long[] {2, 5, 8}, 4, dir);
    }

    @Test
    void functionalFormsReductionsAndSlicing(@TempDir Path dir) throws Exception {
        checkAtEachOpset(new Functional(), new long[] {2, 3, 8, 8}, 3, dir);
    }

    /** Trains BatchNorm's statistics away from their start, then checks the export at each opset. */
    private static void checkAtEachOpset(Module m, long[] shape, long otherBatch, Path dir) throws Exception {
        TracedExportTest.warmUp(m, shape);
        for (int opset : OPSETS) {
            checkInOnnxRuntime(m, shape, otherBatch, dir, OnnxExporter.Options.defaults().withOpset(opset)
                    .withDynamicBatch(true));
        }
    }

    @Test
    void opsAreNamedByTheScopeTheyRanIn() {
        ModelProto p = OnnxExporter.toProto(new ResNet(), List.of(Tensor.randn(new Generator(1), 1, 3, 8, 8)),
                OnnxExporter.Options.defaults());
        List<String> nodes = p.getGraph().getNodeList().stream().map(NodeProto::getName).toList();
        assertTrue(nodes.contains("/layer1/layer1.0/Add"), nodes.toString());
        assertTrue(nodes.contains("/layer2/layer2.0/downsample/downsample.0/Conv"), nodes.toString());
        assertTrue(nodes.contains("/layer1/layer1.1/Relu_1"), nodes.toString());
        assertTrue(nodes.contains("/Reshape"), nodes.toString());
        assertEquals(1, nodes.stream().filter(n -> n.endsWith("/Gemm")).count(), "linear's matmul and add are inside it");
    }

    @Test
    void builtInLayersWithoutAWholeFormAreTracedThroughTheirOps(@TempDir Path dir) throws Exception {
        // nn.TransformerEncoderLayer's attention runs as linear/view/transpose/matmul/softmax; an LSTM unrolls
        Tensor tokens = Tensor.randn(new Generator(4), 5, 2, 8);
        Module encoder = new TransformerEncoderLayer(8, 2, 16, 0.1);
        encoder.eval();
        Path file = dir.resolve("encoder.onnx");
        OnnxExporter.export(encoder, List.of(tokens), file, OnnxExporter.Options.defaults().withOpset(13));
        assertClose(encoder.call(tokens), OnnxRuntimeOracle.run(file, List.of("input"), List.of(tokens)).getFirst(),
                1e-4, 1e-5, "TransformerEncoderLayer");
        Tensor steps = Tensor.randn(new Generator(5), 6, 2, 4);
        Module lstm = new LSTM(4, 5);
        LstmOutput expected = lstm.call((Object) steps);
        file = dir.resolve("lstm.onnx");
        OnnxExporter.export(lstm, List.of(steps), file, OnnxExporter.Options.defaults());
        List<Tensor> outputs = OnnxRuntimeOracle.run(file, List.of("input"), List.of(steps));
        List<Tensor> wanted = List.of(expected.output(), expected.hN(), expected.cN());
        for (int i = 0; i < wanted.size(); i++) {
            assertClose(wanted.get(i), outputs.get(i), 1e-4, 1e-5, "LSTM output " + i);
        }
    }

    /** Rolls its input: an op that has no ONNX mapping. */
    static final class Rolling extends Module {
        @Override
        public Tensor forward(Tensor x) {
            x.cumprod(1); // unused: ops the outputs do not depend on are not written, mapped or not
            return x.roll(1, 1);
        }
    }

    @Test
    void anUnmappedOpIsRefusedNamingItAndItsModule() {
        Module m = new Sequential(new Linear(4, 4), new Rolling());
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxExporter.toProto(m,
                List.of(Tensor.randn(new Generator(2), 2, 4)), OnnxExporter.Options.defaults()));
        assertTrue(e.getMessage().contains("op 'roll'") && e.getMessage().contains("'1' (Rolling)"), e.getMessage());
    }

    /** Changes its input through a view, then reads the input: a change the trace cannot follow. */
    static final class ThroughView extends Module {
        @Override
        public Tensor forward(Tensor x) {
            Tensor y = x.mul(1.0);
            y.view(-1).add_(1.0);
            return y.exp();
        }
    }

    @Test
    void anInPlaceChangeThroughAViewIsRefused() {
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxExporter.toProto(new ThroughView(),
                List.of(Tensor.randn(new Generator(3), 2, 4)), OnnxExporter.Options.defaults()));
        assertTrue(e.getMessage().contains("op 'exp'") && e.getMessage().contains("changed in place"), e.getMessage());
    }
}
