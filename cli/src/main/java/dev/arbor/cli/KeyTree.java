package dev.arbor.cli;

import dev.arbor.nn.Module;

/**
 * The module structure a state dict's dotted keys imply ({@code features.0.weight} lies in module
 * {@code features.0}), for printing a state-dict file's tree: every node prints as PyTorch prints a
 * plain {@code nn.Module}, since a state dict does not record layer types. It holds no tensors and
 * does not run.
 */
final class KeyTree extends Module {
    private KeyTree() {}

    /** The tree of the modules that the keys name (a key with an empty part, {@code a..b}, up to that part). */
    static KeyTree of(Iterable<String> keys) {
        KeyTree root = new KeyTree();
        for (String key : keys) {
            String[] parts = key.split("\\.", -1);
            Module m = root;
            for (int i = 0; i < parts.length - 1 && !parts[i].isEmpty(); i++) {
                Module child = m.namedChildren().get(parts[i]);
                m = child != null ? child : m.register(parts[i], new KeyTree());
            }
        }
        return root;
    }

    @Override
    public String typeName() {
        return "Module";
    }

    @Override
    public Object forward(Object... inputs) {
        throw new UnsupportedOperationException("a state dict's key tree has no computation");
    }
}
