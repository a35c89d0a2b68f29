package dev.arbor.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One op as an {@link OpTracer} sees it: its name, its arguments in the order of its signature,
 * what it returned, and where it stands among the other reports.
 *
 * <p>Names are PyTorch's ATen op names in snake case ({@code add}, {@code reshape}, {@code cat},
 * {@code linear}, {@code layer_norm}, {@code max_pool}, ...); in-place ops end in an underscore
 * ({@code add_}, {@code copy_}, {@code fill_}) and write their first argument, which is also their
 * output. An argument is a {@link Tensor} (an input; null for an optional tensor left out, such
 * as a missing bias), a {@code List<Tensor>} (the tensors of {@code cat} or {@code stack}), or a
 * value: {@link Boolean}, {@link Integer}, {@link Long}, {@link Double}, {@link String},
 * {@link DType}, {@link Device}, {@link Generator}, a copy of an {@code int[]}, {@code long[]} or
 * {@code double[]} (dims, shapes, sizes, scales), an enum ({@code scatter_reduce}'s mode), or null
 * for an optional value left out. Elementwise ops are named by their primitive ({@code add},
 * {@code relu}, {@code gelu_tanh}), with a number operand as a {@link Double} in its place
 * ({@code sub(2.0, x)} is {@code [2.0, x]}); reductions over dims are {@code sum}, {@code mean},
 * {@code amax}, {@code amin}, {@code prod}, {@code any}, {@code all} with {@code (x, int[] dims,
 * keepdim)}, an empty {@code dims} meaning all of them.
 *
 * @param op          the op's name
 * @param arguments   its arguments in the order of its signature (an unmodifiable list that may hold nulls)
 * @param outputs     the tensors it returned, in order ({@code values, indices} for {@code max} over a
 *                    dim, every piece for {@code split})
 * @param index       its position among the calls reported to the tracer, from 0
 * @param firstNested the index of the first call that ran inside this op: calls {@code firstNested}
 *                    to {@code index - 1} ran inside it (none when it equals {@code index})
 */
public record OpCall(String op, List<Object> arguments, List<Tensor> outputs, long index, long firstNested) {
    /**
     * Checks the positions and copies the outputs.
     *
     * @param op          the op's name
     * @param arguments   its arguments (kept as given: the caller hands over copies)
     * @param outputs     its outputs
     * @param index       its position among the reports
     * @param firstNested the position of the first call that ran inside it
     */
    public OpCall {
        if (firstNested < 0 || firstNested > index) {
            throw new IllegalArgumentException("firstNested " + firstNested + " is outside 0.." + index);
        }
        arguments = Collections.unmodifiableList(arguments);
        outputs = List.copyOf(outputs);
    }

    /** {@return true for an op that writes its first argument in place (its name ends in an underscore)} */
    public boolean inPlace() {
        return op.endsWith("_");
    }

    /** {@return the op's single output} */
    public Tensor output() {
        if (outputs.size() != 1) {
            throw new IllegalStateException(op + " returned " + outputs.size() + " tensors, not one");
        }
        return outputs.getFirst();
    }

    /** {@return the tensors among the arguments, those of tensor lists included, in order and without nulls} */
    public List<Tensor> inputs() {
        List<Tensor> out = new ArrayList<>();
        for (Object a : arguments) {
            if (a instanceof Tensor t) {
                out.add(t);
            } else if (a instanceof List<?> list) {
                for (Object o : list) {
                    out.add((Tensor) o);
                }
            }
        }
        return out;
    }

    /**
     * {@return argument {@code i} as a tensor, or null when it was left out}
     *
     * @param i the position in {@link #arguments()}
     */
    public Tensor tensor(int i) {
        return (Tensor) arguments.get(i);
    }

    /**
     * {@return argument {@code i}, a tensor list}
     *
     * @param i the position in {@link #arguments()}
     */
    @SuppressWarnings("unchecked")
    public List<Tensor> tensors(int i) {
        return (List<Tensor>) arguments.get(i);
    }

    /**
     * {@return argument {@code i}, an integral number, as a long}
     *
     * @param i the position in {@link #arguments()}
     */
    public long integer(int i) {
        return ((Number) arguments.get(i)).longValue();
    }

    /**
     * {@return argument {@code i}, a number, as a double}
     *
     * @param i the position in {@link #arguments()}
     */
    public double number(int i) {
        return ((Number) arguments.get(i)).doubleValue();
    }

    /**
     * {@return argument {@code i}, a boolean}
     *
     * @param i the position in {@link #arguments()}
     */
    public boolean flag(int i) {
        return (Boolean) arguments.get(i);
    }

    /**
     * {@return argument {@code i}, an {@code int[]} or {@code long[]}, as longs, or null when it was left out}
     *
     * @param i the position in {@link #arguments()}
     */
    public long[] longs(int i) {
        return switch (arguments.get(i)) {
            case null -> null;
            case long[] l -> l.clone();
            case int[] a -> {
                long[] out = new long[a.length];
                for (int k = 0; k < a.length; k++) {
                    out[k] = a[k];
                }
                yield out;
            }
            case Object o -> throw new IllegalStateException(op + " argument " + i + " is a "
                    + o.getClass().getSimpleName() + ", not an int[] or long[]");
        };
    }
}
