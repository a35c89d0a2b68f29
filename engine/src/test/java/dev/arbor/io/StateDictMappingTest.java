package dev.arbor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;

class StateDictMappingTest {
    private static SequencedMap<String, Tensor> dataParallelCheckpoint() {
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("module.backbone.conv.weight", Tensor.of(new double[] {0.1, 0.2}, DType.FLOAT16, 2));
        sd.put("module.backbone.bn.num_batches_tracked", Tensor.scalar(5, DType.INT64));
        sd.put("module.head.gamma", Tensor.of(new float[] {1.5f}, 1));
        return sd;
    }

    @Test
    void rulesApplyInOrderAndKeepTheKeyOrder() {
        StateDictMapping mapping = StateDictMapping.builder()
                .stripPrefix("module.")
                .rename("^backbone\\.", "features.")
                .rename("\\.gamma$", ".weight")
                .addPrefix("net.")
                .build();
        SequencedMap<String, Tensor> in = dataParallelCheckpoint();
        SequencedMap<String, Tensor> out = mapping.apply(in);
        assertEquals(List.of("net.features.conv.weight", "net.features.bn.num_batches_tracked", "net.head.weight"),
                List.copyOf(out.keySet()));
        assertSame(in.get("module.head.gamma"), out.get("net.head.weight"), "without a dtype, tensors are not copied");
        assertEquals("net.head.weight", mapping.mapKey("module.head.gamma"));
    }

    @Test
    void stripPrefixKeepsKeysWithoutIt() {
        Map<String, Tensor> sd = Map.of("fc.weight", Tensor.zeros(1));
        assertEquals(List.of("fc.weight"),
                List.copyOf(StateDictMapping.builder().stripPrefix("module.").build().apply(sd).keySet()));
    }

    @Test
    void renameUsesGroups() {
        Map<String, Tensor> sd = Map.of("layers.3.w", Tensor.zeros(1));
        StateDictMapping m = StateDictMapping.builder().rename("^layers\\.(\\d+)\\.w$", "blocks.$1.weight").build();
        assertEquals(List.of("blocks.3.weight"), List.copyOf(m.apply(sd).keySet()));
    }

    @Test
    void dtypeConversionTouchesFloatingTensorsOnly() {
        SequencedMap<String, Tensor> out = StateDictMapping.builder().floatingDType(DType.FLOAT32).build()
                .apply(dataParallelCheckpoint());
        Tensor conv = out.get("module.backbone.conv.weight");
        assertEquals(DType.FLOAT32, conv.dtype());
        // float16 rounds 0.1 and 0.2; the float32 values are exactly the float16 ones.
        assertArrayEquals(new float[] {0.0999755859375f, 0.199951171875f}, conv.toFloatArray());
        assertEquals(DType.INT64, out.get("module.backbone.bn.num_batches_tracked").dtype());
        assertSame(dataParallelCheckpoint().get("module.head.gamma").dtype(), out.get("module.head.gamma").dtype());
        assertThrows(IllegalArgumentException.class, () -> StateDictMapping.builder().floatingDType(DType.INT32));
    }

    @Test
    void collisionsAndEmptyKeysNameTheKeysAndRules() {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("module.fc.weight", Tensor.zeros(1));
        sd.put("fc.weight", Tensor.zeros(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateDictMapping.builder().stripPrefix("module.").build().apply(sd));
        assertTrue(e.getMessage().contains("'module.fc.weight' and 'fc.weight' both map to 'fc.weight'")
                && e.getMessage().contains("strip prefix 'module.'"), e.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> StateDictMapping.builder().rename(".*", "").build().apply(Map.of("a", Tensor.zeros(1))));
        assertTrue(empty.getMessage().contains("'a' maps to an empty key"), empty.getMessage());
    }
}
