package dev.arbor.backend;

/**
 * Optional kernels a backend may provide for speed. Each has a decomposition into primitives in the
 * engine, used when the backend's kernel set does not have it ({@link #has} false).
 */
public interface FusedKernels {
    /** A backend without fused kernels. */
    FusedKernels NONE = kernel -> false;

    /** The kernels a backend may provide. */
    enum Kernel {
        /** {@link Backend#im2col}: sliding windows copied into columns, for convolution and {@code unfold}. */
        IM2COL,
        /** {@link Backend#col2im}: columns added back into an image, for convolution's gradient and {@code fold}. */
        COL2IM,
        /** {@link Backend#maxPool}, {@link Backend#avgPool} and {@link Backend#avgPoolBackward}. */
        POOLING,
        /** {@link Backend#thresholdBackward}: the gradient of ReLU and the other threshold activations. */
        THRESHOLD_BACKWARD,
        /** {@link Backend#addScaled}: {@code a + alpha * b} in one pass, for the optimizers' updates. */
        SCALED_ADD,
        /**
         * {@link Backend#depthwiseConv}: a convolution whose groups are single input channels, by sliding
         * the kernel (im2col and one tiny product per group and image cost far more).
         */
        DEPTHWISE_CONV,
        /**
         * {@link Backend#directConv}: a dense convolution computed straight from the image, for the shapes
         * where the backend finds that faster than im2col and a product (small channel counts).
         */
        DIRECT_CONV,
        /**
         * {@link Backend#channelsLastConv}: a convolution written channels-last, for the shapes where the
         * backend finds vectors across channels faster than along rows (small images, and the layers after one).
         */
        CHANNELS_LAST_CONV,
        /** {@link Backend#softmax}: softmax or log-softmax along one dimension in one pass per row. */
        SOFTMAX,
        /** {@link Backend#layerNorm}: layer normalization without gradients, one pass per row. */
        LAYER_NORM,
        /** {@link Backend#linear}: a linear layer without gradients, one product that starts from the bias. */
        LINEAR
    }

    /**
     * {@return true when this backend provides the kernel}
     *
     * @param kernel the kernel asked about
     */
    boolean has(Kernel kernel);
}
