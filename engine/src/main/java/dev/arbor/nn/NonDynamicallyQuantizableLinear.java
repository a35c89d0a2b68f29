package dev.arbor.nn;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;

/**
 * A {@link Linear} under the name PyTorch gives the output projection of {@link MultiheadAttention}
 * ({@code torch.nn.modules.linear.NonDynamicallyQuantizableLinear}), so that reprs read the same.
 */
public class NonDynamicallyQuantizableLinear extends Linear {
    public NonDynamicallyQuantizableLinear(long inFeatures, long outFeatures, boolean bias, DType dtype,
                                           Device device) {
        super(inFeatures, outFeatures, bias, dtype, device);
    }
}
