/**
 * Arbor's PyTorch plugin: PyTorch checkpoints ({@code .pt}, {@code .pth}) read with a restricted
 * unpickler and written in torch.save's zip format, and safetensors files, both as state-dict formats.
 */
module dev.arbor.pytorch {
    requires transitive dev.arbor.engine;
    requires com.fasterxml.jackson.core;

    exports dev.arbor.pytorch;

    provides dev.arbor.io.StateDictFormat with dev.arbor.pytorch.TorchFormat, dev.arbor.pytorch.SafetensorsFormat;
}
