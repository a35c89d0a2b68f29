package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;

/**
 * Layer normalization over the trailing {@code normalized_shape} dimensions, as
 * {@code torch.nn.LayerNorm}, with an elementwise {@code weight} (ones) and {@code bias} (zeros) of that
 * shape when {@code elementwiseAffine}.
 */
public class LayerNorm extends Module {
    private final long[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;

    /**
     * Creates the layer with eps 1e-5, with weight and bias, as {@code nn.LayerNorm(normalized_shape)}.
     *
     * @param normalizedShape {@code normalized_shape}, the trailing dimensions of the input normalized over
     */
    public LayerNorm(long... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    /**
     * Creates the layer with float32 parameters on the CPU, as
     * {@code nn.LayerNorm(normalized_shape, eps, elementwise_affine)}.
     *
     * @param normalizedShape {@code normalized_shape}, the trailing dimensions of the input normalized over
     * @param eps             the value added to the variance for numerical stability (PyTorch's default 1e-5)
     * @param elementwiseAffine {@code elementwise_affine}: whether the layer has a weight (ones) and bias
     *                        (zeros) of {@code normalized_shape} (PyTorch's default true)
     */
    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine) {
        this(normalizedShape, eps, elementwiseAffine, DType.FLOAT32, Device.CPU);
    }

    /**
     * Creates the layer with parameters of {@code dtype} on {@code device}.
     *
     * @param normalizedShape {@code normalized_shape}, the trailing dimensions of the input normalized over
     * @param eps             the value added to the variance for numerical stability (PyTorch's default 1e-5)
     * @param elementwiseAffine {@code elementwise_affine}: whether the layer has a weight (ones) and bias
     *                        (zeros) of {@code normalized_shape} (PyTorch's default true)
     * @param dtype           the parameters' floating-point dtype (PyTorch's default float32)
     * @param device          where the parameters are created (PyTorch's default the CPU)
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine, DType dtype, Device device) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        LayerArgs.registerAffine(this, elementwiseAffine, dtype, device, normalizedShape);
    }

    /** Sets the weight back to ones and the bias to zeros, as {@code reset_parameters}. */
    public void resetParameters() {
        LayerArgs.resetAffine(this);
    }

    /** {@return the elementwise scale {@code weight} of {@code normalized_shape}, or null without affine} */
    public Parameter weight() {
        return param("weight");
    }

    /** {@return the elementwise shift {@code bias} of {@code normalized_shape}, or null without affine} */
    public Parameter bias() {
        return param("bias");
    }

    /** {@return the trailing shape normalized over, {@code normalized_shape} (a copy)} */
    public long[] normalizedShape() {
        return normalizedShape.clone();
    }

    /** {@return the value added to the variance, {@code eps}} */
    public double eps() {
        return eps;
    }

    /** {@return whether the layer has an elementwise weight and bias, {@code elementwise_affine}} */
    public boolean elementwiseAffine() {
        return elementwiseAffine;
    }

    /**
     * Normalizes over the trailing dimensions, as {@code F.layer_norm}.
     *
     * @param input {@code (*, normalized_shape)}
     * @return the normalized input, of the same shape
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.layerNorm(input, normalizedShape, weight(), bias(), eps);
    }

    @Override
    public String extraRepr() {
        return PyRepr.tuple(normalizedShape) + ", eps=" + PyRepr.of(eps) + ", elementwise_affine="
                + PyRepr.of(elementwiseAffine);
    }
}
