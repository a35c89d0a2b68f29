package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** Rearranges {@code [*, C, H * r, W * r]} into {@code [*, C * r^2, H, W]}, as {@code torch.nn.PixelUnshuffle}. */
public class PixelUnshuffle extends Module {
    private final long downscaleFactor;

    /** The layer with the given {@code downscaleFactor}. */
    public PixelUnshuffle(long downscaleFactor) {
        this.downscaleFactor = downscaleFactor;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.pixelUnshuffle(input, downscaleFactor);
    }

    @Override
    public String extraRepr() {
        return "downscale_factor=" + downscaleFactor;
    }
}
