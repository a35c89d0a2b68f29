package dev.arbor.cli.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.Generator;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's data, network and chart (the whole demo runs end to end in {@code CliIT}). */
class DemoPartsTest {
    @Test
    void datasetIsSeededAndBalanced() {
        ShapesDataset a = ShapesDataset.generate(40, new Generator(5));
        ShapesDataset b = ShapesDataset.generate(40, new Generator(5));
        assertArrayEquals(new long[] {40, 1, ShapesDataset.SIZE, ShapesDataset.SIZE}, a.images().shape());
        assertArrayEquals(a.images().toFloatArray(), b.images().toFloatArray());
        long[] labels = a.labels().toLongArray();
        for (int c = 0; c < ShapesDataset.CLASSES.size(); c++) {
            int label = c;
            assertEquals(10, Arrays.stream(labels).filter(l -> l == label).count());
        }
    }

    @Test
    void horizontalStripesVaryDownTheImageNotAcross() {
        ShapesDataset d = ShapesDataset.generate(400, new Generator(1));
        float[] px = d.images().toFloatArray();
        long[] labels = d.labels().toLongArray();
        // per class 0 and 1: the spread of the row means and of the column means
        double[] rowSpread = new double[2];
        double[] colSpread = new double[2];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] > 1) {
                continue;
            }
            int c = (int) labels[i];
            rowSpread[c] += spread(px, i, true);
            colSpread[c] += spread(px, i, false);
        }
        assertTrue(rowSpread[0] > 5 * colSpread[0], "horizontal stripes");
        assertTrue(colSpread[1] > 5 * rowSpread[1], "vertical stripes");
    }

    private static double spread(float[] px, int image, boolean rows) {
        int n = ShapesDataset.SIZE;
        double[] means = new double[n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                means[rows ? y : x] += px[image * n * n + y * n + x] / n;
            }
        }
        double mean = Arrays.stream(means).average().orElseThrow();
        return Arrays.stream(means).map(m -> (m - mean) * (m - mean)).sum();
    }

    @Test
    void networkMapsImagesToClassScores() {
        long[] shape = DemoNet.create().call(ShapesDataset.generate(3, new Generator(0)).images()).shape();
        assertArrayEquals(new long[] {3, ShapesDataset.CLASSES.size()}, shape);
    }

    @Test
    void chartAxesAndAverages() {
        assertEquals(2.0, LossChart.niceCeiling(1.39));
        assertEquals(0.5, LossChart.niceCeiling(0.31));
        assertEquals(100.0, LossChart.niceCeiling(100));
        assertEquals(List.of(1.0, 1.5, 2.5), LossChart.movingAverage(List.of(1.0, 2.0, 3.0), 2));
        BufferedImage image = LossChart.draw(List.of(1.4, 1.0, 0.5, 0.2), 2, "t");
        assertEquals(800, image.getWidth());
        assertNotEquals(0xFFFFFFFF, image.getRGB(400, 450 - 55)); // the x axis
    }
}
