/**
 * Arbor's CUDA backend plugin: runs tensors on NVIDIA GPUs through the CUDA driver, NVRTC and cuBLAS,
 * bound at run time with the foreign function and memory API. It needs no native build; without a
 * GPU it loads and reports why CUDA is unavailable.
 */
module dev.arbor.cuda {
    requires dev.arbor.engine;

    exports dev.arbor.cuda;

    provides dev.arbor.backend.Backend with dev.arbor.cuda.CudaBackend;
}
