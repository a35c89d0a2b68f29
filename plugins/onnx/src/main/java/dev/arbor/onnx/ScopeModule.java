package dev.arbor.onnx;

import dev.arbor.nn.Module;

/**
 * A module of an imported graph that Arbor cannot name as a layer: it holds the parameters and
 * children found under its dotted path, and prints as PyTorch prints a plain {@code nn.Module}.
 * Its computation is the graph's, run by the {@link GraphModule} at the root.
 */
public final class ScopeModule extends Module {
    /** An empty scope; the importer registers the parameters and children found under its path. */
    public ScopeModule() {}

    @Override
    public String typeName() {
        return "Module";
    }

    @Override
    public Object forward(Object... inputs) {
        throw new UnsupportedOperationException("a module imported from ONNX without its own layer type runs as "
                + "part of its GraphModule, not on its own");
    }
}
