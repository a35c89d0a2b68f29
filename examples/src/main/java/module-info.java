/**
 * Arbor's examples: programs that use the Java API as a user would, each with a {@code main} and each
 * run by a test. They compile against the engine alone; the plugins (formats, CUDA) are found at run
 * time.
 */
module dev.arbor.examples {
    requires dev.arbor.engine;

    exports dev.arbor.examples;
}
