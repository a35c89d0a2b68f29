package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** Rearranges {@code [*, C, H * r, W * r]} into {@code [*, C * r^2, H, W]}, as {@code torch.nn.PixelUnshuffle}. */
public class PixelUnshuffle extends Module {
    private final long downscaleFactor;

    /**
     * Creates the layer, as {@code nn.PixelUnshuffle(downscale_factor)}.
     *
     * @param downscaleFactor {@code downscale_factor} r, the factor the spatial sizes shrink by
     */
    public PixelUnshuffle(long downscaleFactor) {
        this.downscaleFactor = downscaleFactor;
    }

    /**
     * Rearranges space into channels, as {@code F.pixel_unshuffle}.
     *
     * @param input {@code (*, C, H * r, W * r)}
     * @return {@code (*, C * r^2, H, W)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.pixelUnshuffle(input, downscaleFactor);
    }

    @Override
    public String extraRepr() {
        return "downscale_factor=" + downscaleFactor;
    }
}
