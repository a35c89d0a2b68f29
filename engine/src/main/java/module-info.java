/**
 * Arbor's engine: tensors, the CPU backend, autograd, the Module system and the plugin SPIs.
 */
module dev.arbor.engine {
    requires jdk.incubator.vector;
    requires org.slf4j;

    exports dev.arbor.tensor;
    exports dev.arbor.backend;
    exports dev.arbor.backend.cpu;
    exports dev.arbor.io;
    exports dev.arbor.nn;
    exports dev.arbor.nn.functional;
    exports dev.arbor.nn.utils;
    exports dev.arbor.optim;

    uses dev.arbor.backend.Backend;
    uses dev.arbor.io.StateDictFormat;
    uses dev.arbor.io.ModelFormat;
}
