package dev.arbor.tensor;

import java.util.SplittableRandom;

/**
 * A seeded source of random numbers for {@code rand}, {@code randn}, {@code randint}, dropout and
 * parameter initialisation, as {@code torch.Generator}. The same seed gives the same numbers on every
 * run and machine (the numbers differ from PyTorch's: tests that need PyTorch's values load them).
 * Not thread-safe: use one generator per thread.
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0x5eed);

    private SplittableRandom random;
    private long seed;
    private double spareNormal = Double.NaN;

    /**
     * A generator seeded with {@code seed}.
     *
     * @param seed the seed
     */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /** {@return the process-wide generator that layers use when not given one; seed it with {@link #manualSeed}} */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /**
     * Restarts the sequence from {@code seed}.
     *
     * @param seed the seed
     * @return this generator
     */
    public synchronized Generator manualSeed(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.spareNormal = Double.NaN;
        return this;
    }

    /** {@return the seed last set} */
    public long initialSeed() {
        return seed;
    }

    /** {@return a uniform double in [0, 1)} */
    public synchronized double nextDouble() {
        return random.nextDouble();
    }

    /**
     * {@return a uniform long in [low, high)}
     *
     * @param low the lowest value
     * @param high one past the highest value
     */
    public synchronized long nextLong(long low, long high) {
        return random.nextLong(low, high);
    }

    /** {@return a standard normal double (Box-Muller, using both values of each pair)} */
    public synchronized double nextGaussian() {
        if (!Double.isNaN(spareNormal)) {
            double v = spareNormal;
            spareNormal = Double.NaN;
            return v;
        }
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareNormal = r * Math.sin(2 * Math.PI * u2);
        return r * Math.cos(2 * Math.PI * u2);
    }
}
