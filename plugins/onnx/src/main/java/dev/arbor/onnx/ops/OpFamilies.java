package dev.arbor.onnx.ops;

import dev.arbor.onnx.OnnxOps;

/** Every op family of the plugin; each registers its ops and the opset versions they start at. */
public final class OpFamilies {
    private OpFamilies() {}

    /** Registers all families. */
    public static void registerAll(OnnxOps.Registrar r) {
        ElementwiseOps.register(r);
        ShapeOps.register(r);
        ReduceOps.register(r);
        NeuralOps.register(r);
        ControlFlowOps.register(r);
        LossOps.register(r);
        SpatialOps.register(r);
        ResizeOps.register(r);
        QuantizationOps.register(r);
        SignalOps.register(r);
        AttentionOps.register(r);
        NormalizationOps.register(r);
        TransformerOps.register(r);
        SequenceStateOps.register(r);
        RecurrentOps.register(r);
        IndexingOps.register(r);
        UniqueOps.register(r);
        LinearAlgebraOps.register(r);
        GridSampleOps.register(r);
        BlockLayoutOps.register(r);
    }
}
