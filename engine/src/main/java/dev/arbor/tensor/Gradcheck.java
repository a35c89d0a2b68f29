package dev.arbor.tensor;

import java.util.List;
import java.util.function.Function;

/**
 * Checks analytical gradients against finite differences, as {@code torch.autograd.gradcheck}: for
 * float64 inputs, each element of each input that requires grad is perturbed by {@code ±eps}, and
 * the central difference of every output is compared with the vector-Jacobian products autograd
 * computes, within {@code atol + rtol * |numerical|}.
 */
public final class Gradcheck {
    private Gradcheck() {}

    /**
     * The default check: eps 1e-6, atol 1e-5, rtol 1e-3 (PyTorch's defaults).
     *
     * @param fn the function of the inputs; it must depend on nothing else
     * @param inputs float64 tensors; those that require grad are checked
     */
    public static void check(Function<List<Tensor>, Tensor> fn, Tensor... inputs) {
        check(fn, 1e-6, 1e-5, 1e-3, inputs);
    }

    /**
     * Runs the check and throws an {@link AssertionError} naming the input, element and both values at
     * the first mismatch.
     *
     * @param eps the perturbation for central differences
     * @param atol the absolute tolerance
     * @param rtol the tolerance relative to the numerical value
     * @param fn     the function; it must depend only on its inputs (no randomness)
     * @param inputs float64 tensors; those that require grad are checked
     */
    public static void check(Function<List<Tensor>, Tensor> fn, double eps, double atol, double rtol, Tensor... inputs) {
        for (Tensor in : inputs) {
            if (in.requiresGrad() && in.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradcheck expects float64 inputs that require grad, got " + in.dtype());
            }
        }
        List<Tensor> args = List.of(inputs);
        Tensor out = fn.apply(args);
        long outNumel = out.numel();
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (!in.requiresGrad()) {
                continue;
            }
            double[] numerical = numericalJacobian(fn, args, in, eps, outNumel);
            double[] analytical = analyticalJacobian(fn, args, in, outNumel);
            long n = in.numel();
            for (int k = 0; k < n; k++) {
                for (int o = 0; o < outNumel; o++) {
                    double num = numerical[(int) (k * outNumel + o)];
                    double ana = analytical[(int) (k * outNumel + o)];
                    if (Math.abs(num - ana) > atol + rtol * Math.abs(num) || Double.isNaN(ana) != Double.isNaN(num)) {
                        throw new AssertionError("Jacobian mismatch for output " + o + " with respect to input " + i
                                + " (shape " + Shapes.str(in.shape()) + "), element " + k + ": numerical " + num
                                + ", analytical " + ana);
                    }
                }
            }
        }
    }

    /** [input element][output element] by central differences, perturbing the input's storage in place. */
    private static double[] numericalJacobian(Function<List<Tensor>, Tensor> fn, List<Tensor> args, Tensor in,
                                              double eps, long outNumel) {
        long n = in.numel();
        double[] jac = new double[(int) (n * outNumel)];
        Tensor flat = in.detach().view(-1);
        try (var scope = GradMode.noGrad()) {
            for (int k = 0; k < n; k++) {
                double orig = flat.get(k);
                Tensor element = flat.narrow(0, k, 1);
                element.fill_(orig + eps);
                double[] plus = fn.apply(args).to(DType.FLOAT64).toDoubleArray();
                element.fill_(orig - eps);
                double[] minus = fn.apply(args).to(DType.FLOAT64).toDoubleArray();
                element.fill_(orig);
                for (int o = 0; o < outNumel; o++) {
                    jac[(int) (k * outNumel + o)] = (plus[o] - minus[o]) / (2 * eps);
                }
            }
        }
        return jac;
    }

    /** [input element][output element] from one backward per output element. */
    private static double[] analyticalJacobian(Function<List<Tensor>, Tensor> fn, List<Tensor> args, Tensor in,
                                               long outNumel) {
        long n = in.numel();
        double[] jac = new double[(int) (n * outNumel)];
        for (int o = 0; o < outNumel; o++) {
            Tensor out = fn.apply(args);
            if (!out.requiresGrad()) {
                throw new AssertionError("the output does not require grad: the function is not differentiable");
            }
            Tensor seed = Tensor.zerosLike(out);
            seed.view(-1).narrow(0, o, 1).fill_(1);
            List<Tensor> grads = Autograd.grad(List.of(out), List.of(in), List.of(seed), false, false, true);
            Tensor g = grads.getFirst();
            double[] gv = g == null ? new double[(int) n] : g.to(DType.FLOAT64).toDoubleArray();
            for (int k = 0; k < n; k++) {
                jac[(int) (k * outNumel + o)] = gv[k];
            }
        }
        return jac;
    }
}
