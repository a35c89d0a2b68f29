package dev.arbor.hdf5;

/**
 * How {@link Hdf5StateDictFormat#read(java.nio.file.Path, Hdf5Layout)} turns a file's datasets into
 * state-dict keys. {@code docs/HDF5-LAYOUT.md} describes each.
 */
public enum Hdf5Layout {
    /** {@link #ARBOR} for files Arbor wrote, {@link #KERAS} for Keras weight files, else {@link #PLAIN}. */
    AUTO,
    /**
     * Arbor's own layout: keys from each dataset's {@code key} attribute, in the order its
     * {@code index} attribute gives; fails on a file without Arbor's root {@code format} attribute.
     */
    ARBOR,
    /**
     * Every dataset of any HDF5 file, its key the names on its path joined with dots
     * ({@code /layer1/0/conv1/weight} is {@code layer1.0.conv1.weight}), in name order, depth first.
     */
    PLAIN,
    /**
     * A Keras 2 HDF5 weight file ({@code model.save("m.h5")} or {@code save_weights}): the layers
     * and weights its {@code layer_names} and {@code weight_names} attributes list, in that order,
     * mapped to PyTorch's names and layouts by {@link KerasWeights#layerToPyTorch}.
     */
    KERAS
}
