package dev.arbor.cli.demo;

import dev.arbor.backend.cpu.CpuParallel;
import dev.arbor.cli.Progress;
import dev.arbor.io.ModelFormat;
import dev.arbor.io.Models;
import dev.arbor.io.StateDicts;
import dev.arbor.nn.Module;
import dev.arbor.nn.functional.F;
import dev.arbor.optim.Adam;
import dev.arbor.optim.Optimizer;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Arbor's demo, the main job of {@code ./arbor demo}: a small CNN ({@link DemoNet}) learns an image
 * task made on the spot ({@link ShapesDataset}), then its state dict goes through HDF5 and
 * safetensors and back into fresh models that must give identical outputs, and the loss curve is
 * drawn as a PNG. The model is exported to ONNX and imported back when a plugin on the class path
 * writes {@code .onnx} models ({@link Models#formatForSaving}; the ONNX plugin does); without one the
 * step says it is skipped.
 */
public final class Demo {
    static final int TRAIN_IMAGES = 1536;
    static final int TEST_IMAGES = 512;
    static final int BATCH = 64;
    static final int EPOCHS = 3;
    static final double LEARNING_RATE = 3e-3;
    private static final int STEPS = 7;

    private final Path dir;
    private final long seed;
    private final PrintWriter out;
    private final PrintWriter err;
    private int step;

    /**
     * The result of a run.
     *
     * @param accuracy      the fraction of held-out images classified right
     * @param trainSeconds  the time spent training
     * @param totalSeconds  the time of the whole demo
     * @param onnxExported  whether the ONNX export step ran
     */
    public record Result(double accuracy, double trainSeconds, double totalSeconds, boolean onnxExported) {}

    private Demo(Path dir, long seed, PrintWriter out, PrintWriter err) {
        this.dir = dir;
        this.seed = seed;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the demo, writing its files into {@code dir} (made if missing), its report to {@code out}
     * and a progress bar to {@code err} when that is a terminal.
     *
     * @param dir  the folder for the state dicts, the ONNX file and the chart
     * @param seed the seed of the data and the initial weights
     * @param out  where the report goes
     * @param err  where the progress bar goes, on a terminal
     * @return the accuracy and the timings
     * @throws IOException when a file cannot be written, or a reloaded model does not match
     */
    public static Result run(Path dir, long seed, PrintWriter out, PrintWriter err) throws IOException {
        return new Demo(dir, seed, out, err).run();
    }

    private Result run() throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        out.printf(Locale.ROOT, "Arbor demo: a small CNN learns to tell %d kinds of %dx%d images apart, on data "
                + "made here (seed %d, %d CPU threads)%n", ShapesDataset.CLASSES.size(), ShapesDataset.SIZE,
                ShapesDataset.SIZE, seed, CpuParallel.threads());

        Generator data = new Generator(seed);
        ShapesDataset train = ShapesDataset.generate(TRAIN_IMAGES, data);
        ShapesDataset test = ShapesDataset.generate(TEST_IMAGES, data);
        step("data: %d training and %d held-out images of %s, with noise", train.size(), test.size(),
                String.join(", ", ShapesDataset.CLASSES));

        Generator.defaultGenerator().manualSeed(seed);
        Module model = DemoNet.create();
        long params = model.parameters().stream().mapToLong(Tensor::numel).sum();
        step("model: %,d parameters%n%s", params, model);

        step("training: %d epochs of %d batches of %d images, Adam (lr %s), cross-entropy loss", EPOCHS,
                TRAIN_IMAGES / BATCH, BATCH, LEARNING_RATE);
        long tTrain = System.nanoTime();
        List<Double> losses = train(model, train, data);
        double trainSeconds = (System.nanoTime() - tTrain) / 1e9;
        out.printf(Locale.ROOT, "      trained in %.1f s%n", trainSeconds);

        Tensor logits = predict(model, test.images());
        double accuracy = accuracy(logits, test.labels());
        step("accuracy on the %d held-out images: %.1f%%", test.size(), 100 * accuracy);

        List<String> saved = new ArrayList<>();
        for (String ext : List.of(".h5", ".safetensors")) {
            Path file = dir.resolve("demo-cnn" + ext);
            StateDicts.save(model.stateDict(), file);
            Generator.defaultGenerator().manualSeed(seed + 1); // a fresh model with other weights
            Module fresh = DemoNet.create();
            fresh.loadStateDict(StateDicts.load(file), true);
            if (!Arrays.equals(predict(fresh, test.images()).toFloatArray(), logits.toFloatArray())) {
                throw new IOException(file + ": a model loaded from it gives outputs other than the trained model's");
            }
            saved.add(file + " (" + Files.size(file) + " bytes)");
        }
        step("state dict saved as %s; each loaded into a fresh model gives identical outputs",
                String.join(" and ", saved));

        boolean exported = exportOnnx(model, test.images(), logits);

        Path png = dir.resolve("loss.png");
        LossChart.write(losses, TRAIN_IMAGES / BATCH, "Arbor demo: training loss of the CNN", png);
        step("loss curve: %s", png);

        double total = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "done in %.1f s%n", total);
        out.flush();
        return new Result(accuracy, trainSeconds, total, exported);
    }

    private List<Double> train(Module model, ShapesDataset train, Generator gen) {
        Optimizer optimizer = new Adam(model.parameters(), new Adam.Options().lr(LEARNING_RATE));
        int batches = train.size() / BATCH;
        List<Double> losses = new ArrayList<>();
        model.train();
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            long start = System.nanoTime();
            long[] order = permutation(train.size(), gen);
            double sum = 0;
            try (Progress progress = Progress.start(String.format("      epoch %d/%d", epoch, EPOCHS), batches, err)) {
                for (int b = 0; b < batches; b++) {
                    Tensor index = Tensor.of(Arrays.copyOfRange(order, b * BATCH, (b + 1) * BATCH), BATCH);
                    Tensor x = train.images().indexSelect(0, index);
                    Tensor y = train.labels().indexSelect(0, index);
                    optimizer.zeroGrad();
                    Tensor loss = F.crossEntropy(model.call(x), y);
                    loss.backward();
                    optimizer.step();
                    losses.add(loss.item());
                    sum += loss.item();
                    progress.update(b + 1, String.format(Locale.ROOT, "loss %.4f", loss.item()));
                }
            }
            out.printf(Locale.ROOT, "      epoch %d/%d  mean loss %.4f  (%.1f s)%n", epoch, EPOCHS, sum / batches,
                    (System.nanoTime() - start) / 1e9);
            out.flush();
        }
        return losses;
    }

    /**
     * Exports to ONNX and imports the file again when a plugin writes {@code .onnx} models; the outputs
     * must agree to float32 rounding.
     */
    private boolean exportOnnx(Module model, Tensor images, Tensor logits) throws IOException {
        Path onnx = dir.resolve("demo-cnn.onnx");
        Optional<ModelFormat> exporter = Models.formatForSaving(onnx);
        if (exporter.isEmpty()) {
            step("ONNX export: skipped, no plugin on the class path writes .onnx models");
            return false;
        }
        exporter.get().save(model, List.of(images.narrow(0, 0, 1)), onnx);
        Module imported = Models.load(onnx);
        double diff = predict(imported, images).sub(logits).abs().max().item();
        if (!(diff <= 1e-4)) {
            throw new IOException(onnx + ": the imported model's outputs differ from the trained model's by " + diff);
        }
        step("exported %s and imported it again: outputs agree (largest difference %.1e)", onnx, diff);
        return true;
    }

    private static Tensor predict(Module model, Tensor images) {
        model.eval();
        try (var noGrad = GradMode.noGrad()) {
            return model.call(images);
        }
    }

    private static double accuracy(Tensor logits, Tensor labels) {
        long[] predicted = logits.argmax(1, false).toLongArray();
        long[] truth = labels.toLongArray();
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += predicted[i] == truth[i] ? 1 : 0;
        }
        return (double) right / truth.length;
    }

    /** A random order of {@code 0..n-1} (Fisher-Yates). */
    private static long[] permutation(int n, Generator gen) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) gen.nextLong(0, i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private void step(String format, Object... args) {
        out.printf(Locale.ROOT, "[%d/%d] " + format + "%n", prepend(++step, args));
        out.flush();
    }

    private static Object[] prepend(int step, Object[] args) {
        Object[] all = new Object[args.length + 2];
        all[0] = step;
        all[1] = STEPS;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }
}
