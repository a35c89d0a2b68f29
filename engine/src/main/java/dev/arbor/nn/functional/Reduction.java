package dev.arbor.nn.functional;

import java.util.Locale;

/** How a loss reduces its per-element values, as the {@code reduction} argument of PyTorch's losses. */
public enum Reduction {
    /** The unreduced loss, one value per element (or per sample). */
    NONE,
    /** The (weighted) mean; the default of every loss. */
    MEAN,
    /** The sum. */
    SUM,
    /** The sum divided by the batch size: only {@link F#klDiv}, where it gives the true KL divergence. */
    BATCHMEAN;

    /** {@return the name PyTorch uses: {@code none}, {@code mean}, {@code sum} or {@code batchmean}} */
    public String pytorchName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses PyTorch's name of a reduction.
     *
     * @param name {@code "none"}, {@code "mean"}, {@code "sum"} or {@code "batchmean"} (lower case)
     * @return the reduction of that name
     * @throws IllegalArgumentException with PyTorch's message ({@code x is not a valid value for reduction})
     *                                  for any other name
     */
    public static Reduction parse(String name) {
        for (Reduction r : values()) {
            if (r.pytorchName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException(name + " is not a valid value for reduction");
    }
}
