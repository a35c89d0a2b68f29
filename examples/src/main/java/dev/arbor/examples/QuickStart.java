package dev.arbor.examples;

import dev.arbor.io.StateDicts;
import dev.arbor.nn.Linear;
import dev.arbor.nn.Module;
import dev.arbor.nn.Sequential;
import dev.arbor.nn.Tanh;
import dev.arbor.nn.functional.F;
import dev.arbor.optim.Adam;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;

/** Arbor's quick start (README.md shows this file): fit sin(x) with a small MLP, save it, load it back. */
public final class QuickStart {
    /** Trains the model, saves it, loads it into a new one and prints what that one says for sin(1). */
    public static void main(String[] args) throws Exception {
        Generator gen = new Generator(42);
        Tensor x = Tensor.rand(gen, 256, 1).mul(6).sub(3);         // 256 points in [-3, 3)
        Tensor y = x.sin();

        Module model = new Sequential(new Linear(1, 32), new Tanh(), new Linear(32, 1));
        Adam optimizer = new Adam(model.parameters(), new Adam.Options().lr(0.02));
        for (int step = 1; step <= 400; step++) {
            optimizer.zeroGrad();
            Tensor loss = F.mseLoss(model.call(x), y);              // as model(x) in PyTorch
            loss.backward();
            optimizer.step();
            if (step % 100 == 0) {
                System.out.printf("step %d  loss %.5f%n", step, loss.item());
            }
        }

        Path file = Files.createTempDirectory("arbor").resolve("sine.safetensors"); // or .pt, .h5
        StateDicts.save(model.stateDict(), file);
        Module loaded = new Sequential(new Linear(1, 32), new Tanh(), new Linear(32, 1));
        loaded.loadStateDict(StateDicts.load(file), true);
        try (var noGrad = GradMode.noGrad()) {
            double y1 = loaded.call(Tensor.of(new float[] {1f}, 1, 1)).item();
            System.out.printf("sin(1) = %.4f, the model says %.4f%n", Math.sin(1), y1);
        }
    }
}
