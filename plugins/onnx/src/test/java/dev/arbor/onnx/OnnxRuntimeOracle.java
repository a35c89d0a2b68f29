package dev.arbor.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs ONNX files in ONNX Runtime (float32 or int64 inputs, float32 outputs), the reference exports are
 * checked with.
 */
final class OnnxRuntimeOracle {
    /** The newest default-domain opset the ONNX Runtime version the tests use (1.20) runs. */
    static final int NEWEST_OPSET = 21;

    private OnnxRuntimeOracle() {}

    /** The outputs of the model at {@code file} in its order, for inputs in the order of {@code names}. */
    static List<Tensor> run(Path file, List<String> names, List<Tensor> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(file.toString(), opts)) {
                Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
                try {
                    for (int i = 0; i < inputs.size(); i++) {
                        Tensor x = inputs.get(i);
                        feeds.put(names.get(i), x.dtype() == DType.INT64
                                ? OnnxTensor.createTensor(env, LongBuffer.wrap(x.toLongArray()), x.shape())
                                : OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), x.shape()));
                    }
                    try (OrtSession.Result result = session.run(feeds)) {
                        List<Tensor> out = new ArrayList<>();
                        for (var e : result) {
                            OnnxTensor t = (OnnxTensor) e.getValue();
                            FloatBuffer buf = t.getFloatBuffer();
                            float[] data = new float[buf.remaining()];
                            buf.get(data);
                            out.add(Tensor.of(data, t.getInfo().getShape()));
                        }
                        return out;
                    }
                } finally {
                    feeds.values().forEach(OnnxTensor::close);
                }
            }
        }
    }
}
