package dev.arbor.hdf5;

import io.jhdf.exceptions.UnsupportedHdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.storage.HdfBackingStorage;
import java.nio.ByteBuffer;

/**
 * An HDF5 datatype that Arbor encodes itself (a datatype message body, spec section IV.A.2.d), for
 * the types jhdf cannot write: IEEE half, bfloat16 and h5py's boolean enum. Only ever written.
 */
final class EncodedDataType extends DataType {
    private final byte[] encoded;

    EncodedDataType(int dataClass, int size, byte[] encoded) {
        super(dataClass, size);
        this.encoded = encoded.clone();
    }

    @Override
    public ByteBuffer toBuffer() {
        return ByteBuffer.wrap(encoded.clone());
    }

    @Override
    public Class<?> getJavaType() {
        return byte.class;
    }

    @Override
    public Object fillData(ByteBuffer buffer, int[] dimensions, HdfBackingStorage hdfBackingStorage) {
        throw new UnsupportedHdfException("Arbor's tensor datatypes are written, never read through jhdf");
    }
}
