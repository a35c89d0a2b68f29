package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;

/**
 * {@code y = x W^T + b}, as {@code torch.nn.Linear}: input {@code (*, in_features)}, output
 * {@code (*, out_features)}. The weight {@code (out_features, in_features)} is initialised with
 * {@code kaiming_uniform_(a = sqrt(5))}, that is U(-1/sqrt(in), 1/sqrt(in)), and the bias with
 * U(-1/sqrt(in), 1/sqrt(in)), as in PyTorch.
 */
public class Linear extends Module {
    private final long inFeatures;
    private final long outFeatures;

    /**
     * Creates a layer with bias, float32 on the CPU, as {@code nn.Linear(in_features, out_features)}.
     *
     * @param inFeatures  {@code in_features}, the size of each input sample
     * @param outFeatures {@code out_features}, the size of each output sample
     */
    public Linear(long inFeatures, long outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    /**
     * Creates a layer with or without bias, float32 on the CPU.
     *
     * @param inFeatures  {@code in_features}, the size of each input sample
     * @param outFeatures {@code out_features}, the size of each output sample
     * @param bias        whether the layer adds a learnable bias (PyTorch's default true)
     */
    public Linear(long inFeatures, long outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, DType.FLOAT32, Device.CPU);
    }

    /**
     * Creates a layer whose parameters have {@code dtype} and live on {@code device}.
     *
     * @param inFeatures  {@code in_features}, the size of each input sample
     * @param outFeatures {@code out_features}, the size of each output sample
     * @param bias        whether the layer adds a learnable bias (PyTorch's default true)
     * @param dtype       the parameters' floating-point dtype (PyTorch's default float32)
     * @param device      where the parameters are created (PyTorch's default the CPU)
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public Linear(long inFeatures, long outFeatures, boolean bias, DType dtype, Device device) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        registerParameter("weight", new Parameter(Tensor.empty(dtype, device, outFeatures, inFeatures)));
        registerParameter("bias", bias ? new Parameter(Tensor.empty(dtype, device, outFeatures)) : null);
        initParameters();
    }

    /** Re-draws the weight and bias from PyTorch's initial distributions, as {@code reset_parameters}. */
    public void resetParameters() {
        initParameters();
    }

    private void initParameters() {
        Parameter w = param("weight");
        Init.kaimingUniform_(w, Math.sqrt(5), "fan_in", "leaky_relu", Generator.defaultGenerator());
        if (param("bias") != null) {
            long fanIn = Init.fans(w).fanIn();
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            Init.uniform_(param("bias"), -bound, bound);
        }
    }

    /** {@return the weight {@code (out_features, in_features)}} */
    public Parameter weight() {
        return param("weight");
    }

    /** {@return the bias {@code (out_features)}, or null for a layer without one} */
    public Parameter bias() {
        return param("bias");
    }

    /** {@return the size of each input sample, {@code in_features}} */
    public long inFeatures() {
        return inFeatures;
    }

    /** {@return the size of each output sample, {@code out_features}} */
    public long outFeatures() {
        return outFeatures;
    }

    /**
     * Applies {@code x W^T + b}, as {@code F.linear}.
     *
     * @param input {@code (*, in_features)}: any number of leading dimensions, including none
     * @return {@code (*, out_features)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.linear(input, weight(), bias());
    }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + PyRepr.of(bias() != null);
    }
}
