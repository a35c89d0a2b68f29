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
     * Sets {@code padding_idx}: the row that starts at zero and gets no gradient (an embedding), or
     * whose entries are left out of their bag (a bag).
     *
     * @param paddingIdx the row, negative counting from the end, in [-numEmbeddings, numEmbeddings); or
     *                   null (PyTorch's default None) for no padding row
     * @return this builder
     */
    public EmbeddingOptions<M> paddingIdx(Long paddingIdx) {
        this.paddingIdx = paddingIdx;
        return this;
    }

    /**
     * Sets {@code max_norm}: looked-up rows with a larger norm are rescaled to it, in place in the weight.
     *
     * @param maxNorm the largest norm, or null (PyTorch's default None) to leave rows as they are
     * @return this builder
     */
    public EmbeddingOptions<M> maxNorm(Double maxNorm) {
        this.maxNorm = maxNorm;
        return this;
    }

    /**
     * Sets {@code norm_type}: the p of the p-norm that {@code max_norm} bounds.
     *
     * @param normType p (PyTorch's default 2)
     * @return this builder
     */
    public EmbeddingOptions<M> normType(double normType) {
        this.normType = normType;
        return this;
    }

    /**
     * Sets {@code scale_grad_by_freq}: whether each row's gradient is divided by the number of times the
     * row occurs in the batch.
     *
     * @param scaleGradByFreq true to scale; PyTorch's default false
     * @return this builder
     */
    public EmbeddingOptions<M> scaleGradByFreq(boolean scaleGradByFreq) {
        this.scaleGradByFreq = scaleGradByFreq;
        return this;
    }

    /**
     * Sets {@code sparse}: PyTorch's sparse gradients, which Arbor does not have.
     *
     * @param sparse false (the default); true fails when the layer is built
     * @return this builder
     */
    public EmbeddingOptions<M> sparse(boolean sparse) {
        this.sparse = sparse;
        return this;
    }

    /**
     * Sets PyTorch's {@code _weight}: a tensor to use as the weight instead of a new one drawn from N(0, 1).
     *
     * @param weight {@code [num_embeddings, embedding_dim]}, shared, not copied; null (the default) for a
     *               new weight
     * @return this builder
     */
    public EmbeddingOptions<M> weight(Tensor weight) {
        this.weight = weight;
        return this;
    }

    /**
     * Sets {@code mode}, for {@link EmbeddingBag} only: how the rows of a bag are reduced.
     *
     * @param mode {@code "sum"}, {@code "mean"} (PyTorch's default) or {@code "max"}
     * @return this builder
     */
    public EmbeddingOptions<M> mode(String mode) {
        this.mode = mode;
        return this;
    }

    /**
     * Sets {@code include_last_offset}, for {@link EmbeddingBag} only: whether the offsets end with the
     * end of the last bag (CSR style).
     *
     * @param includeLastOffset true when offsets have one element more than there are bags; PyTorch's
     *                          default false
     * @return this builder
     */
    public EmbeddingOptions<M> includeLastOffset(boolean includeLastOffset) {
        this.includeLastOffset = includeLastOffset;
        return this;
    }

    /**
     * Sets {@code dtype}: the dtype the weight is created with.
     *
     * @param dtype a floating-point dtype (default float32)
     * @return this builder
     */
    public EmbeddingOptions<M> dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    /**
     * Sets {@code device}: where the weight is created.
     *
     * @param device the device (default the CPU)
     * @return this builder
     */
    public EmbeddingOptions<M> device(Device device) {
        this.device = device;
        return this;
    }

    /**
     * {@return a new layer with these options}
     *
     * @throws IllegalArgumentException with PyTorch's message for options that do not fit (a padding
     *                                  index out of range, a weight of the wrong shape, an unknown mode)
     */
    public M build() {
        return factory.apply(this);
    }
}
