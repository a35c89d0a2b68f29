package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The layers composed: a small ResNet (convolutions without bias, batch norm, shared in-place ReLU,
 * a projection shortcut, adaptive pooling, a linear head) against PyTorch in training mode
 * (layers/resnet_train.npz: output, every gradient and the updated running statistics).
 */
class NetworkLayersTest {
    /** A ResNet basic block with a projection shortcut, as the generator script's {@code BasicBlock}. */
    static final class BasicBlock extends Module {
        BasicBlock(int cin, int cout, int stride) {
            register("conv1", Conv2d.options(cin, cout, 3).stride(stride).padding(1).bias(false).build());
            register("bn1", new BatchNorm2d(cout));
            register("relu", new ReLU(true));
            register("conv2", Conv2d.options(cout, cout, 3).padding(1).bias(false).build());
            register("bn2", new BatchNorm2d(cout));
            register("downsample", new Sequential(Conv2d.options(cin, cout, 1).stride(stride).bias(false).build(),
                    new BatchNorm2d(cout)));
        }

        private Tensor run(String name, Tensor x) {
            return child(name).call(x);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = run("relu", run("bn1", run("conv1", x)));
            out = run("bn2", run("conv2", out));
            return run("relu", out.add(run("downsample", x)));
        }
    }

    /** The generator script's {@code TinyResNet}. */
    static final class TinyResNet extends Module {
        TinyResNet() {
            register("stem", new Sequential(Conv2d.options(3, 8, 3).padding(1).bias(false).build(), new BatchNorm2d(8),
                    new ReLU(true)));
            register("block", new BasicBlock(8, 16, 2));
            register("pool", new AdaptiveAvgPool2d(1));
            register("fc", new Linear(16, 10));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor features = child("pool").call(child("block").call(child("stem").call(x)));
            return child("fc").call(features.flatten(1, -1));
        }
    }

    @Test
    void trainingStepMatchesPyTorch() {
        LayerFixture f = LayerFixture.of("resnet_train");
        TinyResNet net = f.load(new TinyResNet());
        f.verify(net, net.call(f.leaf("x")));
    }

    @Test
    void evaluationIsDeterministicAndUsesRunningStatistics() {
        LayerFixture f = LayerFixture.of("resnet_train");
        TinyResNet net = f.load(new TinyResNet());
        net.eval();
        Tensor x = f.input("x");
        Tensor a = net.call(x);
        Fixtures.assertClose(a, net.call(x), 0, 0, "same output twice");
        assertEquals(0L, net.getBuffer("stem.1.num_batches_tracked").itemLong());
        // one sample at a time gives the batch's rows: no batch statistics in evaluation
        Fixtures.assertClose(a.narrow(0, 1, 1), net.call(x.narrow(0, 1, 1)), 1e-5, 1e-6, "per-sample evaluation");
        assertEquals(10, F.softmax(a, 1).size(1));
    }
}
