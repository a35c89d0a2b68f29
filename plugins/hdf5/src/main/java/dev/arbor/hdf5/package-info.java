/**
 * Arbor's HDF5 plugin: state dicts to and from HDF5 files with jhdf (pure Java, no native HDF5).
 *
 * <p>{@link dev.arbor.hdf5.Hdf5StateDictFormat} is the {@link dev.arbor.io.StateDictFormat} that
 * {@link dev.arbor.io.StateDicts} finds for {@code .h5} and {@code .hdf5} files and for any file that
 * starts with HDF5's signature. It writes one dataset per key at the path the dotted key names, with
 * native HDF5 types that h5py reads as NumPy arrays, and reads files Arbor, h5py and Keras wrote
 * ({@link dev.arbor.hdf5.Hdf5Layout}, {@link dev.arbor.hdf5.KerasWeights}). The file layout is
 * specified in {@code docs/HDF5-LAYOUT.md}.
 */
package dev.arbor.hdf5;
