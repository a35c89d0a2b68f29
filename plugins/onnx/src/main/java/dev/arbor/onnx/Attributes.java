package dev.arbor.onnx;

import dev.arbor.onnx.proto.OnnxProto.AttributeProto;
import dev.arbor.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node's attributes by name, with typed getters that name the node and attribute when a type is wrong. */
public final class Attributes {
    private final NodeProto node;
    private final Map<String, AttributeProto> byName = new LinkedHashMap<>();

    Attributes(NodeProto node) {
        this.node = node;
        for (AttributeProto a : node.getAttributeList()) {
            byName.put(a.getName(), a);
        }
    }

    /**
     * {@return true when the attribute is present}
     *
     * @param name the attribute's name
     */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** {@return the names of the attributes present, in the node's order} */
    public java.util.Set<String> names() {
        return byName.keySet();
    }

    private AttributeProto get(String name, AttributeType expected) {
        AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        AttributeType actual = a.getType();
        if (actual == AttributeType.UNDEFINED) {
            actual = inferType(a);
        }
        if (actual != expected) {
            throw new OnnxException("attribute '" + name + "' of node '" + node.getName() + "' (" + node.getOpType()
                    + ") has type " + actual + ", expected " + expected);
        }
        return a;
    }

    /** Old models may leave the type unset: infer it from the field that holds a (non-default) value. */
    private static AttributeType inferType(AttributeProto a) {
        if (a.getF() != 0) {
            return AttributeType.FLOAT;
        }
        if (a.getI() != 0) {
            return AttributeType.INT;
        }
        if (!a.getS().isEmpty()) {
            return AttributeType.STRING;
        }
        if (a.hasT()) {
            return AttributeType.TENSOR;
        }
        if (a.hasG()) {
            return AttributeType.GRAPH;
        }
        if (a.getFloatsCount() > 0) {
            return AttributeType.FLOATS;
        }
        if (a.getIntsCount() > 0) {
            return AttributeType.INTS;
        }
        if (a.getStringsCount() > 0) {
            return AttributeType.STRINGS;
        }
        return AttributeType.UNDEFINED;
    }

    /**
     * {@return an INT attribute, or {@code defaultValue} when absent}
     *
     * @param name the attribute's name
     * @param defaultValue the value when the attribute is absent
     * @throws OnnxException when the attribute has another type
     */
    public long getInt(String name, long defaultValue) {
        AttributeProto a = get(name, AttributeType.INT);
        return a == null ? defaultValue : a.getI();
    }

    /**
     * {@return a required INT attribute}
     *
     * @param name the attribute's name
     * @throws OnnxException when the attribute is absent or has another type
     */
    public long getInt(String name) {
        return required(name, AttributeType.INT).getI();
    }

    /**
     * {@return a FLOAT attribute, or {@code defaultValue} when absent}
     *
     * @param name the attribute's name
     * @param defaultValue the value when the attribute is absent
     * @throws OnnxException when the attribute has another type
     */
    public float getFloat(String name, float defaultValue) {
        AttributeProto a = get(name, AttributeType.FLOAT);
        return a == null ? defaultValue : a.getF();
    }

    /**
     * {@return a STRING attribute decoded as UTF-8, or {@code defaultValue} when absent}
     *
     * @param name the attribute's name
     * @param defaultValue the value when the attribute is absent; may be null
     * @throws OnnxException when the attribute has another type
     */
    public String getString(String name, String defaultValue) {
        AttributeProto a = get(name, AttributeType.STRING);
        return a == null ? defaultValue : a.getS().toStringUtf8();
    }

    /**
     * {@return an INTS attribute as a new array, or {@code defaultValue} when absent}
     *
     * @param name the attribute's name
     * @param defaultValue the value when the attribute is absent; may be null
     * @throws OnnxException when the attribute has another type
     */
    public long[] getInts(String name, long[] defaultValue) {
        AttributeProto a = get(name, AttributeType.INTS);
        return a == null ? defaultValue : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * {@return a FLOATS attribute as a new array, or {@code defaultValue} when absent}
     *
     * @param name the attribute's name
     * @param defaultValue the value when the attribute is absent; may be null
     * @throws OnnxException when the attribute has another type
     */
    public float[] getFloats(String name, float[] defaultValue) {
        AttributeProto a = get(name, AttributeType.FLOATS);
        if (a == null) {
            return defaultValue;
        }
        float[] out = new float[a.getFloatsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getFloats(i);
        }
        return out;
    }

    /**
     * {@return a STRINGS attribute decoded as UTF-8, or {@code defaultValue} when absent}
     *
     * @param name the attribute's name
     * @param defaultValue the value when the attribute is absent; may be null
     * @throws OnnxException when the attribute has another type
     */
    public List<String> getStrings(String name, List<String> defaultValue) {
        AttributeProto a = get(name, AttributeType.STRINGS);
        return a == null ? defaultValue : a.getStringsList().stream().map(s -> s.toStringUtf8()).toList();
    }

    /**
     * {@return a TENSOR attribute, or null when absent}
     *
     * @param name the attribute's name
     * @throws OnnxException when the attribute has another type
     */
    public TensorProto getTensor(String name) {
        AttributeProto a = get(name, AttributeType.TENSOR);
        return a == null ? null : a.getT();
    }

    /**
     * {@return a GRAPH attribute (a subgraph), or null when absent}
     *
     * @param name the attribute's name
     * @throws OnnxException when the attribute has another type
     */
    public GraphProto getGraph(String name) {
        AttributeProto a = get(name, AttributeType.GRAPH);
        return a == null ? null : a.getG();
    }

    /**
     * {@return the raw attribute, of any type, or null when absent}
     *
     * @param name the attribute's name
     */
    public AttributeProto raw(String name) {
        return byName.get(name);
    }

    private AttributeProto required(String name, AttributeType type) {
        AttributeProto a = get(name, type);
        if (a == null) {
            throw new OnnxException("node '" + node.getName() + "' (" + node.getOpType() + ") lacks the required attribute '"
                    + name + "'");
        }
        return a;
    }
}
