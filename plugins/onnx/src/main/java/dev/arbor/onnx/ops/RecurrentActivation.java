package dev.arbor.onnx.ops;

import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The activation functions of ONNX's RNN, GRU and LSTM ({@code activations}, {@code activation_alpha},
 * {@code activation_beta}): each function that takes parameters consumes the next alpha (and beta) in list
 * order, falling back to its default when the list runs out, as ONNX Runtime reads them.
 */
final class RecurrentActivation {
    private RecurrentActivation() {}

    /**
     * The node's activations, {@code perDirection} for each of {@code directions}; missing ones are
     * {@code defaults} (repeated for each direction).
     */
    static List<UnaryOperator<Tensor>> parse(OpContext ctx, int directions, List<String> defaults) {
        var a = ctx.attributes();
        List<String> names = a.getStrings("activations", null);
        int perDirection = defaults.size();
        if (names == null) {
            names = new ArrayList<>();
            for (int d = 0; d < directions; d++) {
                names.addAll(defaults);
            }
        } else if (names.size() == perDirection && directions == 2) {
            List<String> both = new ArrayList<>(names);
            both.addAll(names);
            names = both;
        }
        if (names.size() != perDirection * directions) {
            throw ctx.error("activations lists " + names.size() + " functions; " + directions + " direction(s) need "
                    + perDirection * directions);
        }
        float[] alphas = a.getFloats("activation_alpha", new float[0]);
        float[] betas = a.getFloats("activation_beta", new float[0]);
        int nextAlpha = 0;
        int nextBeta = 0;
        List<UnaryOperator<Tensor>> out = new ArrayList<>();
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            double[] defaultsAb = parameterDefaults(ctx, n);
            double alpha = defaultsAb.length > 0 && nextAlpha < alphas.length ? alphas[nextAlpha++]
                    : defaultsAb.length > 0 ? defaultsAb[0] : 0;
            double beta = defaultsAb.length > 1 && nextBeta < betas.length ? betas[nextBeta++]
                    : defaultsAb.length > 1 ? defaultsAb[1] : 0;
            out.add(function(n, alpha, beta));
        }
        return out;
    }

    /** The default alpha (and beta) of a function that takes them; empty for one that takes none. */
    private static double[] parameterDefaults(OpContext ctx, String name) {
        return switch (name) {
            case "sigmoid", "tanh", "relu", "softsign", "softplus" -> new double[0];
            case "leakyrelu" -> new double[] {0.01};
            case "thresholdedrelu", "elu" -> new double[] {1.0};
            case "affine", "scaledtanh" -> new double[] {1.0, name.equals("affine") ? 0.0 : 1.0};
            case "hardsigmoid" -> new double[] {0.2, 0.5};
            default -> throw new UnsupportedOperationException(ctx.describe() + ": unknown activation function '" + name
                    + "'");
        };
    }

    private static UnaryOperator<Tensor> function(String name, double alpha, double beta) {
        return switch (name) {
            case "sigmoid" -> Tensor::sigmoid;
            case "tanh" -> Tensor::tanh;
            case "relu" -> Tensor::relu;
            case "softsign" -> x -> x.div(x.abs().add(1.0));
            case "softplus" -> x -> x.exp().log1p();
            case "leakyrelu" -> x -> Tensor.where(x.lt(0.0), x.mul(alpha), x);
            case "thresholdedrelu" -> x -> Tensor.where(x.gt(alpha), x, Tensor.zeros(x.dtype(), x.device()));
            case "elu" -> x -> Tensor.where(x.lt(0.0), x.expm1().mul(alpha), x);
            case "affine" -> x -> x.mul(alpha).add(beta);
            case "scaledtanh" -> x -> x.mul(beta).tanh().mul(alpha);
            case "hardsigmoid" -> x -> x.mul(alpha).add(beta).clamp(0.0, 1.0);
            default -> throw new IllegalStateException(name);
        };
    }
}
