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

    /** True when the attribute is present. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The attribute names present. */
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

    /** An INT attribute, or {@code defaultValue}. */
    public long getInt(String name, long defaultValue) {
        AttributeProto a = get(name, AttributeType.INT);
        return a == null ? defaultValue : a.getI();
    }

    /** A required INT attribute. */
    public long getInt(String name) {
        return required(name, AttributeType.INT).getI();
    }

    /** A FLOAT attribute, or {@code defaultValue}. */
    public float getFloat(String name, float defaultValue) {
        AttributeProto a = get(name, AttributeType.FLOAT);
        return a == null ? defaultValue : a.getF();
    }

    /** A STRING attribute, or {@code defaultValue}. */
    public String getString(String name, String defaultValue) {
        AttributeProto a = get(name, AttributeType.STRING);
        return a == null ? defaultValue : a.getS().toStringUtf8();
    }

    /** An INTS attribute, or {@code defaultValue} (which may be null). */
    public long[] getInts(String name, long[] defaultValue) {
        AttributeProto a = get(name, AttributeType.INTS);
        return a == null ? defaultValue : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** A FLOATS attribute, or {@code defaultValue} (which may be null). */
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

    /** A STRINGS attribute, or {@code defaultValue} (which may be null). */
    public List<String> getStrings(String name, List<String> defaultValue) {
        AttributeProto a = get(name, AttributeType.STRINGS);
        return a == null ? defaultValue : a.getStringsList().stream().map(s -> s.toStringUtf8()).toList();
    }

    /** A TENSOR attribute, or null. */
    public TensorProto getTensor(String name) {
        AttributeProto a = get(name, AttributeType.TENSOR);
        return a == null ? null : a.getT();
    }

    /** A GRAPH attribute, or null. */
    public GraphProto getGraph(String name) {
        AttributeProto a = get(name, AttributeType.GRAPH);
        return a == null ? null : a.getG();
    }

    /** The raw attribute, or null. */
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
