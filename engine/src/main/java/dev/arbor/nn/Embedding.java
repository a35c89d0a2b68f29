package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/**
 * A lookup table of {@code num_embeddings} vectors of size {@code embedding_dim}, as
 * {@code torch.nn.Embedding}: int64 (or int32) indices of any shape give {@code [*, embedding_dim]}.
 * The weight is drawn from N(0, 1) with the {@code padding_idx} row zeroed; that row gets no gradient.
 * With {@code max_norm}, looked-up rows whose norm exceeds it are rescaled in place first.
 * {@code new Embedding(1000, 64)}, {@code Embedding.options(1000, 64).paddingIdx(0L).maxNorm(1.0).build()},
 * or {@link #fromPretrained(Tensor)}.
 */
public class Embedding extends Module {
    private final long numEmbeddings;
    private final long embeddingDim;
    private final Long paddingIdx;
    private final Double maxNorm;
    private final double normType;
    private final boolean scaleGradByFreq;

    /**
     * Creates a table with PyTorch's defaults: no padding row, no max norm, drawn from N(0, 1).
     *
     * @param numEmbeddings {@code num_embeddings}, the number of rows (the size of the vocabulary)
     * @param embeddingDim  {@code embedding_dim}, the size of each row
     */
    public Embedding(long numEmbeddings, long embeddingDim) {
        this(options(numEmbeddings, embeddingDim));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param o the options from {@link #options(long, long)}
     * @throws IllegalArgumentException with PyTorch's message for a padding index out of range or a
     *                                  weight of the wrong shape; also for {@code sparse}, {@code mode}
     *                                  or {@code include_last_offset}, which Embedding does not take
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public Embedding(EmbeddingOptions<Embedding> o) {
        this.numEmbeddings = o.numEmbeddings;
        this.embeddingDim = o.embeddingDim;
        this.paddingIdx = wrapPaddingIdx(o.paddingIdx, o.numEmbeddings);
        this.maxNorm = o.maxNorm;
        this.normType = o.normType;
        this.scaleGradByFreq = o.scaleGradByFreq;
        checkDense(o.sparse);
        if (!o.mode.equals("mean") || o.includeLastOffset) {
            throw new IllegalArgumentException("Embedding takes no mode or include_last_offset; they are for "
                    + "EmbeddingBag");
        }
        registerParameter("weight", weightParameter(o.weight, numEmbeddings, embeddingDim, o.dtype, o.device));
        if (o.weight == null) {
            resetParameters();
        }
    }

    /**
     * Starts the options of a table, with PyTorch's defaults, to adjust and {@code build()}.
     *
     * @param numEmbeddings {@code num_embeddings}, the number of rows (the size of the vocabulary)
     * @param embeddingDim  {@code embedding_dim}, the size of each row
     * @return the options
     */
    public static EmbeddingOptions<Embedding> options(long numEmbeddings, long embeddingDim) {
        return new EmbeddingOptions<>(numEmbeddings, embeddingDim, Embedding::new);
    }

    /**
     * Creates a frozen table holding given embeddings, as {@code Embedding.from_pretrained(embeddings)}.
     *
     * @param embeddings the weight {@code [num_embeddings, embedding_dim]}, shared, not copied
     * @return the table, whose weight does not require a gradient
     * @throws IllegalArgumentException when {@code embeddings} is not 2-d
     */
    public static Embedding fromPretrained(Tensor embeddings) {
        return fromPretrained(embeddings, true, null, null, 2, false);
    }

    /**
     * Creates a table holding given embeddings, as {@code Embedding.from_pretrained(embeddings, freeze)}.
     *
     * @param embeddings the weight {@code [num_embeddings, embedding_dim]}, shared, not copied
     * @param freeze     true (PyTorch's default) for a weight that is not trained
     * @return the table
     * @throws IllegalArgumentException when {@code embeddings} is not 2-d
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze) {
        return fromPretrained(embeddings, freeze, null, null, 2, false);
    }

    /**
     * A table holding {@code embeddings} (shared, not copied; the padding row is left as it is), as
     * {@code Embedding.from_pretrained}.
     *
     * @param embeddings      the weight {@code [num_embeddings, embedding_dim]}, shared, not copied
     * @param freeze          true (PyTorch's default) for a weight that is not trained
     * @param paddingIdx      the row that gets no gradient (negative counts from the end), or null
     *                        (default) for none
     * @param maxNorm         looked-up rows with a larger norm are rescaled to it; null (default) for none
     * @param normType        the p of the norm for {@code maxNorm} (default 2)
     * @param scaleGradByFreq whether gradients are divided by the rows' counts in the batch (default false)
     * @return the table
     * @throws IllegalArgumentException when {@code embeddings} is not 2-d or {@code paddingIdx} is out of range
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Long paddingIdx, Double maxNorm,
                                           double normType, boolean scaleGradByFreq) {
        if (embeddings.dim() != 2) {
            throw new IllegalArgumentException("Embeddings parameter is expected to be 2-dimensional");
        }
        Embedding e = options(embeddings.size(0), embeddings.size(1)).weight(embeddings).paddingIdx(paddingIdx)
                .maxNorm(maxNorm).normType(normType).scaleGradByFreq(scaleGradByFreq).build();
        e.weight().requiresGrad_(!freeze);
        return e;
    }

    /** {@code paddingIdx} wrapped into {@code [0, rows)}, with PyTorch's check. */
    static Long wrapPaddingIdx(Long paddingIdx, long rows) {
        if (paddingIdx == null) {
            return null;
        }
        if (paddingIdx >= rows || paddingIdx < -rows) {
            throw new IllegalArgumentException("Padding_idx must be within num_embeddings");
        }
        return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
    }

    static void checkDense(boolean sparse) {
        if (sparse) {
            throw new IllegalArgumentException("sparse=True: Arbor has no sparse gradients; use sparse=False "
                    + "(gradients are dense)");
        }
    }

    /** The given weight (shape checked) or a new empty one. */
    static Parameter weightParameter(Tensor weight, long rows, long dim, DType dtype, Device device) {
        if (weight == null) {
            return new Parameter(Tensor.empty(dtype, device, rows, dim));
        }
        if (!Arrays.equals(weight.shape(), new long[] {rows, dim})) {
            throw new IllegalArgumentException("Shape of weight does not match num_embeddings and embedding_dim");
        }
        return weight instanceof Parameter p ? p : new Parameter(weight);
    }

    /** N(0, 1) with the padding row zeroed, as both embedding layers initialise. */
    static void initWeight(Parameter weight, Long paddingIdx) {
        Init.normal_(weight, 0, 1, Generator.defaultGenerator());
        if (paddingIdx != null) {
            Init.zeros_(weight.detach().select(0, paddingIdx));
        }
    }

    /** Re-draws the weight from N(0, 1), zeroing the padding row, as {@code reset_parameters}. */
    public void resetParameters() {
        initWeight(weight(), paddingIdx);
    }

    /** {@return the table {@code weight}, {@code [num_embeddings, embedding_dim]}} */
    public Parameter weight() {
        return param("weight");
    }

    /** {@return the padding row {@code padding_idx} (made non-negative), or null for none} */
    public Long paddingIdx() {
        return paddingIdx;
    }

    /**
     * Looks up the rows of {@code input}, as {@code F.embedding}; with {@code max_norm}, the rows looked
     * up are first renormalised in place in the weight.
     *
     * @param input indices of any shape {@code (*)}, int64 or int32, each in {@code [0, num_embeddings)}
     * @return the rows, {@code (*, embedding_dim)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.embedding(input, weight(), paddingIdx, maxNorm, normType, scaleGradByFreq);
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder().append(numEmbeddings).append(", ").append(embeddingDim);
        if (paddingIdx != null) {
            s.append(", padding_idx=").append(paddingIdx);
        }
        if (maxNorm != null) {
            s.append(", max_norm=").append(PyRepr.of(maxNorm));
        }
        if (normType != 2) {
            s.append(", norm_type=").append(PyRepr.of(normType));
        }
        if (scaleGradByFreq) {
            s.append(", scale_grad_by_freq=True");
        }
        return s.toString();
    }
}
