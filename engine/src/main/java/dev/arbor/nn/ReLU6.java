package dev.arbor.nn;

/**
 * {@code min(max(x, 0), 6)}, as {@code torch.nn.ReLU6} (a {@link Hardtanh} from 0 to 6).
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
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
     * @param inplace {@code inplace}: accepted for PyTorch's signature and printed; the computation stays out
     *                of place (PyTorch's default false)
     */
    public ReLU6(boolean inplace) {
        super(0.0, 6.0, inplace);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
