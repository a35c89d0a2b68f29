package dev.arbor.conformance;

import dev.arbor.onnx.GraphRunner;
import dev.arbor.onnx.LowPrecisionTensor;
import dev.arbor.onnx.OnnxModel;
import dev.arbor.onnx.OnnxOptional;
import dev.arbor.onnx.OnnxValueFiles;
import dev.arbor.onnx.UnsupportedOnnxException;
import dev.arbor.onnx.proto.OnnxProto.ValueInfoProto;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of the ONNX backend test suite, run as the ONNX runner does: inputs by position, outputs
 * compared by position with {@code |actual - expected| <= atol + rtol * |expected|} (NaN equals NaN).
 */
final class OnnxBackendCase {
    /** The outcome of a case. */
    enum Status { PASS, FAIL, UNSUPPORTED, ERROR }

    /** The outcome and why. */
    record Result(String category, String name, String ops, Status status, String detail) {}

    static final double RTOL = 1e-3;
    static final double ATOL = 1e-7;

    private OnnxBackendCase() {}

    static Result run(Path root, String category, String name, String ops, double rtol) {
        try {
            String detail = category.equals("light") ? runLight(root, name, rtol) : runWithData(root, category, name, rtol);
            return new Result(category, name, ops, detail == null ? Status.PASS : Status.FAIL, detail == null ? "" : detail);
        } catch (UnsupportedOnnxException e) {
            return new Result(category, name, ops, Status.UNSUPPORTED, firstLine(e.getMessage()));
        } catch (Throwable e) {
            Throwable root2 = e;
            while (root2.getCause() != null && !(root2 instanceof UnsupportedOperationException)) {
                root2 = root2.getCause();
            }
            if (root2 instanceof UnsupportedOperationException) {
                return new Result(category, name, ops, Status.UNSUPPORTED, firstLine(e.getMessage()));
            }
            return new Result(category, name, ops, Status.ERROR, e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replace('\t', ' ').split("\n")[0];
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String runWithData(Path root, String category, String name, double rtol) throws IOException {
        Path dir = root.resolve(category).resolve(name);
        OnnxModel model = OnnxModel.load(dir.resolve("model.onnx"));
        Path data = dir.resolve("test_data_set_0");
        List<ValueInfoProto> inputs = model.graph().getInputList();
        Map<String, Object> feeds = new HashMap<>();
        for (int i = 0; Files.exists(data.resolve("input_" + i + ".pb")); i++) {
            ValueInfoProto declared = inputs.get(i);
            feeds.put(declared.getName(), OnnxValueFiles.read(data.resolve("input_" + i + ".pb"), declared.getType()));
        }
        List<Object> actual = run(model, feeds);
        List<ValueInfoProto> outputs = model.graph().getOutputList();
        if (actual.size() != outputs.size()) {
            return "expected " + outputs.size() + " outputs, got " + actual.size();
        }
        for (int i = 0; i < outputs.size(); i++) {
            Object expected = OnnxValueFiles.read(data.resolve("output_" + i + ".pb"), outputs.get(i).getType());
            String diff = compare(expected, actual.get(i), rtol);
            if (diff != null) {
                return "output " + i + " (" + outputs.get(i).getName() + "): " + diff;
            }
        }
        return null;
    }

    private static String runLight(Path root, String name, double rtol) throws IOException {
        OnnxModel model = OnnxModel.load(root.resolve("light").resolve(name + ".onnx"));
        Map<String, Object> feeds = new HashMap<>();
        for (ValueInfoProto in : model.feedInputs()) {
            long[] shape = in.getType().getTensorType().getShape().getDimList().stream()
                    .mapToLong(d -> d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : 1).toArray();
            long n = Shapes.numel(shape);
            feeds.put(in.getName(), Tensor.arange(0, n, 1, DType.FLOAT32).div((double) n).reshape(shape));
        }
        List<Object> actual = run(model, feeds);
        Object expected = OnnxValueFiles.read(root.resolve("light").resolve(name + "_output_0.pb"),
                model.graph().getOutput(0).getType());
        return compare(expected, actual.getFirst(), rtol);
    }

    private static List<Object> run(OnnxModel model, Map<String, Object> feeds) {
        Map<String, Object> values = new HashMap<>(model.loadInitializers());
        // fed values take precedence over initializers of the same name (inputs with defaults)
        values.putAll(feeds);
        return new GraphRunner(model.opsets(), model.baseDir(), null).run(model.graph(), values);
    }

    /** Null when equal within tolerance, else what differs. */
    static String compare(Object expected, Object actual, double rtol) {
        if (expected instanceof OnnxOptional e) {
            if (!(actual instanceof OnnxOptional a)) {
                return "expected an optional, got " + kind(actual);
            }
            if (e.hasElement() != a.hasElement()) {
                return "optional presence differs: expected " + e.hasElement();
            }
            return e.hasElement() ? compare(e.value(), a.value(), rtol) : null;
        }
        if (expected instanceof List<?> e) {
            if (!(actual instanceof List<?> a)) {
                return "expected a sequence, got " + kind(actual);
            }
            if (e.size() != a.size()) {
                return "sequence length " + a.size() + ", expected " + e.size();
            }
            for (int i = 0; i < e.size(); i++) {
                String d = compare(e.get(i), a.get(i), rtol);
                if (d != null) {
                    return "element " + i + ": " + d;
                }
            }
            return null;
        }
        if (expected instanceof LowPrecisionTensor e) {
            return e.equals(actual) ? null : "expected " + e + " codes " + java.util.Arrays.toString(e.codes()) + ", got "
                    + (actual instanceof LowPrecisionTensor a ? a + " codes " + java.util.Arrays.toString(a.codes()) : kind(actual));
        }
        Tensor e = (Tensor) expected;
        if (!(actual instanceof Tensor a)) {
            return "expected a tensor, got " + kind(actual);
        }
        if (e.dtype() != a.dtype()) {
            return "dtype " + a.dtype() + ", expected " + e.dtype();
        }
        if (!Arrays.equals(e.shape(), a.shape())) {
            return "shape " + Shapes.str(a.shape()) + ", expected " + Shapes.str(e.shape());
        }
        if (!e.dtype().isFloatingPoint()) {
            long[] ev = e.toLongArray();
            long[] av = a.toLongArray();
            for (int i = 0; i < ev.length; i++) {
                if (ev[i] != av[i]) {
                    return "element " + i + " is " + av[i] + ", expected " + ev[i];
                }
            }
            return null;
        }
        double[] ev = e.toDoubleArray();
        double[] av = a.toDoubleArray();
        for (int i = 0; i < ev.length; i++) {
            boolean bothNaN = Double.isNaN(ev[i]) && Double.isNaN(av[i]);
            boolean sameInf = Double.isInfinite(ev[i]) && ev[i] == av[i];
            if (!bothNaN && !sameInf && !(Math.abs(av[i] - ev[i]) <= ATOL + rtol * Math.abs(ev[i]))) {
                return "element " + i + " is " + av[i] + ", expected " + ev[i];
            }
        }
        return null;
    }

    private static String kind(Object v) {
        return v == null ? "nothing" : v instanceof Tensor ? "a tensor" : v.getClass().getSimpleName();
    }
}
