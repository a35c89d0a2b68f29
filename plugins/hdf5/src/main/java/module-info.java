/**
 * Arbor's HDF5 plugin: planned, nothing is implemented yet. The package documentation of
 * {@code dev.arbor.hdf5} says what this module will hold.
 */
@SuppressWarnings("module") // "hdf5" ends in digits; the name is the format's own.
module dev.arbor.hdf5 {
    requires dev.arbor.engine;
}
