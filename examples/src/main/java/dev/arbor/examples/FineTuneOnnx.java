package dev.arbor.examples;

import dev.arbor.io.Models;
import dev.arbor.io.StateDicts;
import dev.arbor.nn.Module;
import dev.arbor.nn.functional.F;
import dev.arbor.optim.Adam;
import dev.arbor.optim.Optimizer;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Imports an ONNX model exported from PyTorch (an MLP 20 -> 32 -> 10, {@code data/mlp.onnx}) as a
 * trainable module tree, fine-tunes it on a new task, saves the state dict as HDF5, and loads that into
 * a fresh import of the same ONNX file.
 */
public final class FineTuneOnnx {
    private FineTuneOnnx() {}

    /**
     * What the run gave.
     *
     * @param accuracyBefore the imported model's accuracy on the new task
     * @param accuracyAfter  the accuracy after fine-tuning
     * @param hdf5           the saved state dict
     * @param reloadedSame   whether the reloaded model gives the fine-tuned model's outputs exactly
     */
    public record Result(double accuracyBefore, double accuracyAfter, Path hdf5, boolean reloadedSame) {}

    /** The new task: the class of a point is the largest of 10 fixed random projections of it. */
    static Tensor labels(Tensor x, Tensor projection) {
        return x.matmul(projection).argmax(1, false);
    }

    /**
     * Imports {@code data/mlp.onnx}, fine-tunes it, and saves and reloads it.
     *
     * @param data the folder with {@code mlp.onnx}
     * @param out  the folder for the HDF5 file
     * @return the accuracies and the check of the reloaded model
     */
    public static Result run(Path data, Path out) throws IOException {
        Path onnx = data.resolve("mlp.onnx");
        Module model = Models.load(onnx);                           // a GraphModule: fc1, act, fc2
        System.out.println(model);

        Generator gen = new Generator(3);
        Tensor projection = Tensor.randn(gen, 20, 10);
        Tensor x = Tensor.randn(gen, 1024, 20);
        Tensor y = labels(x, projection);
        Tensor xTest = Tensor.randn(gen, 512, 20);
        Tensor yTest = labels(xTest, projection);

        double before = accuracy(model, xTest, yTest);
        Optimizer optimizer = new Adam(model.parameters(), new Adam.Options().lr(0.03));
        model.train();
        for (int epoch = 0; epoch < 15; epoch++) {
            for (int start = 0; start < 1024; start += 128) {
                optimizer.zeroGrad();
                Tensor loss = F.crossEntropy(model.call(x.narrow(0, start, 128)), y.narrow(0, start, 128));
                loss.backward();
                optimizer.step();
            }
        }
        double after = accuracy(model, xTest, yTest);
        System.out.printf("accuracy on the new task: %.1f%% imported, %.1f%% fine-tuned%n", 100 * before, 100 * after);

        Path hdf5 = out.resolve("mlp-finetuned.h5");
        StateDicts.save(model.stateDict(), hdf5);
        Module reloaded = Models.load(onnx);                        // the original weights ...
        reloaded.loadStateDict(StateDicts.load(hdf5), true);        // ... replaced by the fine-tuned ones
        boolean same = Arrays.equals(outputs(reloaded, xTest), outputs(model, xTest));
        System.out.println("saved " + hdf5 + "; loaded into a fresh import: "
                + (same ? "same outputs" : "DIFFERENT outputs"));
        return new Result(before, after, hdf5, same);
    }

    private static float[] outputs(Module model, Tensor x) {
        model.eval();
        try (var noGrad = GradMode.noGrad()) {
            return model.call(x).toFloatArray();
        }
    }

    private static double accuracy(Module model, Tensor x, Tensor y) {
        model.eval();
        try (var noGrad = GradMode.noGrad()) {
            return model.call(x).argmax(1, false).eq(y).to(DType.FLOAT32).mean().item();
        }
    }

    /**
     * Runs the example on the data folder {@code args[0]} (default {@code examples/data}), writing into
     * {@code args[1]} (default a new temporary folder).
     */
    public static void main(String[] args) throws IOException {
        Result r = run(ExampleFiles.dataDir(args), ExampleFiles.outputDir(args));
        if (!r.reloadedSame()) {
            throw new IllegalStateException("the reloaded model's outputs differ from the fine-tuned model's");
        }
    }
}
