package dev.arbor.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.arbor.onnx.proto.OnnxProto.AttributeProto;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.ModelProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.onnx.proto.OnnxProto.ValueInfoProto;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed and checked ONNX model: the protobuf, its opset imports and the folder its external data
 * lives in. Loading checks the whole model at once: every node reads only defined names (in order, or
 * the model is reordered when it is a valid graph listed out of order), there is no cycle, and every op
 * is supported; all unsupported ops are reported together with their node names and opsets.
 */
public final class OnnxModel {
    /** The oldest IR version Arbor reads. */
    public static final int MIN_IR_VERSION = 3;

    private final ModelProto proto;
    private final Map<String, Integer> opsets;
    private final Path baseDir;
    /** The mapped file the model was parsed from, or null. */
    private final MappedModelFile file;

    private OnnxModel(ModelProto proto, Map<String, Integer> opsets, Path baseDir, MappedModelFile file) {
        this.proto = proto;
        this.opsets = opsets;
        this.baseDir = baseDir;
        this.file = file;
    }

    /**
     * Reads, parses and checks a model file.
     *
     * @param path the {@code .onnx} file; external data is read relative to its folder
     * @return the checked model
     * @throws IOException when the file is missing or unreadable, or is not a valid ONNX model
     * @throws UnsupportedOnnxException when the model uses ops Arbor does not implement
     */
    public static OnnxModel load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file");
        }
        MappedModelFile file = MappedModelFile.map(path);
        return parse(file.parser(), path.toAbsolutePath().getParent(), path.toString(), file);
    }

    /**
     * Parses and checks a model from a stream.
     *
     * @param in the serialized {@code ModelProto}, read to its end and not closed
     * @param baseDir the folder external data is relative to, or null
     * @param source  how to name the model in messages
     * @return the checked model
     * @throws IOException when the stream cannot be read or does not hold a valid ONNX model
     * @throws UnsupportedOnnxException when the model uses ops Arbor does not implement
     */
    public static OnnxModel parse(InputStream in, Path baseDir, String source) throws IOException {
        return parse(CodedInputStream.newInstance(in), baseDir, source, null);
    }

    private static OnnxModel parse(CodedInputStream cis, Path baseDir, String source, MappedModelFile file)
            throws IOException {
        ModelProto proto;
        try {
            cis.setSizeLimit(Integer.MAX_VALUE);
            cis.setRecursionLimit(1000);
            proto = ModelProto.parseFrom(cis);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(source + ": not a valid ONNX model (truncated or not a protobuf ModelProto): "
                    + e.getMessage(), e);
        }
        if (!proto.hasGraph() || proto.getIrVersion() <= 0) {
            throw new IOException(source + ": not an ONNX model (no graph or IR version)");
        }
        if (proto.getIrVersion() < MIN_IR_VERSION) {
            throw new IOException(source + ": IR version " + proto.getIrVersion() + " is older than the oldest Arbor "
                    + "reads (" + MIN_IR_VERSION + ")");
        }
        Map<String, Integer> opsets = new LinkedHashMap<>();
        for (OperatorSetIdProto id : proto.getOpsetImportList()) {
            String domain = id.getDomain().equals("ai.onnx") ? "" : id.getDomain();
            opsets.put(domain, (int) id.getVersion());
        }
        if (opsets.isEmpty()) {
            // IR 3 models without imports mean the default domain at version 1
            opsets.put("", 1);
        }
        ModelProto ordered = proto.toBuilder().setGraph(topologicallySorted(proto.getGraph(), Set.of(), source)).build();
        OnnxModel model = new OnnxModel(ordered, Map.copyOf(opsets), baseDir, file);
        model.checkSupported(source);
        return model;
    }

    /** {@return the protobuf, with the main graph in topological order} */
    public ModelProto proto() {
        return proto;
    }

    /** {@return the main graph, in topological order} */
    public GraphProto graph() {
        return proto.getGraph();
    }

    /** {@return the opset imports, domain ("" for the default) to version} */
    public Map<String, Integer> opsets() {
        return opsets;
    }

    /** {@return the folder external data is relative to, or null when the model came from a stream without one} */
    public Path baseDir() {
        return baseDir;
    }

    /** {@return the opset version of the default domain} */
    public int defaultOpset() {
        return opsets.getOrDefault("", 1);
    }

    /**
     * {@return the main graph's initializers as tensors (external data mapped), by name in the graph's order}
     */
    public Map<String, Tensor> loadInitializers() {
        return GraphRunner.initializers(graph(), baseDir, file);
    }

    /**
     * Runs the model once outside any module: inputs by position (the non-initializer graph inputs),
     * outputs in the graph's order. For repeated runs and training, load it as a {@link GraphModule}.
     *
     * @param inputs the values of the graph inputs that are not initializers, by position: tensors,
     *               lists for sequences, {@link OnnxOptional}s
     * @return the graph's outputs, in order
     * @throws OnnxException when there are too many inputs or a node fails (the message names the node)
     */
    public List<Object> run(List<?> inputs) {
        Map<String, Object> values = new LinkedHashMap<>(loadInitializers());
        List<ValueInfoProto> feeds = feedInputs();
        if (inputs.size() > feeds.size()) {
            throw new OnnxException("the model takes " + feeds.size() + " inputs, got " + inputs.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            values.put(feeds.get(i).getName(), inputs.get(i));
        }
        return new GraphRunner(opsets, baseDir, null).run(graph(), values);
    }

    /** {@return the graph inputs that are not initializers, in order: what a caller feeds} */
    public List<ValueInfoProto> feedInputs() {
        Set<String> inits = new HashSet<>();
        for (TensorProto t : graph().getInitializerList()) {
            inits.add(t.getName());
        }
        List<ValueInfoProto> out = new ArrayList<>();
        for (ValueInfoProto v : graph().getInputList()) {
            if (!inits.contains(v.getName())) {
                out.add(v);
            }
        }
        return out;
    }

    /** Throws one exception listing every node whose op has no implementation (subgraphs included). */
    private void checkSupported(String source) {
        Map<String, List<String>> missing = new LinkedHashMap<>();
        collectUnsupported(graph(), missing);
        if (!missing.isEmpty()) {
            StringBuilder sb = new StringBuilder(source + ": the model uses " + missing.size()
                    + " unsupported op(s):");
            missing.forEach((op, nodes) -> sb.append("\n  ").append(op).append(" at nodes ")
                    .append(nodes.size() > 10 ? nodes.subList(0, 10) + " and " + (nodes.size() - 10) + " more" : nodes));
            throw new UnsupportedOnnxException(sb.toString(), missing.keySet());
        }
    }

    private void collectUnsupported(GraphProto g, Map<String, List<String>> missing) {
        for (NodeProto n : g.getNodeList()) {
            String domain = n.getDomain().equals("ai.onnx") ? "" : n.getDomain();
            Integer version = opsets.get(domain);
            if (version == null || OnnxOps.find(domain, n.getOpType(), version) == null) {
                String key = GraphRunner.qualified(n) + " (opset " + (version == null ? "not imported" : version) + ")";
                missing.computeIfAbsent(key, k -> new ArrayList<>()).add(n.getName().isEmpty() ? "<unnamed>" : n.getName());
            }
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    collectUnsupported(a.getG(), missing);
                }
                for (GraphProto sub : a.getGraphsList()) {
                    collectUnsupported(sub, missing);
                }
            }
        }
    }

    /**
     * The graph with its nodes in an order where every input is defined before use; a cycle or a name
     * nothing defines is an error naming the node.
     */
    static GraphProto topologicallySorted(GraphProto g, Set<String> outer, String source) {
        Set<String> defined = new HashSet<>(outer);
        g.getInputList().forEach(v -> defined.add(v.getName()));
        g.getInitializerList().forEach(t -> defined.add(t.getName()));
        g.getSparseInitializerList().forEach(t -> defined.add(t.getValues().getName()));
        List<NodeProto> pending = new ArrayList<>(g.getNodeList());
        List<NodeProto> order = new ArrayList<>(pending.size());
        boolean inOrder = true;
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (int i = 0; i < pending.size(); i++) {
                NodeProto n = pending.get(i);
                if (defined.containsAll(withoutEmpty(GraphRunner.referencedNames(n)))) {
                    order.add(n);
                    n.getOutputList().forEach(defined::add);
                    pending.remove(i);
                    inOrder &= i == 0;
                    progress = true;
                    break;
                }
            }
            if (!progress) {
                NodeProto stuck = pending.getFirst();
                List<String> undefined = new ArrayList<>();
                Set<String> producedLater = new HashSet<>();
                pending.forEach(p -> producedLater.addAll(p.getOutputList()));
                for (String in : GraphRunner.referencedNames(stuck)) {
                    if (!in.isEmpty() && !defined.contains(in)) {
                        undefined.add(in);
                    }
                }
                boolean cycle = producedLater.containsAll(undefined);
                throw new OnnxException(source + ": node '" + stuck.getName() + "' (" + stuck.getOpType() + ") "
                        + (cycle ? "is part of a cycle through " : "reads undefined value(s) ") + undefined);
            }
        }
        return inOrder ? g : g.toBuilder().clearNode().addAllNode(order).build();
    }

    private static Set<String> withoutEmpty(Set<String> names) {
        names.remove("");
        return names;
    }
}
