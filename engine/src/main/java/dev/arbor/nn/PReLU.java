package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;

/**
 * {@code x > 0 ? x : a * x} with a learnable slope {@code weight}, one shared or one per channel
 * (dimension 1 of the input), initialised to {@code init} (0.25), as {@code torch.nn.PReLU}.
 */
public class PReLU extends Module {
    private final long numParameters;
    private final double init;

    /**
     * Creates the layer with one shared slope starting at 0.25, as {@code nn.PReLU()}.
     */
    public PReLU() {
        this(1, 0.25);
    }

    /**
     * Creates the layer with slopes starting at 0.25, as {@code nn.PReLU(num_parameters)}.
     *
     * @param numParameters {@code num_parameters}: 1 for one shared slope, or the number of channels C
     *                      (PyTorch's default 1)
     */
    public PReLU(long numParameters) {
        this(numParameters, 0.25);
    }

    /**
     * Creates the layer, as {@code nn.PReLU(num_parameters, init)}.
     *
     * @param numParameters {@code num_parameters}: 1 for one shared slope, or the number of channels C
     *                      (PyTorch's default 1)
     * @param init          the initial slope (PyTorch's default 0.25)
     */
    public PReLU(long numParameters, double init) {
        this(numParameters, init, DType.FLOAT32, Device.CPU);
    }

    /**
     * Creates the layer with slopes of {@code dtype} on {@code device}.
     *
     * @param numParameters {@code num_parameters}: 1 for one shared slope, or the number of channels C
     *                      (PyTorch's default 1)
     * @param init          the initial slope (PyTorch's default 0.25)
     * @param dtype         the weight's floating-point dtype (PyTorch's default float32)
     * @param device        where the weight is created (PyTorch's default the CPU)
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public PReLU(long numParameters, double init, DType dtype, Device device) {
        this.numParameters = numParameters;
        this.init = init;
        registerParameter("weight", new Parameter(Tensor.full(init, dtype, device, numParameters)));
    }

    /** Sets every slope back to {@code init}, as {@code reset_parameters}. */
    public void resetParameters() {
        Init.constant_(weight(), init);
    }

    /** {@return the slopes {@code weight}, {@code (num_parameters)}} */
    public Parameter weight() {
        return param("weight");
    }

    /**
     * Applies {@code x > 0 ? x : a * x} to each element, a being the channel's slope, as {@code F.prelu}.
     *
     * @param input {@code (N, C, *)} with {@code C} = {@code num_parameters} when there are several slopes; any shape
     *              with one slope (fewer than 2 dimensions count as one channel)
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.prelu(input, weight());
    }

    @Override
    public String extraRepr() {
        return "num_parameters=" + numParameters;
    }
}
