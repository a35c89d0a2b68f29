package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;
import java.util.Set;

/**
 * Sums, means or maxima of bags of embeddings, as {@code torch.nn.EmbeddingBag}, without building the
 * intermediate embeddings: a 2-d input holds one bag per row; a 1-d input is split into bags at
 * {@code offsets}. Called as {@code bag.call(input)}, {@code bag.call(input, offsets)} or
 * {@code bag.call(input, offsets, perSampleWeights)} (mode "sum" only). The weight is drawn from
 * N(0, 1) with the padding row zeroed. {@code EmbeddingBag.options(1000, 64).mode("sum").build()}.
 */
public class EmbeddingBag extends Module {
    private static final Set<String> MODES = Set.of("sum", "mean", "max");

    private final long numEmbeddings;
    private final long embeddingDim;
    private final Double maxNorm;
    private final double normType;
    private final boolean scaleGradByFreq;
    private final String mode;
    private final boolean includeLastOffset;
    private final Long paddingIdx;

    /**
     * Creates mean bags with PyTorch's defaults: no padding row, no max norm, drawn from N(0, 1).
     *
     * @param numEmbeddings {@code num_embeddings}, the number of rows (the size of the vocabulary)
     * @param embeddingDim  {@code embedding_dim}, the size of each row
     */
    public EmbeddingBag(long numEmbeddings, long embeddingDim) {
        this(options(numEmbeddings, embeddingDim));
    }

    /**
     * Creates bags reduced by {@code mode}, otherwise with PyTorch's defaults.
     *
     * @param numEmbeddings {@code num_embeddings}, the number of rows (the size of the vocabulary)
     * @param embeddingDim  {@code embedding_dim}, the size of each row
     * @param mode          {@code "sum"}, {@code "mean"} (PyTorch's default) or {@code "max"}
     * @throws IllegalArgumentException with PyTorch's message for another mode
     */
    public EmbeddingBag(long numEmbeddings, long embeddingDim, String mode) {
        this(options(numEmbeddings, embeddingDim).mode(mode));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param o the options from {@link #options(long, long)}
     * @throws IllegalArgumentException with PyTorch's message for an unknown mode, a padding index out
     *                                  of range, a weight of the wrong shape, or {@code sparse}
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public EmbeddingBag(EmbeddingOptions<EmbeddingBag> o) {
        if (!MODES.contains(o.mode)) {
            throw new IllegalArgumentException("mode has to be one of sum, mean or max");
        }
        this.numEmbeddings = o.numEmbeddings;
        this.embeddingDim = o.embeddingDim;
        this.maxNorm = o.maxNorm;
        this.normType = o.normType;
        this.scaleGradByFreq = o.scaleGradByFreq;
        this.mode = o.mode;
        this.includeLastOffset = o.includeLastOffset;
        this.paddingIdx = Embedding.wrapPaddingIdx(o.paddingIdx, o.numEmbeddings);
        Embedding.checkDense(o.sparse);
        registerParameter("weight",
                Embedding.weightParameter(o.weight, numEmbeddings, embeddingDim, o.dtype, o.device));
        if (o.weight == null) {
            resetParameters();
        }
    }

    /**
     * Starts the options of a layer, with PyTorch's defaults, to adjust and {@code build()}.
     *
     * @param numEmbeddings {@code num_embeddings}, the number of rows (the size of the vocabulary)
     * @param embeddingDim  {@code embedding_dim}, the size of each row
     * @return the options
     */
    public static EmbeddingOptions<EmbeddingBag> options(long numEmbeddings, long embeddingDim) {
        return new EmbeddingOptions<>(numEmbeddings, embeddingDim, EmbeddingBag::new);
    }

    /** Re-draws the weight from N(0, 1), zeroing the padding row, as {@code reset_parameters}. */
    public void resetParameters() {
        Embedding.initWeight(weight(), paddingIdx);
    }

    /** {@return the table {@code weight}, {@code [num_embeddings, embedding_dim]}} */
    public Parameter weight() {
        return param("weight");
    }

    /**
     * Reduces one bag per row of a 2-d input, as {@code forward(input)}.
     *
     * @param input indices {@code (B, L)}: B bags of L rows each
     * @return the reduced bags, {@code (B, embedding_dim)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null, null);
    }

    /**
     * Reduces the bags of {@code input}, as {@code forward(input, offsets, per_sample_weights)}.
     *
     * @param input            indices: {@code (B, L)}, one bag per row, or {@code (I)} split into bags at
     *                         {@code offsets}
     * @param offsets          for a 1-d input, {@code (B)} start positions of the bags (the first 0), or
     *                         {@code (B + 1)} with {@code include_last_offset}; null for a 2-d input
     * @param perSampleWeights null, or weights shaped as {@code input} that scale each row before the
     *                         sum ({@code mode} "sum" only)
     * @return the reduced bags, {@code (B, embedding_dim)}; an empty bag gives zeros
     */
    public Tensor forward(Tensor input, Tensor offsets, Tensor perSampleWeights) {
        return F.embeddingBag(input, weight(), offsets, maxNorm, normType, scaleGradByFreq, mode, perSampleWeights,
                includeLastOffset, paddingIdx);
    }

    /**
     * Runs {@link #forward(Tensor, Tensor, Tensor)} on {@code (input[, offsets[, per_sample_weights]])}.
     *
     * @param inputs the indices, then optionally the offsets and the per-sample weights (tensors or nulls)
     * @return the reduced bags, a tensor
     * @throws IllegalArgumentException for other arguments
     */
    @Override
    public Object forward(Object... inputs) {
        if (inputs.length >= 1 && inputs.length <= 3 && inputs[0] instanceof Tensor input
                && (inputs.length < 2 || inputs[1] == null || inputs[1] instanceof Tensor)
                && (inputs.length < 3 || inputs[2] == null || inputs[2] instanceof Tensor)) {
            return forward(input, inputs.length > 1 ? (Tensor) inputs[1] : null,
                    inputs.length > 2 ? (Tensor) inputs[2] : null);
        }
        throw new IllegalArgumentException("EmbeddingBag.forward takes (input, offsets, per_sample_weights): "
                + "one to three Tensors, the last two may be null");
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder().append(numEmbeddings).append(", ").append(embeddingDim);
        if (maxNorm != null) {
            s.append(", max_norm=").append(PyRepr.of(maxNorm));
        }
        if (normType != 2) {
            s.append(", norm_type=").append(PyRepr.of(normType));
        }
        if (scaleGradByFreq) {
            s.append(", scale_grad_by_freq=True");
        }
        s.append(", mode=").append(mode);
        if (paddingIdx != null) {
            s.append(", padding_idx=").append(paddingIdx);
        }
        return s.toString();
    }
}
