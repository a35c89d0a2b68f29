package dev.arbor.ops;

import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;

/** cosine_similarity and pairwise_distance. */
public final class Distances {
    private Distances() {}

    /**
     * The cosine of the angle between {@code x1} and {@code x2} (broadcast) along {@code dim}: each is
     * divided by its 2-norm clamped below at {@code eps}, then the products are summed.
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        if (!Elementwise.resultType(x1, x2).isFloatingPoint()) {
            throw new IllegalArgumentException("expected common dtype to be floating point, yet common dtype is "
                    + Elementwise.resultType(x1, x2).legacyName());
        }
        long[] shape;
        try {
            shape = Shapes.broadcast(x1.shape(), x2.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cosine_similarity: " + e.getMessage(), e);
        }
        Tensor a = x1.expand(shape);
        Tensor b = x2.expand(shape);
        int d = Shapes.wrapDim(dim, shape.length);
        Tensor na = a.norm(2, new int[] {d}, true).clamp(eps, null);
        Tensor nb = b.norm(2, new int[] {d}, true).clamp(eps, null);
        return a.div(na).mul(b.div(nb)).sum(d, false);
    }

    /** The {@code p}-norm of {@code x1 - x2 + eps} along the last dimension of the broadcast shape. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        int innermost = Math.max(x1.dim(), x2.dim()) - 1;
        return x1.sub(x2).add(eps).norm(p, new int[] {Math.max(innermost, 0)}, keepdim);
    }
}
