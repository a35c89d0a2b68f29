package dev.arbor.cuda;

/**
 * A CUDA driver, NVRTC or cuBLAS call that returned an error: names the call, the numeric code and
 * the library's name for it (such as {@code CUDA_ERROR_OUT_OF_MEMORY} or
 * {@code CUBLAS_STATUS_INVALID_VALUE}).
 */
public class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The function that failed. */
    private final String call;
    /** The status code it returned. */
    private final int code;
    /** The library's name for the status code. */
    private final String errorName;

    /**
     * An exception for a failed call; the message joins all four parts.
     *
     * @param call      the function that failed, such as {@code cuMemAlloc_v2}
     * @param code      the status it returned
     * @param errorName the library's name for the status
     * @param detail    the library's description of the status, or more context; may be empty
     */
    public CudaException(String call, int code, String errorName, String detail) {
        super(call + " failed: " + errorName + " (" + code + ")" + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.call = call;
        this.code = code;
        this.errorName = errorName;
    }

    /** {@return the function that failed, such as {@code cuMemAlloc_v2}} */
    public String call() {
        return call;
    }

    /** {@return the numeric status code the call returned} */
    public int code() {
        return code;
    }

    /** {@return the library's name for the status code, such as {@code CUDA_ERROR_OUT_OF_MEMORY}} */
    public String errorName() {
        return errorName;
    }
}
