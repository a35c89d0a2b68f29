package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The keyword arguments of {@link TransformerEncoderLayer} and {@link TransformerDecoderLayer}, with
 * PyTorch's defaults, built fluently:
 * {@code TransformerEncoderLayer.options(512, 8).dimFeedforward(1024).activation("gelu").batchFirst(true).build()}.
 *
 * <p>The activation is PyTorch's string ("relu" or "gelu"), a function (not a module, so not in the
 * repr), or a module: since each layer of an encoder or decoder stack has its own copy, a module is
 * given as a factory ({@code activationModule(GELU::new)}) and registered as the child
 * {@code activation}, as PyTorch registers a module it is given.
 *
 * @param <M> the layer {@link #build()} makes
 */
public final class TransformerLayerOptions<M extends Module> {
    final long dModel;
    final long nhead;
    long dimFeedforward = 2048;
    double dropout = 0.1;
    String activation = "relu";
    UnaryOperator<Tensor> activationFunction;
    Supplier<? extends Module> activationModule;
    double layerNormEps = 1e-5;
    boolean batchFirst;
    boolean normFirst;
    DType dtype = DType.FLOAT32;
    Device device = Device.CPU;
    private final Function<TransformerLayerOptions<M>, M> factory;

    TransformerLayerOptions(long dModel, long nhead, Function<TransformerLayerOptions<M>, M> factory) {
        this.dModel = dModel;
        this.nhead = nhead;
        this.factory = factory;
    }

    /** A snapshot of {@code o}: a layer keeps one, so that its deep copies ignore later changes to the builder. */
    TransformerLayerOptions(TransformerLayerOptions<M> o) {
        this(o.dModel, o.nhead, o.factory);
        dimFeedforward = o.dimFeedforward;
        dropout = o.dropout;
        activation = o.activation;
        activationFunction = o.activationFunction;
        activationModule = o.activationModule;
        layerNormEps = o.layerNormEps;
        batchFirst = o.batchFirst;
        normFirst = o.normFirst;
        dtype = o.dtype;
        device = o.device;
    }

    /**
     * Sets {@code dim_feedforward}: the hidden size of the feed-forward block.
     *
     * @param dimFeedforward the number of features between {@code linear1} and {@code linear2}; PyTorch's
     *                       default 2048
     * @return this builder
     */
    public TransformerLayerOptions<M> dimFeedforward(long dimFeedforward) {
        this.dimFeedforward = dimFeedforward;
        return this;
    }

    /**
     * Sets {@code dropout}: the probability of the dropouts on the attention weights, the residual
     * branches and inside the feed-forward block, in training.
     *
     * @param dropout a probability in [0, 1]; PyTorch's default 0.1
     * @return this builder
     */
    public TransformerLayerOptions<M> dropout(double dropout) {
        this.dropout = dropout;
        return this;
    }

    /**
     * Sets {@code activation} by name: the function between the two linear layers of the feed-forward
     * block. Replaces an activation function or module set before.
     *
     * @param activation {@code "relu"} (PyTorch's default) or {@code "gelu"}; another name fails in
     *                   {@link #build()}
     * @return this builder
     * @throws IllegalArgumentException for null (PyTorch accepts {@code None} and fails on the first forward)
     */
    public TransformerLayerOptions<M> activation(String activation) {
        this.activation = requireActivation("activation", activation);
        this.activationFunction = null;
        this.activationModule = null;
        return this;
    }

    /**
     * Sets {@code activation} to a function, as PyTorch's callable: kept out of the repr and the state
     * dict. Replaces an activation name or module set before.
     *
     * @param activation the elementwise function, such as {@code F::silu}
     * @return this builder
     * @throws IllegalArgumentException for null
     */
    public TransformerLayerOptions<M> activationFunction(UnaryOperator<Tensor> activation) {
        this.activationFunction = requireActivation("activationFunction", activation);
        this.activation = null;
        this.activationModule = null;
        return this;
    }

    /**
     * Sets {@code activation} to a module, as PyTorch's {@code nn.Module} argument: made once for each
     * layer and registered as the child {@code activation}. Replaces an activation name or function set
     * before.
     *
     * @param activation makes the module, such as {@code GELU::new}; called once per layer built
     * @return this builder
     * @throws IllegalArgumentException for null
     */
    public TransformerLayerOptions<M> activationModule(Supplier<? extends Module> activation) {
        this.activationModule = requireActivation("activationModule", activation);
        this.activation = null;
        this.activationFunction = null;
        return this;
    }

    /**
     * Sets {@code layer_norm_eps}: the value added to the variance in the layer norms.
     *
     * @param layerNormEps a small positive value; PyTorch's default 1e-5
     * @return this builder
     */
    public TransformerLayerOptions<M> layerNormEps(double layerNormEps) {
        this.layerNormEps = layerNormEps;
        return this;
    }

    /**
     * Sets {@code batch_first}: whether batched inputs and outputs put the batch first.
     *
     * @param batchFirst true for {@code [N, L, E]}; false (PyTorch's default) for {@code [L, N, E]}
     * @return this builder
     */
    public TransformerLayerOptions<M> batchFirst(boolean batchFirst) {
        this.batchFirst = batchFirst;
        return this;
    }

    /**
     * Sets {@code norm_first}: whether the layer norms come before the attention and feed-forward blocks
     * (pre-norm) rather than after the residual additions.
     *
     * @param normFirst true for pre-norm; false (PyTorch's default) for post-norm
     * @return this builder
     */
    public TransformerLayerOptions<M> normFirst(boolean normFirst) {
        this.normFirst = normFirst;
        return this;
    }

    /**
     * Sets {@code dtype}: the dtype the parameters are created with.
     *
     * @param dtype a floating-point dtype (default float32)
     * @return this builder
     */
    public TransformerLayerOptions<M> dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    /**
     * Sets {@code device}: where the parameters are created.
     *
     * @param device the device (default the CPU)
     * @return this builder
     */
    public TransformerLayerOptions<M> device(Device device) {
        this.device = device;
        return this;
    }

    /**
     * {@return a new layer with these options}
     *
     * @throws IllegalArgumentException with PyTorch's message for an unknown activation name or sizes
     *                                  attention does not accept ({@code nhead} not dividing {@code d_model})
     */
    public M build() {
        return factory.apply(this);
    }

    /** {@code value}, refused when null, before the builder changes: a layer needs an activation. */
    private static <T> T requireActivation(String setter, T value) {
        if (value == null) {
            throw new IllegalArgumentException(setter + "(null): a Transformer layer needs an activation (PyTorch "
                    + "accepts activation=None and fails with \"'NoneType' object is not callable\" on the first "
                    + "forward); give \"relu\" (the default) or \"gelu\", a function or a module factory");
        }
        return value;
    }

    /** The named activation as a function, with PyTorch's error for other names; null for a module. */
    UnaryOperator<Tensor> namedActivation() {
        if (activationFunction != null || activation == null) {
            return activationFunction;
        }
        return switch (activation) {
            case "relu" -> F::relu;
            case "gelu" -> F::gelu;
            default -> throw new IllegalArgumentException("activation should be relu/gelu, not " + activation);
        };
    }

    MultiheadAttention attention() {
        return MultiheadAttention.options(dModel, nhead).dropout(dropout).batchFirst(batchFirst).dtype(dtype)
                .device(device).build();
    }

    Linear linear(long in, long out) {
        return new Linear(in, out, true, dtype, device);
    }

    LayerNorm norm() {
        return new LayerNorm(new long[] {dModel}, layerNormEps, true, dtype, device);
    }
}
