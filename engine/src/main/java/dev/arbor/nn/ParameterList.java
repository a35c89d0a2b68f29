package dev.arbor.nn;

import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Parameters held in a list, as {@code torch.nn.ParameterList}: registered under {@code "0"},
 * {@code "1"}, ...; a plain tensor added to it becomes a {@link Parameter}. It cannot be called.
 */
public class ParameterList extends Module implements Iterable<Parameter> {
    /** Creates an empty list, as {@code nn.ParameterList()}. */
    public ParameterList() {}

    /**
     * Creates a list of these tensors, as {@code nn.ParameterList(values)}.
     *
     * @param values the tensors, registered under {@code "0"}, {@code "1"}, ... in order; each is made a
     *               {@link Parameter} unless it is one
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public ParameterList(Iterable<? extends Tensor> values) {
        for (Tensor t : values) {
            registerParameter(String.valueOf(parameterMap().size()), asParameter(t));
        }
    }

    private static Parameter asParameter(Tensor t) {
        return t instanceof Parameter p ? p : new Parameter(t);
    }

    /** {@return the number of parameters, Python's {@code len}} */
    public int size() {
        return parameterMap().size();
    }

    /** {@return the parameters in order, over a snapshot taken now} */
    @Override
    public Iterator<Parameter> iterator() {
        return new ArrayList<>(parameterMap().values()).iterator();
    }

    /**
     * {@return the parameter at a position, as {@code list[index]}}
     *
     * @param index the position, negative counting from the end
     * @throws IndexOutOfBoundsException when {@code index} is outside {@code [-size, size)}
     */
    public Parameter get(int index) {
        return parameterMap().get(String.valueOf(Containers.absoluteIndex(index, size())));
    }

    /**
     * Replaces the parameter at a position, as {@code list[index] = value}.
     *
     * @param index the position, negative counting from the end
     * @param value the parameter, or a plain tensor, which is made a {@link Parameter}
     * @throws IndexOutOfBoundsException when {@code index} is outside {@code [-size, size)}
     */
    public void set(int index, Tensor value) {
        setAttribute(String.valueOf(Containers.absoluteIndex(index, size())), asParameter(value));
    }

    /**
     * Adds a parameter at the end, as {@code append}.
     *
     * @param value the parameter, or a plain tensor, which is made a {@link Parameter}
     * @return this list
     */
    public ParameterList append(Tensor value) {
        registerParameter(String.valueOf(size()), asParameter(value));
        return this;
    }

    /**
     * Appends each tensor in order, as {@code extend}.
     *
     * @param values the parameters or plain tensors to add at the end
     * @return this list
     */
    public ParameterList extend(Iterable<? extends Tensor> values) {
        for (Tensor t : values) {
            append(t);
        }
        return this;
    }

    /**
     * Fails as PyTorch does: a ParameterList holds parameters and is not a layer.
     *
     * @param inputs ignored
     * @return never
     * @throws UnsupportedOperationException always ({@code ParameterList should not be called.})
     */
    @Override
    public Object forward(Object... inputs) {
        throw new UnsupportedOperationException("ParameterList should not be called.");
    }

    /** {@return one line per parameter: {@code (0): Parameter containing: [torch.float32 of size 3x4]}} */
    @Override
    public String extraRepr() {
        List<String> lines = new ArrayList<>();
        int k = 0;
        for (Parameter p : this) {
            lines.add("  (" + k++ + "): Parameter containing: [torch." + p.dtype() + " of size " + sizeText(p)
                    + deviceText(p) + "]");
        }
        return String.join("\n", lines);
    }

    /** PyTorch's {@code 3x4} (empty for a 0-d tensor). */
    static String sizeText(Tensor t) {
        StringBuilder sb = new StringBuilder();
        for (long s : t.shape()) {
            sb.append(sb.isEmpty() ? "" : "x").append(s);
        }
        return sb.toString();
    }

    /** PyTorch's {@code  (GPU 0)} for a CUDA tensor. */
    static String deviceText(Tensor t) {
        return t.device().type().equals("cuda") ? " (GPU " + t.device().index() + ")" : "";
    }
}
