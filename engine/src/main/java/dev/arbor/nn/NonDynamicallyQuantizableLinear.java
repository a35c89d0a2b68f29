package dev.arbor.nn;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;

/**
 * A {@link Linear} under the name PyTorch gives the output projection of {@link MultiheadAttention}
 * ({@code torch.nn.modules.linear.NonDynamicallyQuantizableLinear}), so that reprs read the same.
 */
public class NonDynamicallyQuantizableLinear extends Linear {
    /**
     * Creates a linear layer {@code inFeatures -> outFeatures}, with or without bias, of {@code dtype} on
     * {@code device}.
     *
     * @param inFeatures  {@code in_features}, the size of each input sample
     * @param outFeatures {@code out_features}, the size of each output sample
     * @param bias        whether the layer adds a learnable bias
     * @param dtype       the parameters' floating-point dtype
     * @param device      where the parameters are created
     */
    public NonDynamicallyQuantizableLinear(long inFeatures, long outFeatures, boolean bias, DType dtype,
                                           Device device) {
        super(inFeatures, outFeatures, bias, dtype, device);
    }
}
