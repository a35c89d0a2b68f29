package dev.arbor.onnx;

import com.google.protobuf.ByteString;
import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.backend.cpu.Elements;
import dev.arbor.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Converts ONNX {@code TensorProto}s to tensors and back: {@code raw_data} (little-endian) and the typed
 * fields, and external data in side files, which is mapped from disk without a copy.
 */
public final class OnnxTensors {
    private OnnxTensors() {}

    /**
     * The tensor a proto holds.
     *
     * @param p the tensor proto
     * @param baseDir the folder external data locations are relative to; null when the model has none
     * @return the tensor; external data is mapped from disk without a copy
     * @throws IOException when the proto's data does not match its shape and type, or external data cannot
     *                     be read
     */
    public static Tensor toTensor(TensorProto p, Path baseDir) throws IOException {
        return toTensor(p, baseDir, null);
    }

    /**
     * The tensor a proto holds, its {@code raw_data} read through {@code reader} where that is a view of
     * a mapped model file.
     *
     * @param reader the reader of the model file the proto was parsed from, or null to copy raw_data as it is
     */
    static Tensor toTensor(TensorProto p, Path baseDir, MappedModelFile.Reader reader) throws IOException {
        DType dtype = OnnxDataTypes.toDType(p.getDataType());
        long[] shape = p.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long numel;
        try {
            for (long d : shape) {
                if (d < 0) {
                    throw new ArithmeticException();
                }
            }
            numel = Shapes.numel(shape);
            Math.multiplyExact(numel, dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IOException("tensor '" + p.getName() + "' has an invalid shape " + Shapes.str(shape));
        }
        long bytes = numel * dtype.byteSize();
        if (p.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return external(p, baseDir, dtype, shape, bytes);
        }
        if (!p.getRawData().isEmpty()) {
            ByteString raw = p.getRawData();
            if (raw.size() != bytes) {
                throw new IOException("tensor '" + p.getName() + "' of shape " + Shapes.str(shape) + " and type " + dtype
                        + " needs " + bytes + " bytes of raw_data, but has " + raw.size());
            }
            Tensor t = Tensor.empty(dtype, Device.CPU, shape);
            MemorySegment seg = ((CpuStorage) t.storage()).segment();
            if (reader == null || !reader.read(raw, seg.asSlice(0, bytes))) {
                MemorySegment.copy(MemorySegment.ofBuffer(raw.asReadOnlyByteBuffer()), 0, seg, 0, bytes);
            }
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                throw new IOException("big-endian hosts are not supported");
            }
            return t;
        }
        return fromTypedFields(p, dtype, shape, numel);
    }

    private static Tensor fromTypedFields(TensorProto p, DType dtype, long[] shape, long numel) throws IOException {
        long available = switch (dtype) {
            case FLOAT32 -> p.getFloatDataCount();
            case FLOAT64 -> p.getDoubleDataCount();
            case INT64 -> p.getInt64DataCount();
            case UINT32, UINT64 -> p.getUint64DataCount();
            default -> p.getInt32DataCount();
        };
        if (available != numel) {
            throw new IOException("tensor '" + p.getName() + "' of shape " + Shapes.str(shape) + " has " + available
                    + " values in its typed field, expected " + numel);
        }
        Tensor t = Tensor.empty(dtype, Device.CPU, shape);
        MemorySegment seg = ((CpuStorage) t.storage()).segment();
        for (int i = 0; i < numel; i++) {
            switch (dtype) {
                case FLOAT32 -> seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, p.getFloatData(i));
                case FLOAT64 -> seg.setAtIndex(ValueLayout.JAVA_DOUBLE, i, p.getDoubleData(i));
                case INT64 -> seg.setAtIndex(ValueLayout.JAVA_LONG, i, p.getInt64Data(i));
                case UINT32, UINT64 -> Elements.setLong(seg, dtype, i, p.getUint64Data(i));
                // float16 and bfloat16 values are stored as their bit patterns in int32_data
                case FLOAT16, BFLOAT16 -> seg.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) p.getInt32Data(i));
                default -> Elements.setLong(seg, dtype, i, p.getInt32Data(i));
            }
        }
        return t;
    }

    private static Tensor external(TensorProto p, Path baseDir, DType dtype, long[] shape, long bytes) throws IOException {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : p.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseLong(p, e);
                case "length" -> length = parseLong(p, e);
                default -> { }
            }
        }
        if (location == null || baseDir == null) {
            throw new IOException("tensor '" + p.getName() + "' has external data without a location or model folder");
        }
        Path file = baseDir.resolve(location).normalize();
        if (!file.startsWith(baseDir.normalize())) {
            throw new IOException("tensor '" + p.getName() + "' refers to external data outside the model's folder: "
                    + location);
        }
        if (length >= 0 && length != bytes) {
            throw new IOException("tensor '" + p.getName() + "' declares " + length + " bytes of external data, but its "
                    + "shape " + Shapes.str(shape) + " and type " + dtype + " need " + bytes);
        }
        long size = Files.size(file);
        if (offset < 0 || offset + bytes > size) {
            throw new IOException("tensor '" + p.getName() + "' needs bytes " + offset + ".." + (offset + bytes) + " of "
                    + file + ", which has " + size);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment mapped = ch.map(FileChannel.MapMode.PRIVATE, offset, Math.max(bytes, 1), Arena.ofAuto());
            return Tensor.wrap(new CpuStorage(mapped), dtype, shape, Shapes.contiguousStrides(shape), 0);
        }
    }

    private static long parseLong(TensorProto p, StringStringEntryProto e) throws IOException {
        try {
            return Long.parseLong(e.getValue());
        } catch (NumberFormatException ex) {
            throw new IOException("tensor '" + p.getName() + "' has a bad external data " + e.getKey() + ": " + e.getValue());
        }
    }

    /**
     * {@return a proto holding {@code t} as little-endian {@code raw_data}}
     *
     * @param name the proto's name, such as an initializer's
     * @param t the tensor, on any device and with any strides
     */
    public static TensorProto toProto(String name, Tensor t) {
        Tensor h = t.detach().cpu().contiguous();
        long bytes = h.numel() * h.dtype().byteSize();
        MemorySegment seg = ((CpuStorage) h.storage()).segment().asSlice(h.offset() * h.dtype().byteSize(), bytes);
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(OnnxDataTypes.toOnnx(h.dtype()));
        for (long d : h.shape()) {
            b.addDims(d);
        }
        return b.setRawData(ByteString.copyFrom(seg.asByteBuffer())).build();
    }
}
