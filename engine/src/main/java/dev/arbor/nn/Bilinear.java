package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;

/**
 * {@code y_k = x1^T A_k x2 + b_k}, as {@code torch.nn.Bilinear}: inputs {@code (*, in1_features)}
 * and {@code (*, in2_features)} with equal leading dimensions, output {@code (*, out_features)}.
 * Weight {@code (out, in1, in2)} and bias {@code (out)} are initialised U(-1/sqrt(in1), 1/sqrt(in1)).
 * Called with two tensors: {@code Tensor y = bilinear.call(x1, x2);}.
 */
public class Bilinear extends Module {
    private final long in1Features;
    private final long in2Features;
    private final long outFeatures;

    /**
     * Creates a layer with bias, float32 on the CPU, as {@code nn.Bilinear(in1_features, in2_features,
     * out_features)}.
     *
     * @param in1Features {@code in1_features}, the size of each first input sample
     * @param in2Features {@code in2_features}, the size of each second input sample
     * @param outFeatures {@code out_features}, the size of each output sample
     */
    public Bilinear(long in1Features, long in2Features, long outFeatures) {
        this(in1Features, in2Features, outFeatures, true, DType.FLOAT32, Device.CPU);
    }

    /**
     * Creates a layer with or without bias, with parameters of {@code dtype} on {@code device}.
     *
     * @param in1Features {@code in1_features}, the size of each first input sample
     * @param in2Features {@code in2_features}, the size of each second input sample
     * @param outFeatures {@code out_features}, the size of each output sample
     * @param bias        whether the layer adds a learnable bias (PyTorch's default true)
     * @param dtype       the parameters' floating-point dtype (PyTorch's default float32)
     * @param device      where the parameters are created (PyTorch's default the CPU)
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public Bilinear(long in1Features, long in2Features, long outFeatures, boolean bias, DType dtype, Device device) {
        this.in1Features = in1Features;
        this.in2Features = in2Features;
        this.outFeatures = outFeatures;
        registerParameter("weight", new Parameter(Tensor.empty(dtype, device, outFeatures, in1Features, in2Features)));
        registerParameter("bias", bias ? new Parameter(Tensor.empty(dtype, device, outFeatures)) : null);
        initParameters();
    }

    /** Re-draws the weight and bias from PyTorch's initial distribution, as {@code reset_parameters}. */
    public void resetParameters() {
        initParameters();
    }

    private void initParameters() {
        double bound = 1 / Math.sqrt(param("weight").size(1));
        Init.uniform_(param("weight"), -bound, bound);
        if (param("bias") != null) {
            Init.uniform_(param("bias"), -bound, bound);
        }
    }

    /** {@return the weight {@code (out_features, in1_features, in2_features)}} */
    public Parameter weight() {
        return param("weight");
    }

    /** {@return the bias {@code (out_features)}, or null for a layer without one} */
    public Parameter bias() {
        return param("bias");
    }

    /**
     * Runs {@link #forward(Tensor, Tensor)} on {@code (input1, input2)}.
     *
     * @param inputs two tensors, {@code (*, in1_features)} and {@code (*, in2_features)}
     * @return the output tensor {@code (*, out_features)}
     * @throws IllegalArgumentException for anything but two tensors
     */
    @Override
    public Object forward(Object... inputs) {
        if (inputs.length != 2 || !(inputs[0] instanceof Tensor x1) || !(inputs[1] instanceof Tensor x2)) {
            throw new IllegalArgumentException("Bilinear.forward takes two Tensors (input1, input2), got "
                    + inputs.length + " arguments");
        }
        return forward(x1, x2);
    }

    /**
     * Applies {@code x1^T A x2 + b} (without hooks; {@code call(x1, x2)} runs them), as {@code F.bilinear}.
     *
     * @param x1 {@code (*, in1_features)}
     * @param x2 {@code (*, in2_features)}, with the same leading dimensions as {@code x1}
     * @return {@code (*, out_features)}
     */
    public Tensor forward(Tensor x1, Tensor x2) {
        return F.bilinear(x1, x2, weight(), bias());
    }

    @Override
    public String extraRepr() {
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures
                + ", bias=" + PyRepr.of(bias() != null);
    }
}
