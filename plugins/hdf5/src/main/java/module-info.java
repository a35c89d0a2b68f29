/**
 * Arbor's HDF5 plugin: state dicts to and from HDF5 files, read and written with jhdf. See the
 * package documentation of {@code dev.arbor.hdf5} and {@code docs/HDF5-LAYOUT.md}.
 */
@SuppressWarnings("module") // "hdf5" ends in digits; the name is the format's own.
module dev.arbor.hdf5 {
    requires dev.arbor.engine;
    requires io.jhdf;

    exports dev.arbor.hdf5;

    provides dev.arbor.io.StateDictFormat with dev.arbor.hdf5.Hdf5StateDictFormat;
}
