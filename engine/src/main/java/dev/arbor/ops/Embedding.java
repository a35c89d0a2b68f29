package dev.arbor.ops;

import dev.arbor.backend.ScatterMode;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/** embedding, embedding_bag and one_hot. */
public final class Embedding {
    private Embedding() {}

    /** An int64 copy of integer indices, checked to lie in {@code [0, rows)}. */
    private static Tensor indices(String op, Tensor input, long rows) {
        if (input.dtype() != DType.INT64 && input.dtype() != DType.INT32) {
            throw new IllegalArgumentException("Expected tensor for argument #1 'indices' to have one of the following "
                    + "scalar types: Long, Int; but got " + input.dtype() + " instead (while checking arguments for "
                    + op + ")");
        }
        Tensor idx = input.detach().to(DType.INT64);
        if (idx.numel() > 0 && (idx.min().itemLong() < 0 || idx.max().itemLong() >= rows)) {
            long bad = idx.min().itemLong() < 0 ? idx.min().itemLong() : idx.max().itemLong();
            throw new IndexOutOfBoundsException("index out of range in self (" + op + ": index " + bad
                    + " with " + rows + " embeddings)");
        }
        return idx;
    }

    private static void checkWeight(Tensor weight) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("'weight' must be 2-D (got shape " + Shapes.str(weight.shape()) + ")");
        }
    }

    /** {@code paddingIdx} wrapped into {@code [0, rows)}, or -1 for none. */
    private static long padding(Long paddingIdx, long rows) {
        if (paddingIdx == null) {
            return -1;
        }
        if (paddingIdx >= rows || paddingIdx < -rows) {
            throw new IllegalArgumentException("Padding_idx must be within num_embeddings");
        }
        return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
    }

    /**
     * Rows of {@code weight} looked up at {@code input}: shape {@code input.shape + [D]}. The row at
     * {@code paddingIdx} gets no gradient; with {@code maxNorm}, the looked-up rows whose
     * {@code normType}-norm exceeds it are rescaled in place first; with {@code scaleGradByFreq}, each
     * row's gradient is divided by how often it occurs in the input.
     */
    public static Tensor embedding(Tensor input, Tensor weight, Long paddingIdx, Double maxNorm, double normType,
                                   boolean scaleGradByFreq) {
        long trace = OpTraces.begin();
        Tensor out = computeEmbedding(input, weight, paddingIdx, maxNorm, normType, scaleGradByFreq);
        return trace < 0 ? out : OpTraces.end(trace, "embedding", out,
                input, weight, paddingIdx, maxNorm, normType, scaleGradByFreq);
    }

    private static Tensor computeEmbedding(Tensor input, Tensor weight, Long paddingIdx, Double maxNorm, double normType,
                                           boolean scaleGradByFreq) {
        checkWeight(weight);
        long rows = weight.size(0);
        long pad = padding(paddingIdx, rows);
        Tensor idx = indices("embedding", input, rows).reshape(-1);
        if (maxNorm != null) {
            renorm(weight, idx, maxNorm, normType);
        }
        long dim = weight.size(1);
        long[] outShape = Arrays.copyOf(input.shape(), input.dim() + 1);
        outShape[input.dim()] = dim;
        Tensor out = weight.detach().indexSelect(0, idx).reshape(outShape);
        return Autograd.record("EmbeddingBackward0", out, new Tensor[] {weight}, g -> {
            Tensor rowsGrad = g.reshape(-1, dim);
            if (pad >= 0) {
                rowsGrad = Tensor.where(idx.eq((double) pad).unsqueeze(1), ArgChecks.scalarLike(0, rowsGrad), rowsGrad);
            }
            if (scaleGradByFreq) {
                Tensor counts = Tensor.zeros(g.dtype(), g.device(), rows)
                        .indexAdd(0, idx, Tensor.ones(g.dtype(), idx.numel()).to(g.device()));
                rowsGrad = rowsGrad.div(counts.indexSelect(0, idx).unsqueeze(1));
            }
            return new Tensor[] {Tensor.zeros(g.dtype(), g.device(), rows, dim).indexAdd(0, idx, rowsGrad)};
        });
    }

    /** Rescales, in place and outside autograd, the rows at {@code idx} whose norm exceeds {@code maxNorm}. */
    private static void renorm(Tensor weight, Tensor idx, double maxNorm, double normType) {
        long[] distinct = Arrays.stream(idx.toLongArray()).distinct().sorted().toArray();
        if (distinct.length == 0) {
            return;
        }
        try (var scope = GradMode.noGrad()) {
            Tensor rowIds = Tensor.of(distinct).to(weight.device());
            Tensor rows = weight.detach().indexSelect(0, rowIds);
            Tensor norms = rows.norm(normType, new int[] {1}, true);
            Tensor scale = Tensor.where(norms.gt(maxNorm), norms.add(1e-7).reciprocal().mul(maxNorm),
                    ArgChecks.scalarLike(1, norms));
            Tensor target = rowIds.unsqueeze(1).expand(distinct.length, weight.size(1)).contiguous();
            Transfer.backend(weight).scatter(weight.detach(), 0, target, rows.mul(scale), ScatterMode.REPLACE);
            weight.storage().bumpVersion();
        }
    }

    /**
     * Sums, means or maxima of bags of embeddings, as {@code F.embedding_bag}: a 2-d input is one bag per
     * row; a 1-d input is split into bags at {@code offsets}. Entries equal to {@code paddingIdx} are left
     * out of their bag; empty bags give zeros.
     */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, Double maxNorm, double normType,
                                      boolean scaleGradByFreq, String mode, Tensor perSampleWeights,
                                      boolean includeLastOffset, Long paddingIdx) {
        long trace = OpTraces.begin();
        Tensor out = computeEmbeddingBag(input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode,
                perSampleWeights, includeLastOffset, paddingIdx);
        return trace < 0 ? out : OpTraces.end(trace, "embedding_bag", out,
                input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode, perSampleWeights, includeLastOffset,
                paddingIdx);
    }

    private static Tensor computeEmbeddingBag(Tensor input, Tensor weight, Tensor offsets, Double maxNorm, double normType,
                                              boolean scaleGradByFreq, String mode, Tensor perSampleWeights,
                                              boolean includeLastOffset, Long paddingIdx) {
        if (!mode.equals("sum") && !mode.equals("mean") && !mode.equals("max")) {
            throw new IllegalArgumentException("mode has to be one of sum, mean or max");
        }
        checkWeight(weight);
        long rows = weight.size(0);
        long pad = padding(paddingIdx, rows);
        long[] ids = indices("embedding_bag", input, rows).reshape(-1).toLongArray();
        long[] bounds = bagBounds(input, offsets, includeLastOffset);
        if (perSampleWeights != null) {
            if (!mode.equals("sum")) {
                throw new UnsupportedOperationException("embedding_bag: per_sample_weights was not None. "
                        + "per_sample_weights is only supported for mode='sum' (got mode='" + mode + "'). Please open "
                        + "a feature request on GitHub.");
            }
            if (!Arrays.equals(perSampleWeights.shape(), input.shape())) {
                throw new IllegalArgumentException("embedding_bag: If per_sample_weights ("
                        + Shapes.str(perSampleWeights.shape()) + ") is not None, then it must have the same shape as "
                        + "the input (" + Shapes.str(input.shape()) + ")");
            }
        }
        int bags = bounds.length - 1;
        long[] bagOf = new long[ids.length];
        long[] kept = new long[ids.length];
        int n = 0;
        for (int b = 0; b < bags; b++) {
            for (long j = bounds[b]; j < bounds[b + 1]; j++) {
                if (ids[(int) j] != pad) {
                    bagOf[n] = b;
                    kept[n++] = j;
                }
            }
        }
        Tensor positions = Tensor.of(Arrays.copyOf(kept, n)).to(weight.device());
        Tensor bagIds = Tensor.of(Arrays.copyOf(bagOf, n)).to(weight.device());
        Tensor keptIds = input.reshape(-1).to(DType.INT64).indexSelect(0, positions);
        Tensor emb = embedding(keptIds, weight, null, maxNorm, normType, scaleGradByFreq);
        if (perSampleWeights != null) {
            emb = emb.mul(perSampleWeights.reshape(-1).indexSelect(0, positions).unsqueeze(1));
        }
        long dim = weight.size(1);
        if (mode.equals("max")) {
            return bagMax(emb, bagOf, n, bags, dim);
        }
        Tensor sums = Tensor.zeros(emb.dtype(), emb.device(), bags, dim).indexAdd(0, bagIds, emb);
        if (mode.equals("sum")) {
            return sums;
        }
        double[] counts = new double[bags];
        for (int i = 0; i < n; i++) {
            counts[(int) bagOf[i]]++;
        }
        for (int b = 0; b < bags; b++) {
            counts[b] = Math.max(counts[b], 1);
        }
        return sums.div(Tensor.of(counts, emb.dtype(), bags, 1).to(emb.device()));
    }

    /**
     * Where each bag starts in the flattened input, followed by where the last one ends: {@code B + 1}
     * positions, checking offsets as PyTorch does. Without {@code includeLastOffset} the last bag ends at
     * the input's end; with it, the last offset is that end and indices after it belong to no bag. A 2-d
     * input's offsets are its row starts, so with {@code includeLastOffset} its last row is left out, as
     * in PyTorch.
     */
    private static long[] bagBounds(Tensor input, Tensor offsets, boolean includeLastOffset) {
        long n = input.numel();
        long[] off;
        if (input.dim() == 2) {
            if (offsets != null) {
                throw new IllegalArgumentException("if input is 2D, then offsets has to be None, as input is treated is "
                        + "a mini-batch of fixed length sequences. However, found offsets of type Tensor");
            }
            off = new long[(int) input.size(0)];
            Arrays.setAll(off, b -> b * input.size(1));
        } else {
            if (input.dim() != 1) {
                throw new IllegalArgumentException("input has to be 1D or 2D Tensor, but got Tensor of dimension "
                        + input.dim());
            }
            if (offsets == null || offsets.dim() != 1) {
                throw new IllegalArgumentException("offsets has to be a 1D Tensor"
                        + (offsets == null ? " but got None" : ""));
            }
            if (offsets.dtype() != DType.INT64 && offsets.dtype() != DType.INT32) {
                throw new IllegalArgumentException("embedding_bag: offsets must be int64 or int32, got "
                        + offsets.dtype());
            }
            off = offsets.toLongArray();
            if (off.length > 0 && off[0] != 0) {
                throw new IllegalArgumentException("offsets[0] has to be 0, i.e., the first sequence in the "
                        + "mini-batch has to start from position 0. However, got " + off[0]);
            }
            if (off.length > 0 && off[off.length - 1] > n) {
                throw new IllegalArgumentException("offsets[-1] can not be greater than input's length " + n
                        + " but got offsets[-1] of " + off[off.length - 1]);
            }
            for (int i = 1; i < off.length; i++) {
                if (off[i] < off[i - 1]) {
                    throw new IllegalArgumentException("embedding_bag: offsets must be non-decreasing, got "
                            + Arrays.toString(off));
                }
            }
        }
        if (!includeLastOffset) {
            long[] bounds = Arrays.copyOf(off, off.length + 1);
            bounds[off.length] = n;
            return bounds;
        }
        if (off.length == 0) {
            throw new IllegalArgumentException("include_last_offset: number of offset should be at least 1");
        }
        return off;
    }

    /**
     * The elementwise maximum of each bag: the rows are laid out as {@code [bags, longest bag, D]}
     * padded with -inf, reduced with {@code max} (whose gradient goes to the first maximum, as
     * PyTorch's), and empty bags set to zero.
     */
    private static Tensor bagMax(Tensor emb, long[] bagOf, int n, int bags, long dim) {
        int[] lengths = new int[bags];
        for (int i = 0; i < n; i++) {
            lengths[(int) bagOf[i]]++;
        }
        int longest = Math.max(1, Arrays.stream(lengths).max().orElse(0));
        long[] layout = new long[bags * longest];
        Arrays.fill(layout, n); // row n is the -inf filler
        int[] filled = new int[bags];
        for (int i = 0; i < n; i++) {
            int b = (int) bagOf[i];
            layout[b * longest + filled[b]++] = i;
        }
        Tensor filler = Tensor.full(Double.NEGATIVE_INFINITY, emb.dtype(), emb.device(), 1, dim);
        Tensor padded = Tensor.cat(java.util.List.of(emb, filler), 0)
                .indexSelect(0, Tensor.of(layout).to(emb.device())).view(bags, longest, dim);
        Tensor max = padded.max(1, false).values();
        return Tensor.where(max.isinf().logicalAnd(max.lt(0.0)), ArgChecks.scalarLike(0, max), max);
    }

    /** {@code [*, numClasses]} int64 one-hot rows of int64 class indices; -1 infers {@code max + 1}. */
    public static Tensor oneHot(Tensor input, long numClasses) {
        long trace = OpTraces.begin();
        Tensor out = computeOneHot(input, numClasses);
        return trace < 0 ? out : OpTraces.end(trace, "one_hot", out, input, numClasses);
    }

    private static Tensor computeOneHot(Tensor input, long numClasses) {
        if (input.dtype() != DType.INT64) {
            throw new IllegalArgumentException("one_hot is only applicable to index tensor.");
        }
        long classes = numClasses;
        if (input.numel() == 0) {
            if (classes <= 0) {
                throw new IllegalArgumentException("Can not infer total number of classes from empty tensor.");
            }
        } else {
            if (input.min().itemLong() < 0) {
                throw new IllegalArgumentException("Class values must be non-negative.");
            }
            long max = input.max().itemLong();
            if (classes == -1) {
                classes = max + 1;
            } else if (max >= classes) {
                throw new IllegalArgumentException("Class values must be smaller than num_classes.");
            }
        }
        long[] shape = Arrays.copyOf(input.shape(), input.dim() + 1);
        shape[input.dim()] = classes;
        return Tensor.zeros(DType.INT64, input.device(), shape)
                .scatter(-1, input.unsqueeze(-1), Tensor.full(1, DType.INT64, input.device()));
    }
}
