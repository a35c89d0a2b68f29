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
    /** An empty list. */
    public ParameterList() {}

    /** A list of these tensors, each made a Parameter unless it is one. */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public ParameterList(Iterable<? extends Tensor> values) {
        for (Tensor t : values) {
            registerParameter(String.valueOf(parameterMap().size()), asParameter(t));
        }
    }

    private static Parameter asParameter(Tensor t) {
        return t instanceof Parameter p ? p : new Parameter(t);
    }

    /** The number of parameters. */
    public int size() {
        return parameterMap().size();
    }

    @Override
    public Iterator<Parameter> iterator() {
        return new ArrayList<>(parameterMap().values()).iterator();
    }

    /** The parameter at a position (negative from the end). */
    public Parameter get(int index) {
        return parameterMap().get(String.valueOf(Containers.absoluteIndex(index, size())));
    }

    /** Replaces the parameter at a position. */
    public void set(int index, Tensor value) {
        setAttribute(String.valueOf(Containers.absoluteIndex(index, size())), asParameter(value));
    }

    /** Adds a tensor (made a Parameter unless it is one) at the end. */
    public ParameterList append(Tensor value) {
        registerParameter(String.valueOf(size()), asParameter(value));
        return this;
    }

    /** Appends each tensor. */
    public ParameterList extend(Iterable<? extends Tensor> values) {
        for (Tensor t : values) {
            append(t);
        }
        return this;
    }

    /** Fails as PyTorch does: a ParameterList holds parameters and is not a layer. */
    @Override
    public Object forward(Object... inputs) {
        throw new UnsupportedOperationException("ParameterList should not be called.");
    }

    /** One line per parameter: {@code (0): Parameter containing: [torch.float32 of size 3x4]}. */
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
