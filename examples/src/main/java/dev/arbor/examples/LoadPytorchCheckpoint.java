package dev.arbor.examples;

import dev.arbor.io.Npy;
import dev.arbor.io.StateDicts;
import dev.arbor.nn.BatchNorm2d;
import dev.arbor.nn.Conv2d;
import dev.arbor.nn.Linear;
import dev.arbor.nn.MaxPool2d;
import dev.arbor.nn.Module;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a PyTorch checkpoint ({@code torch.save(model.state_dict(), ...)}, made by
 * {@code data/make_checkpoint.py}) into a module written by hand in Java to mirror the Python class,
 * and checks that it computes what PyTorch computed.
 */
public final class LoadPytorchCheckpoint {
    private LoadPytorchCheckpoint() {}

    /**
     * The Java twin of {@code SmallCnn} in make_checkpoint.py: the same children under the same
     * names, so the state dict's keys ({@code conv.weight}, {@code bn.running_mean}, ...) match.
     */
    public static final class SmallCnn extends Module {
        final Conv2d conv = register("conv", new Conv2d(1, 4, 3, 1, 1));
        final BatchNorm2d bn = register("bn", new BatchNorm2d(4));
        final MaxPool2d pool = register("pool", new MaxPool2d(2));
        final Linear fc = register("fc", new Linear(4 * 4 * 4, 3));

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = pool.call(bn.call(conv.call(x)).relu());
            return fc.call(h.flatten(1, -1));
        }
    }

    /** Loads the checkpoint and returns the largest difference from PyTorch's output. */
    public static double run(Path data) throws IOException {
        SmallCnn model = new SmallCnn();
        model.loadStateDict(StateDicts.load(data.resolve("small_cnn.pt")), true); // strict: every key must match
        model.eval();                                               // BatchNorm uses the running statistics
        System.out.println(model);

        Tensor x = Npy.read(data.resolve("small_cnn_input.npy"));
        Tensor expected = Npy.read(data.resolve("small_cnn_output.npy"));
        try (var noGrad = GradMode.noGrad()) {
            double diff = model.call(x).sub(expected).abs().max().item();
            System.out.printf("largest difference from PyTorch's output: %.2e%n", diff);
            return diff;
        }
    }

    /** Runs the example on the data folder {@code args[0]} (default {@code examples/data}). */
    public static void main(String[] args) throws IOException {
        run(ExampleFiles.dataDir(args));
    }
}
