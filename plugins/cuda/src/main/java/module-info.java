/**
 * Arbor's CUDA backend plugin: planned, nothing is implemented yet. The package documentation of
 * {@code dev.arbor.cuda} says what this module will hold.
 */
module dev.arbor.cuda {
    requires dev.arbor.engine;
}
