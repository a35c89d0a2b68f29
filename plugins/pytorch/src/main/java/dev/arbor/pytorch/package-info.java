/**
 * PyTorch checkpoints and safetensors files for Arbor.
 *
 * <ul>
 *   <li>{@link dev.arbor.pytorch.TorchCheckpoint}: reads {@code torch.save} files of both formats (zip and
 *       legacy) with a restricted unpickler that runs nothing, and writes the zip format;</li>
 *   <li>{@link dev.arbor.pytorch.Safetensors}: reads safetensors files by mapping them, after validating
 *       the header, and writes them in the reference layout;</li>
 *   <li>{@link dev.arbor.pytorch.TorchFormat} and {@link dev.arbor.pytorch.SafetensorsFormat}: the two as
 *       {@link dev.arbor.io.StateDictFormat} plugins, so {@link dev.arbor.io.StateDicts} finds them.</li>
 * </ul>
 */
package dev.arbor.pytorch;
