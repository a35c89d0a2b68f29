package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * The Gaussian error linear unit {@code x * Phi(x)}, exact ("none") or its tanh approximation ("tanh"), as
 * {@code torch.nn.GELU}.
 */
public class GELU extends Module {
    private final String approximate;

    /**
     * Creates the exact GELU, as {@code nn.GELU()}.
     */
    public GELU() {
        this("none");
    }

    /**
     * Creates the layer, as {@code nn.GELU(approximate)}.
     *
     * @param approximate {@code "none"} (exact, PyTorch's default) or {@code "tanh"} (the tanh approximation)
     * @throws IllegalArgumentException unless {@code approximate} is "none" or "tanh"
     */
    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("approximate argument must be either none or tanh.");
        }
        this.approximate = approximate;
    }

    /**
     * Applies GELU to each element, as {@code F.gelu}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.gelu(input, approximate);
    }

    @Override
    public String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}
