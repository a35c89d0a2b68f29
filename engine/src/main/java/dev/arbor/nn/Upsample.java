package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Resizes {@code [N, C, *spatial]} to a size or by a scale factor, as {@code torch.nn.Upsample}, with
 * {@link F#interpolate(Tensor, long[], double[], String, Boolean, boolean)}: {@code new Upsample(2.0)}
 * (nearest), {@code new Upsample(2.0, "bilinear")}, or
 * {@code Upsample.options().size(32, 32).mode("bilinear").alignCorners(true).build()}.
 */
public class Upsample extends Module {
    private final long[] size;
    private final double[] scaleFactor;
    private final String mode;
    private final Boolean alignCorners;
    private final boolean recomputeScaleFactor;

    /** The keyword arguments of {@link Upsample}: exactly one of size and scale factor. */
    public static final class Options {
        long[] size;
        double[] scaleFactor;
        String mode = "nearest";
        Boolean alignCorners;
        boolean recomputeScaleFactor;

        Options() {}

        /** The output's spatial size: one value for every dimension, or one per dimension. */
        public Options size(long... size) {
            this.size = size.clone();
            return this;
        }

        /** The factor of every spatial size: one value, or one per dimension. */
        public Options scaleFactor(double... scaleFactor) {
            this.scaleFactor = scaleFactor.clone();
            return this;
        }

        /** "nearest" (default), "linear", "bilinear", "bicubic" or "trilinear". */
        public Options mode(String mode) {
            this.mode = mode;
            return this;
        }

        /** For the linear and cubic modes: align the corner pixels (default null: false). */
        public Options alignCorners(Boolean alignCorners) {
            this.alignCorners = alignCorners;
            return this;
        }

        /** Compute sampling positions from the output size alone (default false). */
        public Options recomputeScaleFactor(boolean recomputeScaleFactor) {
            this.recomputeScaleFactor = recomputeScaleFactor;
            return this;
        }

        /** The layer with these options. */
        public Upsample build() {
            return new Upsample(this);
        }
    }

    /** Nearest-neighbour upsampling by {@code scaleFactor}. */
    public Upsample(double scaleFactor) {
        this(options().scaleFactor(scaleFactor));
    }

    /** Upsampling by {@code scaleFactor} in {@code mode}. */
    public Upsample(double scaleFactor, String mode) {
        this(options().scaleFactor(scaleFactor).mode(mode));
    }

    /** Resizing to {@code size} (one value, or one per spatial dimension) in {@code mode}. */
    public Upsample(long[] size, String mode) {
        this(options().size(size).mode(mode));
    }

    /** The layer with {@code options}. */
    public Upsample(Options o) {
        this.size = o.size;
        this.scaleFactor = o.scaleFactor;
        this.mode = o.mode;
        this.alignCorners = o.alignCorners;
        this.recomputeScaleFactor = o.recomputeScaleFactor;
    }

    /** Options without size or scale factor (set one) and PyTorch's defaults, to adjust and {@code build()}. */
    public static Options options() {
        return new Options();
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.interpolate(input, size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
    }

    @Override
    public String extraRepr() {
        String info;
        if (scaleFactor != null) {
            info = "scale_factor="
                    + (scaleFactor.length == 1 ? PyRepr.of(scaleFactor[0]) : LayerArgs.floats(scaleFactor));
        } else {
            info = "size=" + (size == null ? "None" : LayerArgs.asGiven(size));
        }
        return info + ", mode=" + mode;
    }
}
