package dev.arbor.onnx;

import dev.arbor.tensor.Tensor;

/**
 * One value of a traced graph, in static single assignment: a graph input, a parameter or buffer, a
 * constant, or an output of a traced step. An in-place op gives its tensor a new value, so a tensor
 * names different values over a trace; each value remembers the tensor's version when it was made,
 * and a tensor found at another version later was changed by something the trace did not see.
 */
final class TraceValue {
    /** Where a value comes from. */
    enum Kind {
        /** A graph input. */
        INPUT,
        /** A parameter or persistent buffer of the exported module: an initializer named by its state-dict key. */
        STATE,
        /** A tensor that no traced op made (a constant made before or inside forward): a {@code Constant} node. */
        CONSTANT,
        /** An output of a traced step. */
        STEP,
        /** A tensor the exporter cannot follow; {@link #problem} says why, and using it refuses the export. */
        UNTRACEABLE
    }

    final Kind kind;
    /** The tensor at trace time (for a constant, a copy of its value when first used). */
    final Tensor tensor;
    final int version;
    final TraceStep producer;
    final String problem;
    /** The value's ONNX name once written; null before. */
    String name;

    private TraceValue(Kind kind, Tensor tensor, int version, TraceStep producer, String problem) {
        this.kind = kind;
        this.tensor = tensor;
        this.version = version;
        this.producer = producer;
        this.problem = problem;
    }

    static TraceValue input(Tensor t, String name) {
        TraceValue v = new TraceValue(Kind.INPUT, t, t.version(), null, null);
        v.name = name;
        return v;
    }

    static TraceValue state(Tensor t, String key) {
        TraceValue v = new TraceValue(Kind.STATE, t, t.version(), null, null);
        v.name = key;
        return v;
    }

    static TraceValue constant(Tensor original, Tensor copy) {
        return new TraceValue(Kind.CONSTANT, copy, original.version(), null, null);
    }

    static TraceValue output(Tensor t, TraceStep producer) {
        return new TraceValue(Kind.STEP, t, t.version(), producer, null);
    }

    static TraceValue untraceable(Tensor t, String problem) {
        return new TraceValue(Kind.UNTRACEABLE, t, t.version(), null, problem);
    }
}
