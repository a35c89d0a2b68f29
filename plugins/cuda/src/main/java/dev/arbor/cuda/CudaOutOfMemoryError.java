package dev.arbor.cuda;

/**
 * The device has no memory left for an allocation even after the caching allocator released its
 * unused blocks; PyTorch's {@code torch.cuda.OutOfMemoryError}. The message says how much was asked
 * for and how much the allocator holds.
 */
public class CudaOutOfMemoryError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with a message.
     *
     * @param message what was requested and what the device holds
     */
    public CudaOutOfMemoryError(String message) {
        super(message);
    }
}
