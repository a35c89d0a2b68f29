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

        /**
         * Sets {@code size}: the output's spatial size. Set this or {@link #scaleFactor}, not both.
         *
         * @param size one value for every spatial dimension, or one per dimension
         * @return these options
         */
        public Options size(long... size) {
            this.size = size.clone();
            return this;
        }

        /**
         * Sets {@code scale_factor}: the factor each spatial size is multiplied by. Set this or
         * {@link #size}, not both.
         *
         * @param scaleFactor one value for every spatial dimension, or one per dimension
         * @return these options
         */
        public Options scaleFactor(double... scaleFactor) {
            this.scaleFactor = scaleFactor.clone();
            return this;
        }

        /**
         * Sets {@code mode}: the interpolation algorithm.
         *
         * @param mode {@code "nearest"} (PyTorch's default), {@code "linear"} (3-d input), {@code "bilinear"}
         *             or {@code "bicubic"} (4-d), or {@code "trilinear"} (5-d); also
         *             {@code "nearest-exact"} and {@code "area"}, as {@code F.interpolate}
         * @return these options
         */
        public Options mode(String mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Sets {@code align_corners}, for the linear and cubic modes: whether the corner pixels of input
         * and output are aligned, keeping their values.
         *
         * @param alignCorners true or false; null (PyTorch's default None) behaves as false
         * @return these options
         */
        public Options alignCorners(Boolean alignCorners) {
            this.alignCorners = alignCorners;
            return this;
        }

        /**
         * Sets {@code recompute_scale_factor}: whether the sampling positions are computed from the output
         * size alone rather than from the given scale factor.
         *
         * @param recomputeScaleFactor true to recompute; PyTorch's default false (None)
         * @return these options
         */
        public Options recomputeScaleFactor(boolean recomputeScaleFactor) {
            this.recomputeScaleFactor = recomputeScaleFactor;
            return this;
        }

        /** {@return a new layer with these options; they are checked when it runs, as in PyTorch} */
        public Upsample build() {
            return new Upsample(this);
        }
    }

    /**
     * Creates nearest-neighbour upsampling by a factor, as {@code nn.Upsample(scale_factor=...)}.
     *
     * @param scaleFactor {@code scale_factor}, the factor of every spatial size
     */
    public Upsample(double scaleFactor) {
        this(options().scaleFactor(scaleFactor));
    }

    /**
     * Creates upsampling by a factor, as {@code nn.Upsample(scale_factor=..., mode=...)}.
     *
     * @param scaleFactor {@code scale_factor}, the factor of every spatial size
     * @param mode        {@code "nearest"} (PyTorch's default), {@code "linear"} (3-d input), {@code "bilinear"}
     *                    (4-d), {@code "bicubic"} (4-d) or {@code "trilinear"} (5-d); also
     *                    {@code "nearest-exact"} and {@code "area"}, as {@code F.interpolate}
     */
    public Upsample(double scaleFactor, String mode) {
        this(options().scaleFactor(scaleFactor).mode(mode));
    }

    /**
     * Creates resizing to a size, as {@code nn.Upsample(size=..., mode=...)}.
     *
     * @param size the output's spatial size: one value for every spatial dimension, or one per dimension
     * @param mode {@code "nearest"} (PyTorch's default), {@code "linear"} (3-d input), {@code "bilinear"}
     *             (4-d), {@code "bicubic"} (4-d) or {@code "trilinear"} (5-d); also
     *             {@code "nearest-exact"} and {@code "area"}, as {@code F.interpolate}
     */
    public Upsample(long[] size, String mode) {
        this(options().size(size).mode(mode));
    }

    /**
     * Creates the layer with every option, as {@code options()...build()} does.
     *
     * @param o the options from {@link #options()}
     */
    public Upsample(Options o) {
        this.size = o.size;
        this.scaleFactor = o.scaleFactor;
        this.mode = o.mode;
        this.alignCorners = o.alignCorners;
        this.recomputeScaleFactor = o.recomputeScaleFactor;
    }

    /**
     * {@return new options without size or scale factor (set one) and with PyTorch's defaults, to adjust
     * and {@code build()}}
     */
    public static Options options() {
        return new Options();
    }

    /**
     * Resizes the input, as {@code F.interpolate}.
     *
     * @param input {@code (N, C, W_in)}, {@code (N, C, H_in, W_in)} or {@code (N, C, D_in, H_in, W_in)}
     * @return {@code (N, C, W_out)}, {@code (N, C, H_out, W_out)} or {@code (N, C, D_out, H_out, W_out)}: the
     *         layer's size, or each input size times the scale factor, rounded down
     * @throws IllegalArgumentException with PyTorch's message when neither or both of size and scale
     *                                  factor are set, or the mode does not fit the input's rank
     */
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
