package dev.arbor.backend;

/**
 * Optional kernels a backend may provide for speed. Each has a decomposition into primitives in the
 * engine, used when the backend's kernel set does not have it ({@link #has} false).
 */
public interface FusedKernels {
    /** A backend without fused kernels. */
    FusedKernels NONE = kernel -> false;

    /** The kernels a backend may provide. */
    enum Kernel { IM2COL, COL2IM, POOLING, SOFTMAX }

    /** True when this backend provides the kernel. */
    boolean has(Kernel kernel);
}
