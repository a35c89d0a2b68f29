package dev.arbor.cli.demo;

import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.List;

/**
 * The demo's image task, made on the spot: 16x16 grayscale images of four kinds (horizontal,
 * vertical and diagonal stripes of random period and phase, and filled squares of random size and
 * place), with Gaussian noise on every pixel. The same seed gives the same images.
 *
 * @param images {@code [N, 1, 16, 16]} float32
 * @param labels {@code [N]} int64 class indices into {@link #CLASSES}
 */
public record ShapesDataset(Tensor images, Tensor labels) {
    /** The side of an image in pixels. */
    public static final int SIZE = 16;
    /** The class names, by index. */
    public static final List<String> CLASSES = List.of("horizontal stripes", "vertical stripes", "diagonal stripes",
            "square");
    private static final double NOISE = 0.3;

    /**
     * Makes {@code n} images, the classes in turn (balanced), drawn from {@code gen}.
     *
     * @param n the number of images
     * @param gen the random generator; the same seed gives the same images
     * @return the images and their labels
     */
    public static ShapesDataset generate(int n, Generator gen) {
        float[] pixels = new float[n * SIZE * SIZE];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            int label = i % CLASSES.size();
            labels[i] = label;
            draw(label, gen, pixels, i * SIZE * SIZE);
        }
        return new ShapesDataset(Tensor.of(pixels, n, 1, SIZE, SIZE), Tensor.of(labels, n));
    }

    /** {@return the number of images} */
    public int size() {
        return (int) labels.size(0);
    }

    private static void draw(int label, Generator gen, float[] pixels, int offset) {
        int period = (int) gen.nextLong(3, 6);
        int phase = (int) gen.nextLong(0, period);
        int side = (int) gen.nextLong(4, 10);
        int top = (int) gen.nextLong(0, SIZE - side + 1);
        int left = (int) gen.nextLong(0, SIZE - side + 1);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean on = switch (label) {
                    case 0 -> (y + phase) % period == 0;
                    case 1 -> (x + phase) % period == 0;
                    case 2 -> (x + y + phase) % period == 0;
                    default -> y >= top && y < top + side && x >= left && x < left + side;
                };
                pixels[offset + y * SIZE + x] = (float) ((on ? 1.0 : 0.0) + NOISE * gen.nextGaussian());
            }
        }
    }
}
