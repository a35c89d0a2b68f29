/**
 * Arbor's PyTorch checkpoint and safetensors plugin: planned, nothing is implemented yet. The
 * package documentation of {@code dev.arbor.pytorch} says what this module will hold.
 */
module dev.arbor.pytorch {
    requires dev.arbor.engine;
}
