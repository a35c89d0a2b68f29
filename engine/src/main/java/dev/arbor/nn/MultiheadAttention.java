package dev.arbor.nn;

import dev.arbor.nn.functional.AttentionOutput;
import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;

/**
 * Multi-head attention, as {@code torch.nn.MultiheadAttention}: inputs {@code [L, N, E]} (or
 * {@code [N, L, E]} with {@code batch_first}, or unbatched {@code [L, E]}); returns an
 * {@link AttentionOutput} with the output and the attention weights averaged over the heads.
 * <pre>{@code
 * MultiheadAttention mha = new MultiheadAttention(64, 8);
 * AttentionOutput r = mha.call(q, k, v);                                      // need_weights=True
 * AttentionOutput m = mha.call(q, k, v, keyPaddingMask, false, attnMask, true); // all arguments, PyTorch's order
 * }</pre>
 * Boolean masks are true where attention is <em>not</em> allowed; floating masks are added to the
 * scores. Parameters as PyTorch names them: {@code in_proj_weight [3E, E]} (xavier uniform) when key and
 * value have the embedding size, else {@code q_proj_weight}, {@code k_proj_weight}, {@code v_proj_weight};
 * {@code in_proj_bias [3E]} (zeros); {@code out_proj} (its bias zeros); with {@code add_bias_kv},
 * {@code bias_k} and {@code bias_v} {@code [1, 1, E]} (xavier normal).
 */
public class MultiheadAttention extends Module {
    private final long embedDim;
    private final long numHeads;
    private final double dropout;
    private final boolean batchFirst;
    private final boolean addZeroAttn;
    private final boolean qkvSameEmbedDim;

    /** The keyword arguments of {@link MultiheadAttention}, with PyTorch's defaults. */
    public static final class Options {
        final long embedDim;
        final long numHeads;
        double dropout;
        boolean bias = true;
        boolean addBiasKv;
        boolean addZeroAttn;
        Long kdim;
        Long vdim;
        boolean batchFirst;
        DType dtype = DType.FLOAT32;
        Device device = Device.CPU;

        Options(long embedDim, long numHeads) {
            this.embedDim = embedDim;
            this.numHeads = numHeads;
        }

        /**
         * Sets {@code dropout}: the probability of zeroing an attention weight in training.
         *
         * @param dropout a probability in [0, 1]; PyTorch's default 0 (no dropout)
         * @return this builder
         */
        public Options dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Sets {@code bias}: whether the input and output projections have biases.
         *
         * @param bias true (PyTorch's default) for {@code in_proj_bias} and {@code out_proj.bias}
         * @return this builder
         */
        public Options bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /**
         * Sets {@code add_bias_kv}: whether learnt biases are appended to the keys and values as one more
         * position.
         *
         * @param addBiasKv true for the parameters {@code bias_k} and {@code bias_v}; PyTorch's default false
         * @return this builder
         */
        public Options addBiasKv(boolean addBiasKv) {
            this.addBiasKv = addBiasKv;
            return this;
        }

        /**
         * Sets {@code add_zero_attn}: whether a zero key and value are appended as one more position.
         *
         * @param addZeroAttn true to append them; PyTorch's default false
         * @return this builder
         */
        public Options addZeroAttn(boolean addZeroAttn) {
            this.addZeroAttn = addZeroAttn;
            return this;
        }

        /**
         * Sets {@code kdim}: the number of features of the keys.
         *
         * @param kdim the keys' feature size, or null (PyTorch's default None) for {@code embed_dim}
         * @return this builder
         */
        public Options kdim(Long kdim) {
            this.kdim = kdim;
            return this;
        }

        /**
         * Sets {@code vdim}: the number of features of the values.
         *
         * @param vdim the values' feature size, or null (PyTorch's default None) for {@code embed_dim}
         * @return this builder
         */
        public Options vdim(Long vdim) {
            this.vdim = vdim;
            return this;
        }

        /**
         * Sets {@code batch_first}: whether batched inputs and output put the batch first.
         *
         * @param batchFirst true for {@code [N, L, E]}; false (PyTorch's default) for {@code [L, N, E]}
         * @return this builder
         */
        public Options batchFirst(boolean batchFirst) {
            this.batchFirst = batchFirst;
            return this;
        }

        /**
         * Sets {@code dtype}: the dtype the parameters are created with.
         *
         * @param dtype a floating-point dtype (default float32)
         * @return this builder
         */
        public Options dtype(DType dtype) {
            this.dtype = dtype;
            return this;
        }

        /**
         * Sets {@code device}: where the parameters are created.
         *
         * @param device the device (default the CPU)
         * @return this builder
         */
        public Options device(Device device) {
            this.device = device;
            return this;
        }

        /** {@return a new layer with these options} */
        public MultiheadAttention build() {
            return new MultiheadAttention(this);
        }
    }

    /**
     * Creates the layer with PyTorch's defaults: no dropout, with biases, sequence first.
     *
     * @param embedDim {@code embed_dim}, the model's feature size E (of the query and output)
     * @param numHeads {@code num_heads}, the number of parallel heads; must divide {@code embedDim}
     * @throws IllegalArgumentException with PyTorch's message when a size is not positive or
     *                                  {@code numHeads} does not divide {@code embedDim}
     */
    public MultiheadAttention(long embedDim, long numHeads) {
        this(options(embedDim, numHeads));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param o the options from {@link #options(long, long)}
     * @throws IllegalArgumentException with PyTorch's message when a size is not positive or
     *                                  {@code num_heads} does not divide {@code embed_dim}
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public MultiheadAttention(Options o) {
        if (o.embedDim <= 0 || o.numHeads <= 0) {
            throw new IllegalArgumentException("embed_dim and num_heads must be greater than 0, got embed_dim="
                    + o.embedDim + " and num_heads=" + o.numHeads + " instead");
        }
        if (o.embedDim % o.numHeads != 0) {
            throw new IllegalArgumentException("embed_dim must be divisible by num_heads");
        }
        this.embedDim = o.embedDim;
        this.numHeads = o.numHeads;
        this.dropout = o.dropout;
        this.batchFirst = o.batchFirst;
        this.addZeroAttn = o.addZeroAttn;
        long kdim = o.kdim == null ? embedDim : o.kdim;
        long vdim = o.vdim == null ? embedDim : o.vdim;
        this.qkvSameEmbedDim = kdim == embedDim && vdim == embedDim;
        if (qkvSameEmbedDim) {
            registerParameter("in_proj_weight", weight(o, 3 * embedDim, embedDim));
            registerParameter("q_proj_weight", null);
            registerParameter("k_proj_weight", null);
            registerParameter("v_proj_weight", null);
        } else {
            registerParameter("q_proj_weight", weight(o, embedDim, embedDim));
            registerParameter("k_proj_weight", weight(o, embedDim, kdim));
            registerParameter("v_proj_weight", weight(o, embedDim, vdim));
            registerParameter("in_proj_weight", null);
        }
        registerParameter("in_proj_bias", o.bias ? weight(o, 3 * embedDim) : null);
        register("out_proj", new NonDynamicallyQuantizableLinear(embedDim, embedDim, o.bias, o.dtype, o.device));
        if (o.addBiasKv) {
            registerParameter("bias_k", weight(o, 1, 1, embedDim));
            registerParameter("bias_v", weight(o, 1, 1, embedDim));
        }
        resetParameters();
    }

    private static Parameter weight(Options o, long... shape) {
        return new Parameter(Tensor.empty(o.dtype, o.device, shape));
    }

    /**
     * Starts the options of a layer, with PyTorch's defaults, to adjust and {@code build()}.
     *
     * @param embedDim {@code embed_dim}, the model's feature size E
     * @param numHeads {@code num_heads}, the number of parallel heads; must divide {@code embedDim}
     * @return the options
     */
    public static Options options(long embedDim, long numHeads) {
        return new Options(embedDim, numHeads);
    }

    /**
     * Re-draws the parameters from PyTorch's initial distributions (the output projection's weight as a {@link
     * Linear}).
     */
    public void resetParameters() {
        if (qkvSameEmbedDim) {
            Init.xavierUniform_(param("in_proj_weight"));
        } else {
            Init.xavierUniform_(param("q_proj_weight"));
            Init.xavierUniform_(param("k_proj_weight"));
            Init.xavierUniform_(param("v_proj_weight"));
        }
        if (param("in_proj_bias") != null) {
            Init.zeros_(param("in_proj_bias"));
            Init.zeros_(outProj().bias());
        }
        if (param("bias_k") != null) {
            Init.xavierNormal_(param("bias_k"));
            Init.xavierNormal_(param("bias_v"));
        }
    }

    /** {@return the output projection {@code out_proj}, a linear layer E to E} */
    public Linear outProj() {
        return (Linear) child("out_proj");
    }

    /** {@return the embedding size E, {@code embed_dim}} */
    public long embedDim() {
        return embedDim;
    }

    /** {@return the number of heads, {@code num_heads}} */
    public long numHeads() {
        return numHeads;
    }

    /** {@return whether batched inputs and output are {@code [N, L, E]} ({@code batch_first})} */
    public boolean batchFirst() {
        return batchFirst;
    }

    /**
     * Attention of {@code query} over {@code key} and {@code value}, as PyTorch's forward (without hooks;
     * {@code call} runs them).
     *
     * @param query              {@code [L, N, E]} ({@code [N, L, E]} with batch_first, {@code [L, E]}
     *                           unbatched): L target positions
     * @param key                {@code [S, N, kdim]} ({@code [N, S, kdim]} with batch_first,
     *                           {@code [S, kdim]} unbatched): S source positions
     * @param value              {@code [S, N, vdim]} ({@code [N, S, vdim]} with batch_first,
     *                           {@code [S, vdim]} unbatched)
     * @param keyPaddingMask     null, or {@code [N, S]} ({@code [S]} unbatched): true (or -inf) for keys to ignore
     * @param needWeights        whether to return the attention weights
     * @param attnMask           null, {@code [L, S]} or {@code [N * heads, L, S]}: true (or -inf) where not allowed
     * @param averageAttnWeights average the weights over the heads ({@code [N, L, S]}), else {@code [N, heads, L, S]}
     * @return the output, shaped as {@code query} with E features, and the weights ({@code [N, L, S]}, or
     *         {@code [L, S]} unbatched; null when {@code needWeights} is false)
     */
    public AttentionOutput forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
                                   Tensor attnMask, boolean averageAttnWeights) {
        boolean batched = query.dim() == 3;
        if (batchFirst && batched) {
            if (key == value) {
                if (query == key) {
                    query = query.transpose(1, 0);
                    key = query;
                    value = query;
                } else {
                    query = query.transpose(1, 0);
                    key = key.transpose(1, 0);
                    value = key;
                }
            } else {
                query = query.transpose(1, 0);
                key = key.transpose(1, 0);
                value = value.transpose(1, 0);
            }
        }
        Linear out = outProj();
        AttentionOutput r = F.multiHeadAttentionForward(query, key, value, embedDim, numHeads, param("in_proj_weight"),
                param("in_proj_bias"), param("bias_k"), param("bias_v"), addZeroAttn, dropout, out.weight(), out.bias(),
                isTraining(), keyPaddingMask, needWeights, attnMask, !qkvSameEmbedDim, param("q_proj_weight"),
                param("k_proj_weight"), param("v_proj_weight"), null, null, averageAttnWeights);
        return batchFirst && batched ? new AttentionOutput(r.output().transpose(1, 0), r.weights()) : r;
    }

    /**
     * Runs {@link #forward(Tensor, Tensor, Tensor, Tensor, boolean, Tensor, boolean)} on
     * {@code (query, key, value[, key_padding_mask[, need_weights[, attn_mask[, average_attn_weights]]]])};
     * the flags left out are true, as PyTorch's defaults.
     *
     * @param inputs three tensors, then optionally a mask (tensor or null), a boolean, a mask and a boolean
     * @return an {@link AttentionOutput}
     * @throws IllegalArgumentException for other arguments
     */
    @Override
    public Object forward(Object... inputs) {
        if (inputs.length < 3 || inputs.length > 7 || !(inputs[0] instanceof Tensor q) || !(inputs[1] instanceof Tensor k)
                || !(inputs[2] instanceof Tensor v)
                || (inputs.length > 3 && inputs[3] != null && !(inputs[3] instanceof Tensor))
                || (inputs.length > 4 && !(inputs[4] instanceof Boolean))
                || (inputs.length > 5 && inputs[5] != null && !(inputs[5] instanceof Tensor))
                || (inputs.length > 6 && !(inputs[6] instanceof Boolean))) {
            throw new IllegalArgumentException("MultiheadAttention.forward takes (query, key, value[, key_padding_mask"
                    + "[, need_weights[, attn_mask[, average_attn_weights]]]]): three Tensors, then a Tensor or null, a "
                    + "boolean, a Tensor or null, a boolean; got " + inputs.length + " arguments");
        }
        return forward(q, k, v, inputs.length > 3 ? (Tensor) inputs[3] : null,
                inputs.length <= 4 || (Boolean) inputs[4], inputs.length > 5 ? (Tensor) inputs[5] : null,
                inputs.length <= 6 || (Boolean) inputs[6]);
    }
}
