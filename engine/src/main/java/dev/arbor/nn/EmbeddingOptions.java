package dev.arbor.nn;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;
import java.util.function.Function;

/**
 * The keyword arguments of {@link Embedding} and {@link EmbeddingBag}, with PyTorch's defaults, built
 * fluently: {@code Embedding.options(1000, 64).paddingIdx(0L).maxNorm(1.0).build()},
 * {@code EmbeddingBag.options(1000, 64).mode("sum").build()}. {@code mode} and
 * {@code includeLastOffset} are for bags only.
 *
 * @param <M> the layer {@link #build()} makes
 */
public final class EmbeddingOptions<M extends Module> {
    final long numEmbeddings;
    final long embeddingDim;
    Long paddingIdx;
    Double maxNorm;
    double normType = 2;
    boolean scaleGradByFreq;
    boolean sparse;
    Tensor weight;
    String mode = "mean";
    boolean includeLastOffset;
    DType dtype = DType.FLOAT32;
    Device device = Device.CPU;
    private final Function<EmbeddingOptions<M>, M> factory;

    EmbeddingOptions(long numEmbeddings, long embeddingDim, Function<EmbeddingOptions<M>, M> factory) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.factory = factory;
    }

    /**
     * The row that stays zero and gets no gradient (an embedding) or is left out of its bag (a bag);
     * negative counts from the end; default none.
     */
    public EmbeddingOptions<M> paddingIdx(Long paddingIdx) {
        this.paddingIdx = paddingIdx;
        return this;
    }

    /** Looked-up rows with a larger norm are renormalized to it in place (default none). */
    public EmbeddingOptions<M> maxNorm(Double maxNorm) {
        this.maxNorm = maxNorm;
        return this;
    }

    /** The p of the norm for {@code maxNorm} (default 2). */
    public EmbeddingOptions<M> normType(double normType) {
        this.normType = normType;
        return this;
    }

    /** Scale each row's gradient by the inverse of its count in the batch (default false). */
    public EmbeddingOptions<M> scaleGradByFreq(boolean scaleGradByFreq) {
        this.scaleGradByFreq = scaleGradByFreq;
        return this;
    }

    /** Sparse gradients, which Arbor does not have: only false is accepted. */
    public EmbeddingOptions<M> sparse(boolean sparse) {
        this.sparse = sparse;
        return this;
    }

    /** Use this tensor as the weight (shared, not copied), PyTorch's {@code _weight}. */
    public EmbeddingOptions<M> weight(Tensor weight) {
        this.weight = weight;
        return this;
    }

    /** Bags only: "sum", "mean" (default) or "max". */
    public EmbeddingOptions<M> mode(String mode) {
        this.mode = mode;
        return this;
    }

    /** Bags only: offsets have one more element, the end of the last bag (default false). */
    public EmbeddingOptions<M> includeLastOffset(boolean includeLastOffset) {
        this.includeLastOffset = includeLastOffset;
        return this;
    }

    /** The weight's dtype (default float32). */
    public EmbeddingOptions<M> dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    /** The weight's device (default the CPU). */
    public EmbeddingOptions<M> device(Device device) {
        this.device = device;
        return this;
    }

    /** The layer with these options. */
    public M build() {
        return factory.apply(this);
    }
}
