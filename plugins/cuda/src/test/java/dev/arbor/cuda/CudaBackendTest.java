package dev.arbor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.arbor.backend.Backend;
import dev.arbor.backend.Backends;
import dev.arbor.backend.FusedKernels;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every machine can check: the plugin is found, and without a GPU it says why and changes nothing else. */
class CudaBackendTest {
    @Test
    void theEngineFindsThePluginThroughServiceLoader() {
        Backend b = Backends.all().get("cuda");
        assertInstanceOf(CudaBackend.class, b);
        assertEquals("cuda", b.deviceType());
        assertEquals(b.isAvailable(), Cuda.isAvailable());
    }

    @Test
    void withoutAGpuItIsUnavailableWithAReasonAndTensorsSayIt() {
        assumeFalse(Cuda.isAvailable(), "this machine has a usable GPU");
        Backend b = Backends.all().get("cuda");
        assertFalse(b.isAvailable());
        assertEquals(0, b.deviceCount());
        String reason = b.unavailableReason();
        assertFalse(reason.isBlank());
        System.err.println("CUDA unavailable here: " + reason);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tensor.zeros(DType.FLOAT32, Device.cuda(0), 2, 2));
        assertTrue(e.getMessage().contains("cuda:0 is not available") && e.getMessage().contains(reason), e.getMessage());
        Tensor cpu = Tensor.ones(DType.FLOAT32, 3);
        assertThrows(IllegalStateException.class, () -> cpu.to(Device.cuda(0)));
        assertEquals(3.0, cpu.add(cpu).sum().item() / 2, "the CPU engine is untouched");
        assertThrows(IllegalStateException.class, () -> Cuda.memoryAllocated(0));
    }

    @Test
    void everyFusedKernelItClaimsIsImplementedHere() {
        Map<FusedKernels.Kernel, List<String>> methods = Map.ofEntries(
                Map.entry(FusedKernels.Kernel.IM2COL, List.of("im2col")),
                Map.entry(FusedKernels.Kernel.COL2IM, List.of("col2im")),
                Map.entry(FusedKernels.Kernel.POOLING, List.of("maxPool", "avgPool", "avgPoolBackward")),
                Map.entry(FusedKernels.Kernel.THRESHOLD_BACKWARD, List.of("thresholdBackward")),
                Map.entry(FusedKernels.Kernel.SCALED_ADD, List.of("addScaled")),
                Map.entry(FusedKernels.Kernel.DEPTHWISE_CONV, List.of("depthwiseConv")),
                Map.entry(FusedKernels.Kernel.DIRECT_CONV, List.of("directConv")),
                Map.entry(FusedKernels.Kernel.CHANNELS_LAST_CONV, List.of("channelsLastConv")),
                Map.entry(FusedKernels.Kernel.SOFTMAX, List.of("softmax")),
                Map.entry(FusedKernels.Kernel.LAYER_NORM, List.of("layerNorm")),
                Map.entry(FusedKernels.Kernel.LINEAR, List.of("linear")));
        assertEquals(EnumSet.allOf(FusedKernels.Kernel.class), methods.keySet(), "a kernel this test does not know");
        Set<String> declared = new HashSet<>();
        for (Method m : CudaBackend.class.getDeclaredMethods()) {
            declared.add(m.getName());
        }
        FusedKernels claimed = new CudaBackend().kernels();
        for (var e : methods.entrySet()) {
            boolean implemented = declared.containsAll(e.getValue());
            assertEquals(implemented, claimed.has(e.getKey()), e.getKey() + ": claimed " + claimed.has(e.getKey())
                    + ", methods " + e.getValue() + (implemented ? " declared" : " not all declared"));
        }
    }

    @Test
    void fillValuesConvertAsTheCpuBackendConverts() {
        assertEquals(Float.floatToRawIntBits(1.5f), CudaElementwise.elementBits(DType.FLOAT32, 1.5));
        assertEquals(Double.doubleToRawLongBits(-2.25), CudaElementwise.elementBits(DType.FLOAT64, -2.25));
        assertEquals(0x3C00, CudaElementwise.elementBits(DType.FLOAT16, 1.0));
        assertEquals(0x3F80, CudaElementwise.elementBits(DType.BFLOAT16, 1));
        assertEquals(0xFF, CudaElementwise.elementBits(DType.UINT8, 255L));
        assertEquals(0xFF, CudaElementwise.elementBits(DType.INT8, -1));
        assertEquals(1, CudaElementwise.elementBits(DType.BOOL, 0.5));
        assertEquals(-7L, CudaElementwise.elementBits(DType.INT64, -7L));
        assertEquals(3, CudaElementwise.elementBits(DType.INT32, 3.9), "floats truncate toward zero");
    }

    @Test
    void copiesBetweenPartlyOverlappingViewsAreDetected() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 10);
        assertTrue(CudaElementwise.partlyOverlap(x.narrow(0, 0, 6), x.narrow(0, 3, 6)));
        assertFalse(CudaElementwise.partlyOverlap(x.narrow(0, 0, 5), x.narrow(0, 5, 5)), "adjacent, not overlapping");
        assertFalse(CudaElementwise.partlyOverlap(x, x), "the same view is an in-place copy");
        assertFalse(CudaElementwise.partlyOverlap(x, Tensor.zeros(DType.FLOAT32, 10)), "other storage");
        Tensor m = Tensor.zeros(DType.FLOAT32, 4, 4);
        assertTrue(CudaElementwise.partlyOverlap(m, m.transpose(0, 1)));
    }
}
