package dev.arbor.hdf5;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.Tensor;
import io.jhdf.ObjectHeader;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.NodeType;
import io.jhdf.api.WritableDataset;
import io.jhdf.AbstractWritableNode;
import io.jhdf.exceptions.HdfWritingException;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.DataLayout;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A tensor written as one contiguous HDF5 dataset, straight from its memory: jhdf's own datasets
 * take Java arrays (at most 2 GB, no half or bfloat16 type), this one takes any size and dtype.
 * The object header holds the same messages jhdf writes for its datasets; the data follows it.
 */
final class TensorDataset extends AbstractWritableNode implements WritableDataset {
    /** Largest slice handed to one channel write; ByteBuffers hold at most 2 GB. */
    private static final long WRITE_SLICE = 1L << 30;

    private final Tensor tensor;
    private final DataType dataType;
    private final DataSpace dataSpace;

    TensorDataset(Group parent, String name, Tensor tensor) {
        super(parent, name);
        this.tensor = tensor;
        this.dataType = Hdf5Types.forDType(tensor.dtype());
        this.dataSpace = dataSpace(tensor.shape());
    }

    /** jhdf builds data spaces only from Java arrays: one of the right rank, resized. */
    private static DataSpace dataSpace(long[] shape) {
        if (shape.length == 0) {
            return DataSpace.fromObject((byte) 0);
        }
        int[] ones = new int[shape.length];
        Arrays.fill(ones, 1);
        return DataSpace.modifyDimensions(DataSpace.fromObject(Array.newInstance(byte.class, ones)), shape);
    }

    @Override
    public long write(HdfFileChannel channel, long position) {
        long bytes = getSizeInBytes();
        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(dataType));
        messages.add(DataSpaceMessage.create(dataSpace));
        messages.add(FillValueMessage.NO_FILL);
        int layoutIndex = messages.size();
        // A placeholder of the final size: the data's address depends on the header's length.
        messages.add(ContiguousDataLayoutMessage.create(-1L, bytes));
        if (!getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            for (Map.Entry<String, Attribute> a : getAttributes().entrySet()) {
                messages.add(AttributeMessage.create(a.getKey(), a.getValue()));
            }
        }
        long dataAddress = position + new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
        // An empty dataset has no storage; HDF5 marks that with the undefined address.
        messages.set(layoutIndex, ContiguousDataLayoutMessage.create(bytes == 0 ? -1L : dataAddress, bytes));
        writeFully(channel, new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
        MemorySegment data = littleEndianBytes(tensor);
        for (long done = 0; done < bytes; done += WRITE_SLICE) {
            writeFully(channel, data.asSlice(done, Math.min(WRITE_SLICE, bytes - done)).asByteBuffer(),
                    dataAddress + done);
        }
        return dataAddress + bytes;
    }

    /** The tensor's elements in row-major order, little-endian, as HDF5 datatypes here declare them. */
    private static MemorySegment littleEndianBytes(Tensor tensor) {
        Tensor t = tensor.detach().cpu().contiguous();
        int size = t.dtype().byteSize();
        MemorySegment data = ((CpuStorage) t.storage()).segment().asSlice(t.offset() * size, t.numel() * size);
        if (ByteSwap.needed(ByteOrder.LITTLE_ENDIAN)) {
            data = Arena.ofAuto().allocate(data.byteSize()).copyFrom(data);
            ByteSwap.inPlace(data, size);
        }
        return data;
    }

    private static void writeFully(HdfFileChannel channel, ByteBuffer buffer, long position) {
        while (buffer.hasRemaining()) {
            int n = channel.write(buffer, position);
            if (n <= 0) {
                throw new HdfWritingException("no progress writing at " + position);
            }
            position += n;
        }
    }

    @Override
    public long getSize() {
        return tensor.numel();
    }

    @Override
    public long getSizeInBytes() {
        return tensor.numel() * tensor.dtype().byteSize();
    }

    @Override
    public long getStorageInBytes() {
        return getSizeInBytes();
    }

    @Override
    public int[] getDimensions() {
        return dataSpace.getDimensions();
    }

    @Override
    public long[] getDimensionsAsLong() {
        return tensor.shape();
    }

    @Override
    public boolean isScalar() {
        return tensor.dim() == 0;
    }

    @Override
    public boolean isEmpty() {
        return tensor.numel() == 0;
    }

    @Override
    public boolean isCompound() {
        return false;
    }

    @Override
    public boolean isVariableLength() {
        return false;
    }

    @Override
    public long[] getMaxSize() {
        return tensor.shape();
    }

    @Override
    public DataLayout getDataLayout() {
        return DataLayout.CONTIGUOUS;
    }

    @Override
    public Object getData() {
        throw new HdfWritingException("a tensor dataset is written, not read");
    }

    @Override
    public Object getDataFlat() {
        return getData();
    }

    @Override
    public Object getData(long[] sliceOffset, int[] sliceDimensions) {
        return getData();
    }

    @Override
    public Class<?> getJavaType() {
        return dataType.getJavaType();
    }

    @Override
    public DataType getDataType() {
        return dataType;
    }

    @Override
    public Object getFillValue() {
        return null;
    }

    @Override
    public List<PipelineFilterWithData> getFilters() {
        return List.of();
    }

    @Override
    public NodeType getType() {
        return NodeType.DATASET;
    }

    @Override
    public boolean isGroup() {
        return false;
    }

    @Override
    public long getAddress() {
        throw new HdfWritingException("address not known until written");
    }

    @Override
    public boolean isLink() {
        return false;
    }

    @Override
    public boolean isAttributeCreationOrderTracked() {
        return false;
    }
}
