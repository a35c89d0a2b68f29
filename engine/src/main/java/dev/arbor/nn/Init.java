package dev.arbor.nn;

import dev.arbor.backend.cpu.ScalarMath;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parameter initialisation, as {@code torch.nn.init}: each function fills a tensor in place without
 * recording gradients and returns it. The distributions and their parameters are PyTorch's; the
 * random numbers come from a {@link Generator} ({@link Generator#defaultGenerator()} when not given),
 * so they differ from PyTorch's own stream.
 *
 * <p>Nonlinearity names and fan modes are PyTorch's strings ({@code "relu"}, {@code "leaky_relu"},
 * {@code "fan_in"}, {@code "fan_out"}), with PyTorch's errors for unknown ones.
 *
 * <p>Inside {@link #skipRandom()} the random initialisers leave tensors as they are.
 */
public final class Init {
    private static final Logger LOG = LoggerFactory.getLogger(Init.class);
    private static final ThreadLocal<boolean[]> SKIP_RANDOM = ThreadLocal.withInitial(() -> new boolean[1]);

    private Init() {}

    /** A stretch of code in which the random initialisers do nothing; closing it ends the stretch. */
    public interface SkipScope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Makes the random initialisers of this class ({@code uniform_}, {@code normal_},
     * {@code truncNormal_}, {@code orthogonal_} and the Xavier and Kaiming ones) return their tensor
     * unchanged on this thread until the returned scope is closed, as PyTorch's
     * {@code torch.nn.utils.skip_init} does for a module: layers built inside have parameters of
     * unspecified contents. For code that overwrites every parameter right after building the layer,
     * such as a model importer, which so saves drawing the numbers and several passes over the memory
     * (and leaves the default generator's stream alone). The constant ones ({@code constant_},
     * {@code ones_}, {@code zeros_}, {@code eye_}) still fill.
     *
     * @return the scope, to close (with try-with-resources) where the layers are built
     */
    public static SkipScope skipRandom() {
        boolean[] state = SKIP_RANDOM.get();
        boolean previous = state[0];
        state[0] = true;
        return () -> state[0] = previous;
    }

    private static boolean skippingRandom() {
        return SKIP_RANDOM.get()[0];
    }

    /**
     * The input and output fan of a weight, as PyTorch's {@code _calculate_fan_in_and_fan_out}.
     *
     * @param fanIn  size 1 times the receptive field (the product of the sizes after the first two):
     *               {@code in_features} of a linear weight, {@code in_channels / groups * kernel} of a
     *               convolution's
     * @param fanOut size 0 times the receptive field
     */
    public record Fans(long fanIn, long fanOut) {}

    /**
     * The recommended gain for a nonlinearity, as {@code calculate_gain}: 1 for linear, conv and
     * sigmoid, 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu (slope
     * {@code param}, default 0.01), 3/4 for selu.
     *
     * @param nonlinearity PyTorch's name of the function: {@code "linear"}, {@code "conv1d"} ...
     *                     {@code "conv_transpose3d"}, {@code "sigmoid"}, {@code "tanh"},
     *                     {@code "relu"}, {@code "leaky_relu"} or {@code "selu"}
     * @param param        the negative slope of leaky_relu; null for the default (ignored by the others)
     * @return the gain, the factor that keeps the variance of activations steady through the layer
     * @throws IllegalArgumentException for another name ({@code Unsupported nonlinearity ...})
     */
    public static double calculateGain(String nonlinearity, Double param) {
        switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
                 "sigmoid" -> {
                return 1;
            }
            case "tanh" -> {
                return 5.0 / 3;
            }
            case "relu" -> {
                return Math.sqrt(2.0);
            }
            case "leaky_relu" -> {
                double slope = param == null ? 0.01 : param;
                return Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu" -> {
                return 3.0 / 4;
            }
            default -> throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
        }
    }

    /**
     * {@link #calculateGain(String, Double)} with the default parameter (slope 0.01 for leaky_relu).
     *
     * @param nonlinearity PyTorch's name of the function, such as {@code "relu"} or {@code "tanh"}
     * @return the recommended gain
     * @throws IllegalArgumentException for a name {@code calculate_gain} does not know
     */
    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, null);
    }

    /**
     * The fans of a weight tensor of at least 2 dimensions, as PyTorch's
     * {@code _calculate_fan_in_and_fan_out}.
     *
     * @param tensor a weight: {@code [out, in, *kernel]} as in Linear and the convolutions
     * @return its fan in and fan out
     * @throws IllegalArgumentException with PyTorch's message for fewer dimensions
     */
    public static Fans fans(Tensor tensor) {
        if (tensor.dim() < 2) {
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 "
                    + "dimensions");
        }
        long receptive = 1;
        for (int d = 2; d < tensor.dim(); d++) {
            receptive *= tensor.size(d);
        }
        return new Fans(tensor.size(1) * receptive, tensor.size(0) * receptive);
    }

    private static long fan(Tensor tensor, String mode) {
        String m = mode.toLowerCase(Locale.ROOT);
        Fans f = fans(tensor);
        return switch (m) {
            case "fan_in" -> f.fanIn();
            case "fan_out" -> f.fanOut();
            default -> throw new IllegalArgumentException("Mode " + m + " not supported, please use one of fan_in, "
                    + "fan_out");
        };
    }

    /**
     * Fills {@code tensor} with values drawn uniformly from [a, b), as {@code uniform_}.
     *
     * @param tensor the tensor to fill in place (any shape)
     * @param a      the lower bound (PyTorch's default 0)
     * @param b      the upper bound (PyTorch's default 1)
     * @param gen    the source of random numbers
     * @return {@code tensor}
     */
    public static Tensor uniform_(Tensor tensor, double a, double b, Generator gen) {
        if (skippingRandom()) {
            return tensor;
        }
        try (var scope = GradMode.noGrad()) {
            return tensor.uniform_(gen, a, b);
        }
    }

    /**
     * Fills {@code tensor} with values drawn uniformly from [a, b) by the default generator, as
     * {@code uniform_}.
     *
     * @param tensor the tensor to fill in place (any shape)
     * @param a      the lower bound (PyTorch's default 0)
     * @param b      the upper bound (PyTorch's default 1)
     * @return {@code tensor}
     */
    public static Tensor uniform_(Tensor tensor, double a, double b) {
        return uniform_(tensor, a, b, Generator.defaultGenerator());
    }

    /**
     * Fills {@code tensor} with values drawn from N(mean, std^2), as {@code normal_}.
     *
     * @param tensor the tensor to fill in place (any shape)
     * @param mean   the mean (PyTorch's default 0)
     * @param std    the standard deviation (PyTorch's default 1)
     * @param gen    the source of random numbers
     * @return {@code tensor}
     */
    public static Tensor normal_(Tensor tensor, double mean, double std, Generator gen) {
        if (skippingRandom()) {
            return tensor;
        }
        try (var scope = GradMode.noGrad()) {
            return tensor.normal_(gen, mean, std);
        }
    }

    /**
     * Fills {@code tensor} with values drawn from N(mean, std^2) by the default generator, as
     * {@code normal_}.
     *
     * @param tensor the tensor to fill in place (any shape)
     * @param mean   the mean (PyTorch's default 0)
     * @param std    the standard deviation (PyTorch's default 1)
     * @return {@code tensor}
     */
    public static Tensor normal_(Tensor tensor, double mean, double std) {
        return normal_(tensor, mean, std, Generator.defaultGenerator());
    }

    /**
     * Normal values with this mean and standard deviation, truncated to [a, b], by inverting the
     * normal CDF over the interval as PyTorch does (so any interval works, however unlikely), as
     * {@code trunc_normal_}. Logs PyTorch's warning when the mean is more than 2 std outside [a, b].
     *
     * @param tensor the tensor to fill in place (any shape)
     * @param mean   the mean of the normal distribution (PyTorch's default 0)
     * @param std    its standard deviation (PyTorch's default 1)
     * @param a      the lowest value (PyTorch's default -2)
     * @param b      the highest value (PyTorch's default 2)
     * @param gen    the source of random numbers
     * @return {@code tensor}
     */
    public static Tensor truncNormal_(Tensor tensor, double mean, double std, double a, double b, Generator gen) {
        if (skippingRandom()) {
            return tensor;
        }
        if (mean < a - 2 * std || mean > b + 2 * std) {
            LOG.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be "
                    + "incorrect.");
        }
        double lo = normalCdf((a - mean) / std);
        double hi = normalCdf((b - mean) / std);
        int n = Math.toIntExact(tensor.numel());
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 2 * (lo + (hi - lo) * gen.nextDouble()) - 1;
            double x = mean + std * Math.sqrt(2.0) * erfinv(u);
            values[i] = Math.min(b, Math.max(a, x));
        }
        return fill(tensor, values);
    }

    /**
     * Fills {@code tensor} with values from N(mean, std^2) truncated to [a, b], drawn by the default
     * generator, as {@code trunc_normal_}.
     *
     * @param tensor the tensor to fill in place (any shape)
     * @param mean   the mean of the normal distribution (PyTorch's default 0)
     * @param std    its standard deviation (PyTorch's default 1)
     * @param a      the lowest value (PyTorch's default -2)
     * @param b      the highest value (PyTorch's default 2)
     * @return {@code tensor}
     */
    public static Tensor truncNormal_(Tensor tensor, double mean, double std, double a, double b) {
        return truncNormal_(tensor, mean, std, a, b, Generator.defaultGenerator());
    }

    private static double normalCdf(double x) {
        return (1 + ScalarMath.erf(x / Math.sqrt(2.0))) / 2;
    }

    /** The inverse error function on (-1, 1): Giles's approximation refined by Newton steps on erf. */
    static double erfinv(double y) {
        if (y <= -1) {
            return Double.NEGATIVE_INFINITY;
        }
        if (y >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        double w = -Math.log((1 - y) * (1 + y));
        double x;
        if (w < 5) {
            w -= 2.5;
            double p = 2.81022636e-08;
            p = 3.43273939e-07 + p * w;
            p = -3.5233877e-06 + p * w;
            p = -4.39150654e-06 + p * w;
            p = 0.00021858087 + p * w;
            p = -0.00125372503 + p * w;
            p = -0.00417768164 + p * w;
            p = 0.246640727 + p * w;
            p = 1.50140941 + p * w;
            x = p * y;
        } else {
            w = Math.sqrt(w) - 3;
            double p = -0.000200214257;
            p = 0.000100950558 + p * w;
            p = 0.00134934322 + p * w;
            p = -0.00367342844 + p * w;
            p = 0.00573950773 + p * w;
            p = -0.0076224613 + p * w;
            p = 0.00943887047 + p * w;
            p = 1.00167406 + p * w;
            p = 2.83297682 + p * w;
            x = p * y;
        }
        for (int i = 0; i < 2; i++) {
            double err = ScalarMath.erf(x) - y;
            x -= err / (2 / Math.sqrt(Math.PI) * Math.exp(-x * x));
        }
        return x;
    }

    /**
     * Sets every element of {@code tensor} to {@code value}, as {@code constant_}.
     *
     * @param tensor the tensor to fill in place (any shape)
     * @param value  the value, converted to the tensor's dtype
     * @return {@code tensor}
     */
    public static Tensor constant_(Tensor tensor, double value) {
        try (var scope = GradMode.noGrad()) {
            return tensor.fill_(value);
        }
    }

    /**
     * Sets every element of {@code tensor} to 1, as {@code ones_}.
     *
     * @param tensor the tensor to fill in place (any shape)
     * @return {@code tensor}
     */
    public static Tensor ones_(Tensor tensor) {
        return constant_(tensor, 1);
    }

    /**
     * Sets every element of {@code tensor} to 0, as {@code zeros_}.
     *
     * @param tensor the tensor to fill in place (any shape)
     * @return {@code tensor}
     */
    public static Tensor zeros_(Tensor tensor) {
        return constant_(tensor, 0);
    }

    /**
     * Fills a matrix with the identity (ones on the main diagonal of a possibly non-square matrix,
     * zeros elsewhere), as {@code eye_}.
     *
     * @param tensor the 2-d tensor to fill in place
     * @return {@code tensor}
     * @throws IllegalArgumentException for a tensor that is not 2-d
     */
    public static Tensor eye_(Tensor tensor) {
        if (tensor.dim() != 2) {
            throw new IllegalArgumentException("Only tensors with 2 dimensions are supported");
        }
        try (var scope = GradMode.noGrad()) {
            return tensor.copy_(Tensor.eye(tensor.size(0), tensor.size(1), tensor.dtype()));
        }
    }

    /**
     * Fills {@code tensor} with Glorot uniform values, as {@code xavier_uniform_}: U(-a, a) with
     * a = gain * sqrt(6 / (fan_in + fan_out)).
     *
     * @param tensor the weight to fill in place, of at least 2 dimensions ({@link #fans})
     * @param gain   the scale, typically {@link #calculateGain} of the next nonlinearity (PyTorch's default 1)
     * @param gen    the source of random numbers
     * @return {@code tensor}
     * @throws IllegalArgumentException for fewer than 2 dimensions
     */
    public static Tensor xavierUniform_(Tensor tensor, double gain, Generator gen) {
        Fans f = fans(tensor);
        double std = gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
        double a = Math.sqrt(3.0) * std;
        return uniform_(tensor, -a, a, gen);
    }

    /**
     * Fills {@code tensor} with Glorot uniform values with gain 1 from the default generator, as
     * {@code xavier_uniform_}.
     *
     * @param tensor the weight to fill in place, of at least 2 dimensions ({@link #fans})
     * @return {@code tensor}
     * @throws IllegalArgumentException for fewer than 2 dimensions
     */
    public static Tensor xavierUniform_(Tensor tensor) {
        return xavierUniform_(tensor, 1, Generator.defaultGenerator());
    }

    /**
     * Fills {@code tensor} with Glorot normal values, as {@code xavier_normal_}: N(0, std^2) with
     * std = gain * sqrt(2 / (fan_in + fan_out)).
     *
     * @param tensor the weight to fill in place, of at least 2 dimensions ({@link #fans})
     * @param gain   the scale, typically {@link #calculateGain} of the next nonlinearity (PyTorch's default 1)
     * @param gen    the source of random numbers
     * @return {@code tensor}
     * @throws IllegalArgumentException for fewer than 2 dimensions
     */
    public static Tensor xavierNormal_(Tensor tensor, double gain, Generator gen) {
        Fans f = fans(tensor);
        double std = gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
        return normal_(tensor, 0, std, gen);
    }

    /**
     * Fills {@code tensor} with Glorot normal values with gain 1 from the default generator, as
     * {@code xavier_normal_}.
     *
     * @param tensor the weight to fill in place, of at least 2 dimensions ({@link #fans})
     * @return {@code tensor}
     * @throws IllegalArgumentException for fewer than 2 dimensions
     */
    public static Tensor xavierNormal_(Tensor tensor) {
        return xavierNormal_(tensor, 1, Generator.defaultGenerator());
    }

    /**
     * He uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan), gain from
     * {@link #calculateGain} with {@code a} as leaky_relu's slope. A tensor with no elements is left
     * as it is, with PyTorch's warning. As {@code kaiming_uniform_}.
     *
     * @param tensor       the weight to fill in place, of at least 2 dimensions ({@link #fans})
     * @param a            the negative slope of the leaky_relu that follows (PyTorch's default 0);
     *                     used only by "leaky_relu"
     * @param mode         "fan_in" (keeps the forward variance, the default) or "fan_out" (the backward's)
     * @param nonlinearity "relu" or "leaky_relu" (the default) as recommended; any name
     *                     {@link #calculateGain} knows
     * @param gen          the source of random numbers
     * @return {@code tensor}
     * @throws IllegalArgumentException for fewer than 2 dimensions, an unknown mode or nonlinearity
     */
    public static Tensor kaimingUniform_(Tensor tensor, double a, String mode, String nonlinearity, Generator gen) {
        if (tensor.numel() == 0) {
            LOG.warn("Initializing zero-element tensors is a no-op");
            return tensor;
        }
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(tensor, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform_(tensor, -bound, bound, gen);
    }

    /**
     * Fills {@code tensor} with He uniform values with PyTorch's defaults (a = 0, fan_in, leaky_relu)
     * from the default generator, as {@code kaiming_uniform_}.
     *
     * @param tensor the weight to fill in place, of at least 2 dimensions ({@link #fans})
     * @return {@code tensor}
     * @throws IllegalArgumentException for fewer than 2 dimensions
     */
    public static Tensor kaimingUniform_(Tensor tensor) {
        return kaimingUniform_(tensor, 0, "fan_in", "leaky_relu", Generator.defaultGenerator());
    }

    /**
     * Fills {@code tensor} with He normal values, as {@code kaiming_normal_}: N(0, std^2) with
     * std = gain / sqrt(fan), gain from {@link #calculateGain} with {@code a} as leaky_relu's slope. A
     * tensor with no elements is left as it is, with PyTorch's warning.
     *
     * @param tensor       the weight to fill in place, of at least 2 dimensions ({@link #fans})
     * @param a            the negative slope of the leaky_relu that follows (PyTorch's default 0);
     *                     used only by "leaky_relu"
     * @param mode         "fan_in" (keeps the forward variance, the default) or "fan_out" (the backward's)
     * @param nonlinearity "relu" or "leaky_relu" (the default) as recommended; any name
     *                     {@link #calculateGain} knows
     * @param gen          the source of random numbers
     * @return {@code tensor}
     * @throws IllegalArgumentException for fewer than 2 dimensions, an unknown mode or nonlinearity
     */
    public static Tensor kaimingNormal_(Tensor tensor, double a, String mode, String nonlinearity, Generator gen) {
        if (tensor.numel() == 0) {
            LOG.warn("Initializing zero-element tensors is a no-op");
            return tensor;
        }
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(tensor, mode));
        return normal_(tensor, 0, std, gen);
    }

    /**
     * Fills {@code tensor} with He normal values with PyTorch's defaults (a = 0, fan_in, leaky_relu)
     * from the default generator, as {@code kaiming_normal_}.
     *
     * @param tensor the weight to fill in place, of at least 2 dimensions ({@link #fans})
     * @return {@code tensor}
     * @throws IllegalArgumentException for fewer than 2 dimensions
     */
    public static Tensor kaimingNormal_(Tensor tensor) {
        return kaimingNormal_(tensor, 0, "fan_in", "leaky_relu", Generator.defaultGenerator());
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain}, as {@code orthogonal_}: the Q of the QR
     * decomposition of a normal matrix, with R's diagonal made positive (so Q is uniformly
     * distributed); dimensions after the first are flattened. A tensor with no elements is left as it is.
     *
     * @param tensor the tensor to fill in place, of at least 2 dimensions
     * @param gain   the scale of the matrix (PyTorch's default 1)
     * @param gen    the source of random numbers
     * @return {@code tensor}
     * @throws IllegalArgumentException for fewer than 2 dimensions
     */
    public static Tensor orthogonal_(Tensor tensor, double gain, Generator gen) {
        if (tensor.dim() < 2) {
            throw new IllegalArgumentException("Only tensors with 2 or more dimensions are supported");
        }
        if (tensor.numel() == 0 || skippingRandom()) {
            return tensor;
        }
        int rows = Math.toIntExact(tensor.size(0));
        int cols = Math.toIntExact(tensor.numel() / rows);
        boolean transposed = rows < cols;
        int m = transposed ? cols : rows;
        int n = transposed ? rows : cols;
        // columns of an m x n (m >= n) normal matrix, orthonormalised by modified Gram-Schmidt, which
        // yields the Q whose R has a positive diagonal
        double[][] q = new double[n][m];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                q[j][i] = gen.nextGaussian();
            }
        }
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[k][i] * q[j][i];
                }
                for (int i = 0; i < m; i++) {
                    q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                q[j][i] /= norm;
            }
        }
        double[] values = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                values[r * cols + c] = gain * (transposed ? q[r][c] : q[c][r]);
            }
        }
        return fill(tensor, values);
    }

    /**
     * Fills {@code tensor} with a (semi-)orthogonal matrix with gain 1 from the default generator, as
     * {@code orthogonal_}.
     *
     * @param tensor the tensor to fill in place, of at least 2 dimensions
     * @return {@code tensor}
     * @throws IllegalArgumentException for fewer than 2 dimensions
     */
    public static Tensor orthogonal_(Tensor tensor) {
        return orthogonal_(tensor, 1, Generator.defaultGenerator());
    }

    /** Copies row-major float64 values into the tensor, converting to its dtype. */
    private static Tensor fill(Tensor tensor, double[] values) {
        try (var scope = GradMode.noGrad()) {
            return tensor.copy_(Tensor.of(values, DType.FLOAT64, tensor.shape()).to(tensor.device()));
        }
    }
}
