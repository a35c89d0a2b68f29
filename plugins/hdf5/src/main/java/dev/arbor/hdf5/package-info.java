/**
 * Arbor's HDF5 plugin. <b>Planned; nothing here works yet.</b>
 *
 * <p>This package will hold a state-dict format plugin for HDF5 files, written in pure Java (no
 * native HDF5 library): it will recognise HDF5 files from their signature, read their datasets into
 * an ordered map of name to Tensor and write one back atomically, and import Keras models saved as
 * HDF5, with nested containers becoming nested modules. Data types that plain HDF5 readers do not
 * know (float16, bfloat16) and tensors too large for one dataset will be stored in a documented way.
 */
package dev.arbor.hdf5;
