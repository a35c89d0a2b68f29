package dev.arbor.onnx;

import dev.arbor.backend.Clamp;
import dev.arbor.nn.BatchNormNd;
import dev.arbor.nn.Conv1d;
import dev.arbor.nn.Conv2d;
import dev.arbor.nn.Conv3d;
import dev.arbor.nn.ConvNd;
import dev.arbor.nn.Module;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.MemoryScope;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A convolution run for inference with what follows it folded in, as ONNX Runtime's session
 * optimizations do: a BatchNorm that alone reads its output, folded into its weight and bias (with
 * {@code s = gamma / sqrt(running_var + eps)} per output channel, {@code w' = w * s} and
 * {@code b' = (b - running_mean) * s + beta}); an {@code Add} that alone reads the result, whose other
 * operand (a ResNet block's identity) exists by the time the convolution runs, added as the sums are
 * stored; a ReLU or a {@code Clip} with constant bounds (a ReLU6) that alone reads what came
 * before, folded into the store as a {@link Clamp}; and a {@code GlobalAveragePool} that alone reads
 * the result (a classifier's head), averaged as the sums are stored, so the convolution's full output
 * is never written.
 *
 * <p>The fold applies only where nothing can tell it apart from the separate layers: the BatchNorm in
 * eval mode with running statistics, no gradients recorded, no hooks on any of the layers. The
 * folded tensors are kept, and made again when any tensor they come from changes (another tensor,
 * other memory, or a write in place), so a loaded state dict or a training step is seen by the next
 * inference.
 */
final class ConvInferenceFold {
    private final ConvNd conv;
    /** The folded BatchNorm, or null. */
    private final BatchNormNd norm;
    /** The value the folded Add adds to the convolution, or null. */
    private final String residual;
    /** The ReLU layer whose node is folded (for its hooks), or null for none or a node without a layer. */
    private final Module activation;
    private final Clamp clamp;
    /** The pooling layer whose node is folded (for its hooks), or null for none or a node without a layer. */
    private final Module pool;
    /** Whether a global average pooling is folded: the convolution returns its channels' means. */
    private final boolean average;
    private volatile Folded folded;

    /** Folded weight and bias, and the state of the tensors they were made from. */
    private record Folded(List<TensorFingerprint> sources, Tensor weight, Tensor bias) {}

    private ConvInferenceFold(ConvNd conv, BatchNormNd norm, String residual, Module activation, Clamp clamp,
                              Module pool, boolean average) {
        this.conv = conv;
        this.norm = norm;
        this.residual = residual;
        this.activation = activation;
        this.clamp = clamp;
        this.pool = pool;
        this.average = average;
    }

    /**
     * Makes each Conv node that runs as a layer, and whose output alone a BatchNormalization layer,
     * then alone an Add, then alone a Relu or Clip node, then alone a GlobalAveragePool reads (any of
     * them, in that order), run folded where {@link #applies()}; the folded nodes then pass their first
     * input on.
     *
     * @param index    the graph
     * @param layerOps the ops of the nodes that run other than as the registry's op, changed in place
     * @param modules  the layer each node that calls one calls
     */
    static void install(GraphIndex index, Map<NodeProto, OnnxOp> layerOps, Map<NodeProto, Module> modules) {
        for (NodeProto convNode : index.nodes()) {
            if (!convNode.getOpType().equals("Conv") || !(modules.get(convNode) instanceof ConvNd conv)
                    || !(conv instanceof Conv1d || conv instanceof Conv2d || conv instanceof Conv3d)) {
                continue;
            }
            String out = convNode.getOutput(0);
            NodeProto normNode = soleReader(index, out, "BatchNormalization");
            BatchNormNd norm = normNode != null && modules.get(normNode) instanceof BatchNormNd b ? b : null;
            if (norm != null) {
                out = normNode.getOutput(0);
            }
            NodeProto addNode = soleReader(index, out, "Add");
            String residual = addNode == null ? null : residualOf(index, addNode, out, convNode);
            int chain = addNode != null && addNode.getInput(0).equals(out) ? 0 : 1;
            if (residual != null) {
                out = addNode.getOutput(0);
            }
            NodeProto clampNode = soleReader(index, out, "Relu", "Clip");
            Clamp clamp = clampNode == null ? null : clampOf(index, clampNode);
            if (clamp != null) {
                out = clampNode.getOutput(0);
            }
            NodeProto poolNode = soleReader(index, out, "GlobalAveragePool");
            if (norm == null && residual == null && clamp == null && poolNode == null) {
                continue;
            }
            ConvInferenceFold fold = new ConvInferenceFold(conv, norm, residual,
                    clamp == null ? null : modules.get(clampNode), clamp == null ? Clamp.NONE : clamp,
                    poolNode == null ? null : modules.get(poolNode), poolNode != null);
            layerOps.put(convNode, (ctx, in) -> {
                Tensor x = ctx.tensor(in, 0);
                return List.of(fold.applies() ? fold.forward(x, residual == null ? null
                        : (Tensor) ctx.value(residual)) : conv.call(x));
            });
            if (norm != null) {
                layerOps.put(normNode, (ctx, in) -> {
                    Tensor x = ctx.tensor(in, 0);
                    return List.of(fold.applies() ? x : norm.call(x));
                });
            }
            if (residual != null) {
                layerOps.put(addNode, (ctx, in) -> fold.applies() ? List.of(in.get(chain))
                        : OnnxOps.find("", "Add", ctx.opset()).run(ctx, in));
            }
            if (clamp != null) {
                passOn(clampNode, fold, layerOps);
            }
            if (poolNode != null) {
                passOn(poolNode, fold, layerOps);
            }
        }
    }

    /** Makes a folded single-input node pass its input on when the fold applies, and run as before otherwise. */
    private static void passOn(NodeProto node, ConvInferenceFold fold, Map<NodeProto, OnnxOp> layerOps) {
        OnnxOp own = layerOps.get(node);
        layerOps.put(node, (ctx, in) -> fold.applies() ? List.of(ctx.tensor(in, 0)) : own != null
                ? own.run(ctx, in) : OnnxOps.find("", node.getOpType(), ctx.opset()).run(ctx, in));
    }

    /**
     * The one node that reads {@code value} (as its first input, or as either of an Add's two), if it is
     * a default-domain node of one of the ops with one output.
     */
    private static NodeProto soleReader(GraphIndex index, String value, String... ops) {
        List<NodeProto> readers = index.consumers(value);
        if (readers.size() != 1 || !index.readOnlyBy(value, readers)) {
            return null;
        }
        NodeProto reader = readers.getFirst();
        boolean reads = reader.getInputCount() > 0 && reader.getInput(0).equals(value) || reader.getOpType()
                .equals("Add") && reader.getInputCount() == 2 && reader.getInput(1).equals(value);
        boolean match = reader.getDomain().isEmpty() && reads && reader.getOutputCount() == 1
                && Arrays.asList(ops).contains(reader.getOpType());
        return match ? reader : null;
    }

    /**
     * The Add's operand other than {@code value}, if the convolution can read it when it runs: a graph
     * input, an initializer or a value an earlier node computes (in torchvision's blocks the identity,
     * not a downsampling branch computed after the main one); else null.
     */
    private static String residualOf(GraphIndex index, NodeProto add, String value, NodeProto conv) {
        String other = add.getInput(0).equals(value) ? add.getInput(1) : add.getInput(0);
        if (other.isEmpty() || other.equals(value)) {
            return null;
        }
        NodeProto producer = index.producer(other);
        return producer == null || index.position(producer) < index.position(conv) ? other : null;
    }

    /**
     * The bounds of a Relu, or of a Clip whose bounds are constants (attributes before opset 11,
     * constant inputs from it on); null for bounds computed at run time or out of order.
     */
    private static Clamp clampOf(GraphIndex index, NodeProto node) {
        if (node.getOpType().equals("Relu")) {
            return Clamp.RELU;
        }
        Attributes a = new Attributes(node);
        double min;
        double max;
        if (a.has("min") || a.has("max")) {
            min = a.has("min") ? a.getFloat("min", 0) : Double.NEGATIVE_INFINITY;
            max = a.has("max") ? a.getFloat("max", 0) : Double.POSITIVE_INFINITY;
        } else {
            Double lo = bound(index, node, 1, Double.NEGATIVE_INFINITY);
            Double hi = bound(index, node, 2, Double.POSITIVE_INFINITY);
            if (lo == null || hi == null) {
                return null;
            }
            min = lo;
            max = hi;
        }
        return Double.isNaN(min) || Double.isNaN(max) || min > max ? null : new Clamp(min, max);
    }

    /** Input {@code i} of a Clip as a constant scalar, {@code absent} when omitted, null when not constant. */
    private static Double bound(GraphIndex index, NodeProto node, int i, double absent) {
        if (node.getInputCount() <= i || node.getInput(i).isEmpty()) {
            return absent;
        }
        String name = node.getInput(i);
        // an initializer named like a module tensor becomes a buffer a state dict can change
        Tensor t = index.initializers().containsKey(name) ? index.folded(name) : index.constant(name);
        return t == null || t.numel() != 1 || !t.dtype().isFloatingPoint() ? null : t.item();
    }

    /** {@return whether this call runs folded: the convolution computes all, the folded nodes pass their input on} */
    boolean applies() {
        return !GradMode.isEnabled() && !conv.hasHooks()
                && (norm == null || !norm.isTraining() && norm.runningMean() != null && norm.runningVar() != null
                        && !norm.hasHooks())
                && (activation == null || !activation.hasHooks()) && (pool == null || !pool.hasHooks());
    }

    /**
     * {@return the convolution followed by the normalization, the residual, the clamp and the global
     * average pooling, as one convolution}
     */
    Tensor forward(Tensor input, Tensor residual) {
        Tensor weight = conv.weight();
        Tensor bias = conv.bias();
        if (norm != null) {
            Folded f = current();
            weight = f.weight();
            bias = f.bias();
        }
        return switch (conv) {
            case Conv1d c -> c.convForward(input, weight, bias, residual, clamp, average);
            case Conv2d c -> c.convForward(input, weight, bias, residual, clamp, average);
            case Conv3d c -> c.convForward(input, weight, bias, residual, clamp, average);
            default -> throw new IllegalStateException("not a foldable convolution: " + conv.getClass().getSimpleName());
        };
    }

    private Folded current() {
        Tensor w = conv.weight();
        Tensor b = conv.bias();
        List<TensorFingerprint> sources = Stream.of(w, b, norm.weight(), norm.bias(), norm.runningMean(),
                norm.runningVar()).map(TensorFingerprint::of).toList();
        Folded f = folded;
        if (f != null && f.sources().equals(sources)) {
            return f;
        }
        // kept across runs, so outside any memory scope of the run that made it
        try (MemoryScope outside = MemoryScope.suspend()) {
            f = fold(sources, w, b);
        }
        folded = f;
        return f;
    }

    private Folded fold(List<TensorFingerprint> sources, Tensor w, Tensor b) {
        long channels = w.size(0);
        DType dtype = w.dtype();
        Tensor scale = norm.runningVar().to(DType.FLOAT64).add(norm.eps()).rsqrt();
        if (norm.weight() != null) {
            scale = scale.mul(norm.weight().to(DType.FLOAT64));
        }
        Tensor shift = (b == null ? Tensor.zeros(DType.FLOAT64, w.device(), channels) : b.to(DType.FLOAT64))
                .sub(norm.runningMean().to(DType.FLOAT64)).mul(scale);
        if (norm.bias() != null) {
            shift = shift.add(norm.bias().to(DType.FLOAT64));
        }
        long[] perChannel = new long[w.dim()];
        Arrays.fill(perChannel, 1);
        perChannel[0] = channels;
        Tensor weight = w.to(DType.FLOAT64).mul(scale.reshape(perChannel)).to(dtype).contiguous();
        return new Folded(sources, weight, shift.to(dtype));
    }
}
