package dev.arbor.cli.demo;

import dev.arbor.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A PNG line chart of the training loss per step, drawn with plain Java2D (headless). */
public final class LossChart {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 45;
    private static final int BOTTOM = 55;
    private static final Color RAW = new Color(0x9ecae1);
    private static final Color SMOOTH = new Color(0x08519c);
    private static final Color GRID = new Color(0xe0e0e0);

    private LossChart() {}

    /**
     * Writes the chart: the loss of each step, its moving average over {@code stepsPerEpoch / 4} steps,
     * and a dashed line at the end of each epoch.
     *
     * @param losses the loss of each training step, in order
     * @param stepsPerEpoch the number of steps in one epoch, for the epoch lines and the smoothing window
     * @param title the chart's title
     * @param png the PNG file to write, replaced atomically
     * @throws IOException when the file cannot be written
     */
    public static void write(List<Double> losses, int stepsPerEpoch, String title, Path png) throws IOException {
        BufferedImage image = draw(losses, stepsPerEpoch, title);
        AtomicFiles.write(png, tmp -> {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }

    static BufferedImage draw(List<Double> losses, int stepsPerEpoch, String title) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int steps = Math.max(losses.size(), 1);
            double yMax = niceCeiling(losses.stream().mapToDouble(Double::doubleValue).max().orElse(1));
            Plot plot = new Plot(steps, yMax);

            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i <= 5; i++) { // horizontal grid and y labels
                double v = yMax * i / 5;
                int y = plot.y(v);
                g.setColor(GRID);
                g.drawLine(LEFT, y, WIDTH - RIGHT, y);
                g.setColor(Color.DARK_GRAY);
                String label = String.format(Locale.ROOT, "%.2f", v);
                g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
            }
            float[] dashes = {4f, 4f};
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dashes, 0f));
            for (int e = 1; stepsPerEpoch > 0 && e * stepsPerEpoch <= steps; e++) { // epoch ends
                int x = plot.x(e * stepsPerEpoch);
                g.setColor(GRID.darker());
                g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
                g.setColor(Color.GRAY);
                String label = "epoch " + e;
                g.drawString(label, x - fm.stringWidth(label) - 4, TOP + fm.getAscent() + 2);
            }
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.DARK_GRAY);
            g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
            g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
            long tick = Math.max(1, (long) niceCeiling(steps / 6.0));
            for (long step = 0; step <= steps; step += tick) { // x ticks
                int x = plot.x(step);
                g.drawLine(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 4);
                String label = Long.toString(step);
                g.drawString(label, x - fm.stringWidth(label) / 2, HEIGHT - BOTTOM + 6 + fm.getAscent());
            }
            g.drawString("step", LEFT + (WIDTH - LEFT - RIGHT - fm.stringWidth("step")) / 2, HEIGHT - 12);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.rotate(-Math.PI / 2);
            String yLabel = "cross-entropy loss";
            rotated.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM + fm.stringWidth(yLabel)) / 2), 18);
            rotated.dispose();

            g.setStroke(new BasicStroke(1f));
            g.setColor(RAW);
            g.draw(line(plot, losses));
            g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(SMOOTH);
            g.draw(line(plot, movingAverage(losses, Math.max(1, stepsPerEpoch / 4))));

            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, TOP - 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            legend(g, WIDTH - RIGHT - 200, TOP + 40);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void legend(Graphics2D g, int x, int y) {
        g.setStroke(new BasicStroke(1f));
        g.setColor(RAW);
        g.drawLine(x, y - 4, x + 24, y - 4);
        g.setColor(Color.DARK_GRAY);
        g.drawString("loss of each batch", x + 30, y);
        g.setStroke(new BasicStroke(2.5f));
        g.setColor(SMOOTH);
        g.drawLine(x, y + 14, x + 24, y + 14);
        g.setColor(Color.DARK_GRAY);
        g.drawString("moving average", x + 30, y + 18);
    }

    private static Path2D line(Plot plot, List<Double> values) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i < values.size(); i++) {
            double x = plot.x(i + 1);
            double y = plot.y(values.get(i));
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        return path;
    }

    /** The mean of each value and up to {@code window - 1} before it. */
    static List<Double> movingAverage(List<Double> values, int window) {
        double[] out = new double[values.size()];
        double sum = 0;
        for (int i = 0; i < values.size(); i++) {
            sum += values.get(i);
            if (i >= window) {
                sum -= values.get(i - window);
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return Arrays.stream(out).boxed().toList();
    }

    /** The smallest of 1, 2 and 5 times a power of ten at or above {@code v} (1 for {@code v} at most 0). */
    static double niceCeiling(double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** Data to pixel coordinates. */
    private record Plot(int steps, double yMax) {
        int x(double step) {
            return LEFT + (int) Math.round(step * (WIDTH - LEFT - RIGHT) / steps);
        }

        int y(double v) {
            return HEIGHT - BOTTOM - (int) Math.round(Math.min(v, yMax) / yMax * (HEIGHT - TOP - BOTTOM));
        }
    }
}
