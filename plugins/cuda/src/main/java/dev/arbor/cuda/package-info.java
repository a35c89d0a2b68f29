/**
 * Arbor's CUDA backend: {@link dev.arbor.cuda.CudaBackend} (found by ServiceLoader) runs the engine's
 * primitives on NVIDIA GPUs, and {@link dev.arbor.cuda.Cuda} holds the controls users need (memory
 * statistics, cache, synchronization, TF32). Libraries are found at run time (a CUDA toolkit, a
 * distribution package or Python wheels); kernels are CUDA C resources compiled by NVRTC on first use
 * and cached on disk; matrix products go to cuBLAS. Asking for a GPU where none is usable raises an
 * error with the reason; nothing falls back to the CPU silently.
 */
package dev.arbor.cuda;
