package dev.arbor.cli.demo;

import dev.arbor.nn.Conv2d;
import dev.arbor.nn.Flatten;
import dev.arbor.nn.Linear;
import dev.arbor.nn.MaxPool2d;
import dev.arbor.nn.ReLU;
import dev.arbor.nn.Sequential;

/** The demo's small CNN for {@link ShapesDataset}: two convolution blocks and a two-layer classifier. */
public final class DemoNet {
    private DemoNet() {}

    /**
     * A new network with freshly initialised weights (from the default generator, as in PyTorch).
     *
     * @return {@code Sequential(Conv2d, ReLU, MaxPool2d, Conv2d, ReLU, MaxPool2d, Flatten, Linear, ReLU, Linear)}
     */
    public static Sequential create() {
        int s = ShapesDataset.SIZE / 4; // two 2x2 poolings
        return new Sequential(
                new Conv2d(1, 8, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(8, 16, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(16L * s * s, 32), new ReLU(),
                new Linear(32, ShapesDataset.CLASSES.size()));
    }
}
