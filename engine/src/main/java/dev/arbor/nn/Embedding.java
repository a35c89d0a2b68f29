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

    /** A table with PyTorch's defaults. */
    public Embedding(long numEmbeddings, long embeddingDim) {
        this(options(numEmbeddings, embeddingDim));
    }

    /** The layer with {@code options}. */
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

    /** The options of a table with PyTorch's defaults, to adjust and {@code build()}. */
    public static EmbeddingOptions<Embedding> options(long numEmbeddings, long embeddingDim) {
        return new EmbeddingOptions<>(numEmbeddings, embeddingDim, Embedding::new);
    }

    /** A frozen table holding {@code embeddings [num_embeddings, embedding_dim]} (shared, not copied). */
    public static Embedding fromPretrained(Tensor embeddings) {
        return fromPretrained(embeddings, true, null, null, 2, false);
    }

    /** A table holding {@code embeddings}, trainable unless {@code freeze}. */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze) {
        return fromPretrained(embeddings, freeze, null, null, 2, false);
    }

    /**
     * A table holding {@code embeddings} (shared, not copied; the padding row is left as it is), as
     * {@code Embedding.from_pretrained}.
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

    /** Re-draws the weight from N(0, 1), zeroing the padding row. */
    public void resetParameters() {
        initWeight(weight(), paddingIdx);
    }

    /** The table {@code [num_embeddings, embedding_dim]}. */
    public Parameter weight() {
        return param("weight");
    }

    /** The padding row (non-negative), or null. */
    public Long paddingIdx() {
        return paddingIdx;
    }

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
