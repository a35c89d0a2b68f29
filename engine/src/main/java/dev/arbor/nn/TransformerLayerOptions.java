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

    /** The hidden size of the feed-forward block (default 2048). */
    public TransformerLayerOptions<M> dimFeedforward(long dimFeedforward) {
        this.dimFeedforward = dimFeedforward;
        return this;
    }

    /** The dropout of attention weights, residual branches and the feed-forward block (default 0.1). */
    public TransformerLayerOptions<M> dropout(double dropout) {
        this.dropout = dropout;
        return this;
    }

    /** The feed-forward activation by PyTorch's name, "relu" (default) or "gelu". */
    public TransformerLayerOptions<M> activation(String activation) {
        this.activation = activation;
        this.activationFunction = null;
        this.activationModule = null;
        return this;
    }

    /** The feed-forward activation as a function (kept out of the repr and state, as in PyTorch). */
    public TransformerLayerOptions<M> activationFunction(UnaryOperator<Tensor> activation) {
        this.activation = null;
        this.activationFunction = activation;
        this.activationModule = null;
        return this;
    }

    /** The feed-forward activation as a module, made once for each layer and registered as {@code activation}. */
    public TransformerLayerOptions<M> activationModule(Supplier<? extends Module> activation) {
        this.activation = null;
        this.activationFunction = null;
        this.activationModule = activation;
        return this;
    }

    /** The eps of the layer norms (default 1e-5). */
    public TransformerLayerOptions<M> layerNormEps(double layerNormEps) {
        this.layerNormEps = layerNormEps;
        return this;
    }

    /** Inputs and outputs as {@code [N, L, E]} (default false: {@code [L, N, E]}). */
    public TransformerLayerOptions<M> batchFirst(boolean batchFirst) {
        this.batchFirst = batchFirst;
        return this;
    }

    /** Layer norm before attention and feed-forward (pre-norm) instead of after (default false). */
    public TransformerLayerOptions<M> normFirst(boolean normFirst) {
        this.normFirst = normFirst;
        return this;
    }

    /** The parameters' dtype (default float32). */
    public TransformerLayerOptions<M> dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    /** The parameters' device (default the CPU). */
    public TransformerLayerOptions<M> device(Device device) {
        this.device = device;
        return this;
    }

    /** The layer with these options. */
    public M build() {
        return factory.apply(this);
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
