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

    /** eps 1e-5, with weight and bias. */
    public LayerNorm(long... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    /** float32 parameters on the CPU. */
    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine) {
        this(normalizedShape, eps, elementwiseAffine, DType.FLOAT32, Device.CPU);
    }

    /** Parameters of {@code dtype} on {@code device}. */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine, DType dtype, Device device) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        LayerArgs.registerAffine(this, elementwiseAffine, dtype, device, normalizedShape);
    }

    /** Weight back to ones, bias to zeros. */
    public void resetParameters() {
        LayerArgs.resetAffine(this);
    }

    /** The elementwise scale, or null. */
    public Parameter weight() {
        return param("weight");
    }

    /** The elementwise shift, or null. */
    public Parameter bias() {
        return param("bias");
    }

    /** The trailing shape normalized over. */
    public long[] normalizedShape() {
        return normalizedShape.clone();
    }

    /** The value added to the variance. */
    public double eps() {
        return eps;
    }

    /** Whether the layer has an elementwise weight and bias. */
    public boolean elementwiseAffine() {
        return elementwiseAffine;
    }

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
