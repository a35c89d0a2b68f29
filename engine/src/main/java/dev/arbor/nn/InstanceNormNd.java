package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instance normalization, as PyTorch's {@code _InstanceNorm}: each channel of each sample is normalized
 * over its spatial elements. With tracked running statistics, training updates them (averaged over the
 * batch) and evaluation uses them. An input without the batch dimension is taken as one sample.
 */
public abstract class InstanceNormNd extends NormBase {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceNormNd.class);

    InstanceNormNd(NormOptions<?> options) {
        super(options);
        if (momentum == null) {
            throw new IllegalArgumentException(typeName()
                    + ": momentum must be a number (None is only for batch norm)");
        }
    }

    /** The rank of an input without batch dimension: the number of spatial dimensions plus one. */
    abstract int noBatchDim();

    /**
     * Normalizes each channel of each sample over its spatial elements, as {@code F.instance_norm}.
     *
     * @param input {@code (N, C, L)} or {@code (C, L)} for InstanceNorm1d, {@code (N, C, H, W)} or
     *              {@code (C, H, W)} for InstanceNorm2d, {@code (N, C, D, H, W)} or {@code (C, D, H, W)}
     *              for InstanceNorm3d
     * @return the normalized input, of the same shape
     * @throws IllegalArgumentException with PyTorch's message for another rank, or a channel count other
     *                                  than {@code num_features} when affine (only a warning otherwise)
     */
    @Override
    public Tensor forward(Tensor input) {
        int unbatched = noBatchDim();
        if (input.dim() != unbatched && input.dim() != unbatched + 1) {
            throw new IllegalArgumentException("expected " + unbatched + "D or " + (unbatched + 1) + "D input (got "
                    + input.dim() + "D input)");
        }
        int featureDim = input.dim() - unbatched;
        if (input.size(featureDim) != numFeatures) {
            if (affine) {
                throw new IllegalArgumentException("expected input's size at dim=" + featureDim + " to match "
                        + "num_features (" + numFeatures + "), but got: " + input.size(featureDim) + ".");
            }
            LOG.warn("input's size at dim={} does not match num_features. You can silence this warning by not passing "
                    + "in num_features, which is not used because affine=False", featureDim);
        }
        if (input.dim() == unbatched) {
            return normalize(input.unsqueeze(0)).squeeze(0);
        }
        return normalize(input);
    }

    private Tensor normalize(Tensor input) {
        return F.instanceNorm(input, runningMean(), runningVar(), weight(), bias(), isTraining() || !trackRunningStats,
                momentum, eps);
    }
}
