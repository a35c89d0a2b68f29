/**
 * Arbor's PyTorch plugin. <b>Planned; nothing here works yet.</b>
 *
 * <p>This package will hold state-dict format plugins for PyTorch checkpoints ({@code .pt}/{@code
 * .pth} zip archives holding a restricted pickle and tensor storages, read without running arbitrary
 * pickled code) and for safetensors files, each recognising its files from their first bytes,
 * reading into an ordered map of name to Tensor, and writing one back atomically, so that weights
 * move between PyTorch and Arbor modules under the same names.
 */
package dev.arbor.pytorch;
