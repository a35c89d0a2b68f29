package dev.arbor.examples;

import dev.arbor.nn.Linear;
import dev.arbor.nn.Module;
import dev.arbor.nn.ReLU;
import dev.arbor.nn.Sequential;
import dev.arbor.nn.functional.F;
import dev.arbor.optim.Adam;
import dev.arbor.optim.Optimizer;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;

/**
 * Trains an MLP classifier in mini-batches: two interleaved spirals of points in the plane, made
 * here, told apart by a 2-64-64-2 network; prints the loss per epoch and the accuracy on held-out
 * points.
 */
public final class TrainMlp {
    private TrainMlp() {}

    /**
     * Points on two spirals with noise: {@code [n, 2]} float32 coordinates and {@code [n]} int64 labels
     * (0 or 1, alternating).
     */
    static Tensor[] spirals(int n, Generator gen) {
        float[] xy = new float[2 * n];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double t = 0.5 + 3 * Math.PI * gen.nextDouble();       // angle along the spiral
            double r = t / (3 * Math.PI);
            double angle = t + label * Math.PI;
            xy[2 * i] = (float) (r * Math.cos(angle) + 0.02 * gen.nextGaussian());
            xy[2 * i + 1] = (float) (r * Math.sin(angle) + 0.02 * gen.nextGaussian());
            labels[i] = label;
        }
        return new Tensor[] {Tensor.of(xy, n, 2), Tensor.of(labels, n)};
    }

    /** Trains on 1024 points and returns the accuracy on 512 others. */
    public static double run() {
        Generator gen = new Generator(7);
        Generator.defaultGenerator().manualSeed(7);                 // the initial weights, as torch.manual_seed
        Tensor[] train = spirals(1024, gen);
        Tensor[] test = spirals(512, gen);

        Module model = new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, 2));
        Optimizer optimizer = new Adam(model.parameters(), new Adam.Options().lr(0.01));
        int batch = 128;
        for (int epoch = 1; epoch <= 20; epoch++) {
            model.train();
            double sum = 0;
            for (int start = 0; start < 1024; start += batch) {
                Tensor x = train[0].narrow(0, start, batch);
                Tensor y = train[1].narrow(0, start, batch);
                optimizer.zeroGrad();
                Tensor loss = F.crossEntropy(model.call(x), y);
                loss.backward();
                optimizer.step();
                sum += loss.item();
            }
            if (epoch % 5 == 0) {
                System.out.printf("epoch %d  mean loss %.4f%n", epoch, sum / (1024 / batch));
            }
        }
        model.eval();
        try (var noGrad = GradMode.noGrad()) {
            Tensor predicted = model.call(test[0]).argmax(1, false);
            return predicted.eq(test[1]).to(DType.FLOAT32).mean().item();
        }
    }

    /** Trains and prints the held-out accuracy. */
    public static void main(String[] args) {
        System.out.printf("accuracy on held-out points: %.1f%%%n", 100 * run());
    }
}
