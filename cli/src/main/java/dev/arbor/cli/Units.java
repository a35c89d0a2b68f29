package dev.arbor.cli;

import java.util.Locale;

/** Sizes and durations as the command line prints them. */
final class Units {
    private Units() {}

    /** {@code 512 B}, {@code 2.8 KiB}, {@code 44.1 MiB}, {@code 1.3 GiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Milliseconds with three decimals: {@code 1.234 ms}. */
    static String millis(double ms) {
        return String.format(Locale.ROOT, "%.3f ms", ms);
    }
}
