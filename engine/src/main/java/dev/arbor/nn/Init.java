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
 */
public final class Init {
    private static final Logger LOG = LoggerFactory.getLogger(Init.class);

    private Init() {}

    /** The input and output fan of a weight: sizes 1 and 0 times the receptive field (the product of the rest). */
    public record Fans(long fanIn, long fanOut) {}

    /**
     * The recommended gain for a nonlinearity, as {@code calculate_gain}: 1 for linear, conv and
     * sigmoid, 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu (slope
     * {@code param}, default 0.01), 3/4 for selu.
     *
     * @param param the negative slope of leaky_relu; null for the default
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

    /** {@link #calculateGain(String, Double)} with the default parameter. */
    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, null);
    }

    /**
     * The fans of a weight tensor of at least 2 dimensions.
     *
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

    /** Uniform values in [a, b). */
    public static Tensor uniform_(Tensor tensor, double a, double b, Generator gen) {
        try (var scope = GradMode.noGrad()) {
            return tensor.uniform_(gen, a, b);
        }
    }

    /** Uniform values in [a, b) from the default generator. */
    public static Tensor uniform_(Tensor tensor, double a, double b) {
        return uniform_(tensor, a, b, Generator.defaultGenerator());
    }

    /** Normal values with this mean and standard deviation. */
    public static Tensor normal_(Tensor tensor, double mean, double std, Generator gen) {
        try (var scope = GradMode.noGrad()) {
            return tensor.normal_(gen, mean, std);
        }
    }

    /** Normal values from the default generator. */
    public static Tensor normal_(Tensor tensor, double mean, double std) {
        return normal_(tensor, mean, std, Generator.defaultGenerator());
    }

    /**
     * Normal values with this mean and standard deviation, truncated to [a, b], by inverting the
     * normal CDF over the interval as PyTorch does (so any interval works, however unlikely).
     */
    public static Tensor truncNormal_(Tensor tensor, double mean, double std, double a, double b, Generator gen) {
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

    /** Truncated normal values from the default generator. */
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

    /** Every element set to {@code value}. */
    public static Tensor constant_(Tensor tensor, double value) {
        try (var scope = GradMode.noGrad()) {
            return tensor.fill_(value);
        }
    }

    /** Every element set to 1. */
    public static Tensor ones_(Tensor tensor) {
        return constant_(tensor, 1);
    }

    /** Every element set to 0. */
    public static Tensor zeros_(Tensor tensor) {
        return constant_(tensor, 0);
    }

    /**
     * The identity matrix (ones on the main diagonal of a possibly non-square matrix).
     *
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

    /** Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform_(Tensor tensor, double gain, Generator gen) {
        Fans f = fans(tensor);
        double std = gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
        double a = Math.sqrt(3.0) * std;
        return uniform_(tensor, -a, a, gen);
    }

    /** Glorot uniform with gain 1 from the default generator. */
    public static Tensor xavierUniform_(Tensor tensor) {
        return xavierUniform_(tensor, 1, Generator.defaultGenerator());
    }

    /** Glorot normal: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal_(Tensor tensor, double gain, Generator gen) {
        Fans f = fans(tensor);
        double std = gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
        return normal_(tensor, 0, std, gen);
    }

    /** Glorot normal with gain 1 from the default generator. */
    public static Tensor xavierNormal_(Tensor tensor) {
        return xavierNormal_(tensor, 1, Generator.defaultGenerator());
    }

    /**
     * He uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan), gain from
     * {@link #calculateGain} with {@code a} as leaky_relu's slope. A tensor with no elements is left
     * as it is, with PyTorch's warning.
     *
     * @param mode         "fan_in" (keeps the forward variance) or "fan_out" (the backward's)
     * @param nonlinearity "relu" or "leaky_relu" as recommended; any name {@link #calculateGain} knows
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

    /** He uniform with PyTorch's defaults (a = 0, fan_in, leaky_relu) from the default generator. */
    public static Tensor kaimingUniform_(Tensor tensor) {
        return kaimingUniform_(tensor, 0, "fan_in", "leaky_relu", Generator.defaultGenerator());
    }

    /** He normal: N(0, std^2) with std = gain / sqrt(fan). */
    public static Tensor kaimingNormal_(Tensor tensor, double a, String mode, String nonlinearity, Generator gen) {
        if (tensor.numel() == 0) {
            LOG.warn("Initializing zero-element tensors is a no-op");
            return tensor;
        }
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(tensor, mode));
        return normal_(tensor, 0, std, gen);
    }

    /** He normal with PyTorch's defaults from the default generator. */
    public static Tensor kaimingNormal_(Tensor tensor) {
        return kaimingNormal_(tensor, 0, "fan_in", "leaky_relu", Generator.defaultGenerator());
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain}, as {@code orthogonal_}: the Q of the QR
     * decomposition of a normal matrix, with R's diagonal made positive (so Q is uniformly
     * distributed); dimensions after the first are flattened.
     *
     * @throws IllegalArgumentException for fewer than 2 dimensions
     */
    public static Tensor orthogonal_(Tensor tensor, double gain, Generator gen) {
        if (tensor.dim() < 2) {
            throw new IllegalArgumentException("Only tensors with 2 or more dimensions are supported");
        }
        if (tensor.numel() == 0) {
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

    /** An orthogonal matrix with gain 1 from the default generator. */
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
