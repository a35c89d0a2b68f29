package dev.arbor.nn;

/**
 * {@code min(max(x, 0), 6)}, as {@code torch.nn.ReLU6} (a {@link Hardtanh} from 0 to 6).
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch.
 */
public class ReLU6 extends Hardtanh {
    /**
     * Creates the layer, as {@code nn.ReLU6()}.
     */
    public ReLU6() {
        this(false);
    }

    /**
     * Creates the layer, as {@code nn.ReLU6(inplace)}.
     *
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
     */
    public ReLU6(boolean inplace) {
        super(0.0, 6.0, inplace);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
