package dev.arbor.examples;

import dev.arbor.backend.Backend;
import dev.arbor.backend.Backends;
import dev.arbor.nn.Linear;
import dev.arbor.nn.Module;
import dev.arbor.nn.ReLU;
import dev.arbor.nn.Sequential;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;

/**
 * Moves a model and its input to the GPU when the CUDA plugin is on the class path and a GPU is
 * available, runs it there and compares with the CPU; otherwise says why not and goes on.
 */
public final class MoveToCuda {
    private MoveToCuda() {}

    /**
     * What the run gave.
     *
     * @param ranOnGpu      whether the model ran on cuda:0
     * @param whyNot        why it did not (empty when it did)
     * @param maxDifference the largest difference between the GPU's and the CPU's outputs (NaN when it did not run)
     */
    public record Result(boolean ranOnGpu, String whyNot, double maxDifference) {}

    /** Runs a small MLP on cuda:0 and on the CPU when it can, else says why not. */
    public static Result run() {
        Backend cuda = Backends.all().get("cuda");
        if (cuda == null) {
            return skipped("the CUDA plugin (arbor-cuda) is not on the class path");
        }
        if (!cuda.isAvailable()) {
            return skipped(cuda.unavailableReason());
        }
        Generator.defaultGenerator().manualSeed(1);
        Module model = new Sequential(new Linear(64, 128), new ReLU(), new Linear(128, 10)).eval();
        Tensor x = Tensor.randn(new Generator(2), 32, 64);
        try (var noGrad = GradMode.noGrad()) {
            Tensor onCpu = model.call(x);
            model.to(Device.cuda(0));                               // moves parameters in place
            Tensor onGpu = model.call(x.to(Device.cuda(0)));
            double diff = onGpu.cpu().sub(onCpu).abs().max().item();
            System.out.printf("ran on %s: largest difference from the CPU %.2e%n", onGpu.device(), diff);
            return new Result(true, "", diff);
        }
    }

    private static Result skipped(String why) {
        System.out.println("not running on the GPU: " + why);
        return new Result(false, why, Double.NaN);
    }

    /** Runs the example. */
    public static void main(String[] args) {
        run();
    }
}
