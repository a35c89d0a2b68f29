package dev.arbor.pytorch;

/**
 * The callable globals that the restricted unpickler lets a checkpoint name: those of
 * {@code torch.load(weights_only=True)} that Arbor can represent. {@link TorchGlobals} resolves names
 * to these and gives each its meaning.
 */
enum TorchGlobal {
    ORDERED_DICT("collections.OrderedDict"),
    REBUILD_TENSOR("torch._utils._rebuild_tensor"),
    REBUILD_TENSOR_V2("torch._utils._rebuild_tensor_v2"),
    REBUILD_TENSOR_V3("torch._utils._rebuild_tensor_v3"),
    REBUILD_PARAMETER("torch._utils._rebuild_parameter"),
    REBUILD_PARAMETER_WITH_STATE("torch._utils._rebuild_parameter_with_state"),
    REBUILD_FROM_TYPE_V2("torch._tensor._rebuild_from_type_v2"),
    PARAMETER("torch.nn.parameter.Parameter"),
    /** {@code torch.Tensor} and the legacy tensor classes ({@code torch.FloatTensor}...). */
    TENSOR("torch.Tensor"),
    SIZE("torch.Size"),
    DEVICE("torch.device"),
    GET_LAYOUT("torch.serialization._get_layout"),
    /** How protocol-2 pickles written by Python 3 spell a {@code bytes} value. */
    CODECS_ENCODE("_codecs.encode"),
    SET("builtins.set"),
    FROZENSET("builtins.frozenset"),
    BYTEARRAY("builtins.bytearray");

    private final String pythonName;

    TorchGlobal(String pythonName) {
        this.pythonName = pythonName;
    }

    /** The dotted Python name. */
    String pythonName() {
        return pythonName;
    }

    /** True for the functions that give back a tensor. */
    boolean rebuildsTensor() {
        return switch (this) {
            case REBUILD_TENSOR, REBUILD_TENSOR_V2, REBUILD_TENSOR_V3, REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE,
                    REBUILD_FROM_TYPE_V2 -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return pythonName;
    }
}
