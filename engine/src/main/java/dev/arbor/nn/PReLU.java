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

    /** One shared slope starting at 0.25. */
    public PReLU() {
        this(1, 0.25);
    }

    /** {@code numParameters} slopes (1, or the number of channels) starting at 0.25. */
    public PReLU(long numParameters) {
        this(numParameters, 0.25);
    }

    /** The layer with the given {@code numParameters}, {@code init}. */
    public PReLU(long numParameters, double init) {
        this(numParameters, init, DType.FLOAT32, Device.CPU);
    }

    /** The slopes as {@code dtype} on {@code device}. */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public PReLU(long numParameters, double init, DType dtype, Device device) {
        this.numParameters = numParameters;
        this.init = init;
        registerParameter("weight", new Parameter(Tensor.full(init, dtype, device, numParameters)));
    }

    /** Every slope back to {@code init}. */
    public void resetParameters() {
        Init.constant_(weight(), init);
    }

    /** The slopes {@code [num_parameters]}. */
    public Parameter weight() {
        return param("weight");
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.prelu(input, weight());
    }

    @Override
    public String extraRepr() {
        return "num_parameters=" + numParameters;
    }
}
