package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** Rearranges {@code [*, C * r^2, H, W]} into {@code [*, C, H * r, W * r]}, as {@code torch.nn.PixelShuffle}. */
public class PixelShuffle extends Module {
    private final long upscaleFactor;

    /**
     * Creates the layer, as {@code nn.PixelShuffle(upscale_factor)}.
     *
     * @param upscaleFactor {@code upscale_factor} r, the factor the spatial sizes grow by
     */
    public PixelShuffle(long upscaleFactor) {
        this.upscaleFactor = upscaleFactor;
    }

    /**
     * Rearranges channels into space, as {@code F.pixel_shuffle}.
     *
     * @param input {@code (*, C * r^2, H, W)}
     * @return {@code (*, C, H * r, W * r)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.pixelShuffle(input, upscaleFactor);
    }

    @Override
    public String extraRepr() {
        return "upscale_factor=" + upscaleFactor;
    }
}
