package dev.arbor.nn;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;

/**
 * A {@link Linear} under the name PyTorch gives the output projection of {@link MultiheadAttention}
 * ({@code torch.nn.modules.linear.NonDynamicallyQuantizableLinear}), so that reprs read the same.
 */
public class NonDynamicallyQuantizableLinear extends Linear {
    /** A linear layer {@code inFeatures -> outFeatures}, with or without bias, of {@code dtype} on {@code device}. */
    public NonDynamicallyQuantizableLinear(long inFeatures, long outFeatures, boolean bias, DType dtype,
                                           Device device) {
        super(inFeatures, outFeatures, bias, dtype, device);
    }
}
