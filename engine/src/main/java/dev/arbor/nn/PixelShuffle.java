package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** Rearranges {@code [*, C * r^2, H, W]} into {@code [*, C, H * r, W * r]}, as {@code torch.nn.PixelShuffle}. */
public class PixelShuffle extends Module {
    private final long upscaleFactor;

    /** The layer with the given {@code upscaleFactor}. */
    public PixelShuffle(long upscaleFactor) {
        this.upscaleFactor = upscaleFactor;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.pixelShuffle(input, upscaleFactor);
    }

    @Override
    public String extraRepr() {
        return "upscale_factor=" + upscaleFactor;
    }
}
