/**
 * Arbor's CUDA backend plugin. <b>Planned; nothing here works yet.</b>
 *
 * <p>This package will hold a backend that runs Arbor tensors on NVIDIA GPUs, calling the CUDA
 * driver and libraries through the Java foreign function and memory API: the engine's primitive
 * operations first (which make it correct), then fused kernels (which make it fast). Asking for a
 * GPU where none is usable will raise an error naming the devices involved; it will never fall back
 * to the CPU silently.
 */
package dev.arbor.cuda;
