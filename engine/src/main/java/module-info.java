/**
 * Arbor's engine: tensors, the CPU backend, autograd, the Module system and the plugin SPIs.
 */
module dev.arbor.engine {
    requires jdk.incubator.vector;
    requires org.slf4j;

    exports dev.arbor.tensor;
    exports dev.arbor.backend;
    exports dev.arbor.backend.cpu;

    uses dev.arbor.backend.Backend;
}
