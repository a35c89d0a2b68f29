package dev.arbor.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.arbor.io.StateDicts;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;

/** Files h5py wrote (src/test/python/make_fixtures.py) read as the manifests beside them say. */
class H5pyFilesTest {
    private final Hdf5StateDictFormat format = new Hdf5StateDictFormat();

    @Test
    void compressedChunkedBigEndianCompactAndNestedDatasets() throws IOException {
        SequencedMap<String, Tensor> sd = format.read(Fixtures.path("h5py_plain.h5"));
        Fixtures.assertMatchesManifest("h5py_plain.txt", sd);
        assertSame(sd.get("conv.weight"), sd.get("conv.weight_alias"), "one dataset, two hard links: one tensor");
    }

    @Test
    void newStyleGroupsChunkIndexesAndAUserBlock() throws IOException {
        Fixtures.assertMatchesManifest("h5py_latest.txt", format.read(Fixtures.path("h5py_latest.h5")));
    }

    @Test
    void chunkedDatasetsLargerThanTheReadLimitAreReadInSlabs() throws IOException {
        // 40 bytes: every chunked dataset here is read a whole number of chunk rows at a time
        for (String name : new String[] {"h5py_plain", "h5py_latest"}) {
            Fixtures.assertMatchesManifest(name + ".txt",
                    new Hdf5Reader(Fixtures.path(name + ".h5"), 40).read(Hdf5Layout.PLAIN));
        }
    }

    @Test
    void kerasModelFileMapsToPyTorchKeysAndLayouts() throws IOException {
        Fixtures.assertMatchesManifest("keras_model.txt", format.read(Fixtures.path("keras_model.h5")));
        Fixtures.assertMatchesManifest("keras_model.txt",
                format.read(Fixtures.path("keras_model.h5"), Hdf5Layout.KERAS));
        Fixtures.assertMatchesManifest("keras_model.txt", StateDicts.load(Fixtures.path("keras_model.h5")));
    }

    @Test
    void kerasSaveWeightsFileWithSplitLayerNames() throws IOException {
        Fixtures.assertMatchesManifest("keras_weights.txt", format.read(Fixtures.path("keras_weights.h5")));
    }

    @Test
    void kerasFileReadPlainKeepsKerasNamesAndLayouts() throws IOException {
        SequencedMap<String, Tensor> plain = format.read(Fixtures.path("keras_model.h5"), Hdf5Layout.PLAIN);
        Tensor kernel = plain.get("model_weights.dense.dense.kernel:0");
        assertArrayEquals(new long[] {5, 3}, kernel.shape());
        SequencedMap<String, Tensor> mapped = format.read(Fixtures.path("keras_model.h5"));
        assertArrayEquals(kernel.t().contiguous().toFloatArray(), mapped.get("dense.weight").toFloatArray());
    }

    @Test
    void kerasMappingAsAFunction() {
        SequencedMap<String, Tensor> layer = new java.util.LinkedHashMap<>();
        layer.put("conv/kernel:0", Tensor.arange(24).reshape(1, 2, 3, 4).to(dev.arbor.tensor.DType.FLOAT32));
        layer.put("conv/bias:0", Tensor.zeros(4));
        SequencedMap<String, Tensor> out = KerasWeights.layerToPyTorch("conv", layer);
        assertEquals(java.util.List.of("conv.weight", "conv.bias"), java.util.List.copyOf(out.keySet()));
        Tensor w = out.get("conv.weight");
        assertArrayEquals(new long[] {4, 3, 1, 2}, w.shape());
        // weight[o][i][h][w] = kernel[h][w][i][o] = ((h*2 + w)*3 + i)*4 + o
        assertEquals(((0 * 2 + 1) * 3 + 2) * 4 + 3, w.get(3, 2, 0, 1));
    }
}
