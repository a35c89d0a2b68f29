package dev.arbor.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.arbor.onnx.proto.OnnxDataProto.OptionalProto;
import dev.arbor.onnx.proto.OnnxDataProto.SequenceProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.onnx.proto.OnnxProto.TypeProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads values from the ONNX test-data format: a serialized {@code TensorProto}, or a
 * {@code SequenceProto} / {@code OptionalProto} where the graph declares a sequence or optional type.
 */
public final class OnnxValueFiles {
    private OnnxValueFiles() {}

    /**
     * Reads a value file, interpreting it by the declared type of the graph input or output it is for.
     *
     * @param file the {@code .pb} file
     * @param declared the declared type of the graph input or output
     * @return a tensor, a {@link LowPrecisionTensor}, a {@code List} for a sequence or an {@link OnnxOptional}
     * @throws IOException when the file cannot be read or does not hold a valid value of that type
     */
    public static Object read(Path file, TypeProto declared) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return switch (declared.getValueCase()) {
                case SEQUENCE_TYPE -> sequence(SequenceProto.parseFrom(bytes));
                case OPTIONAL_TYPE -> optional(OptionalProto.parseFrom(bytes));
                default -> tensorOrLowPrecision(TensorProto.parseFrom(bytes));
            };
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(file + ": not a valid ONNX value file: " + e.getMessage(), e);
        }
    }

    /** A tensor, or a {@link LowPrecisionTensor} for the 8-, 4- and 2-bit types the engine lacks. */
    static Object tensorOrLowPrecision(TensorProto p) throws IOException {
        return LowPrecisionTensor.holds(p.getDataType()) ? LowPrecisionTensor.fromProto(p) : OnnxTensors.toTensor(p, null);
    }

    private static List<Object> sequence(SequenceProto s) throws IOException {
        List<Object> out = new ArrayList<>();
        for (TensorProto t : s.getTensorValuesList()) {
            out.add(OnnxTensors.toTensor(t, null));
        }
        for (SequenceProto inner : s.getSequenceValuesList()) {
            out.add(sequence(inner));
        }
        for (OptionalProto o : s.getOptionalValuesList()) {
            out.add(optional(o));
        }
        if (s.getSparseTensorValuesCount() > 0 || s.getMapValuesCount() > 0) {
            throw new UnsupportedOperationException("sequences of sparse tensors or maps are not supported");
        }
        return out;
    }

    private static OnnxOptional optional(OptionalProto o) throws IOException {
        return switch (o.getElemType()) {
            case 0 -> new OnnxOptional(null);
            case 1 -> new OnnxOptional(OnnxTensors.toTensor(o.getTensorValue(), null));
            case 3 -> new OnnxOptional(sequence(o.getSequenceValue()));
            case 5 -> new OnnxOptional(optional(o.getOptionalValue()));
            default -> throw new UnsupportedOperationException("optional of element type " + o.getElemType()
                    + " is not supported");
        };
    }
}
