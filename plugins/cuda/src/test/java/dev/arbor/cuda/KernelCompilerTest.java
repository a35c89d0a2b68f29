package dev.arbor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Architecture choice and the disk cache's key. */
class KernelCompilerTest {
    @Test
    void compilesForTheDeviceOrTheNewestArchitectureNvrtcKnowsBelowIt() {
        int[] cuda12 = {50, 52, 53, 60, 61, 62, 70, 72, 75, 80, 86, 87, 89, 90};
        assertEquals(90, KernelCompiler.architecture(90, cuda12));
        assertEquals(86, KernelCompiler.architecture(86, cuda12));
        assertEquals(90, KernelCompiler.architecture(120, cuda12), "a newer GPU JIT-compiles compute_90 PTX");
        assertEquals(75, KernelCompiler.architecture(75, new int[0]), "an NVRTC that cannot list them");
        assertThrows(IllegalStateException.class, () -> KernelCompiler.architecture(60, new int[] {75, 80}));
    }

    @Test
    void optionsNameTheVirtualArchitecture() {
        assertEquals(List.of("--gpu-architecture=compute_90", "--std=c++17"), KernelCompiler.options(90));
    }

    @Test
    void theCacheKeyChangesWithSourceOptionsAndCompiler() {
        String k = KernelCompiler.cacheKey("src", List.of("a"), 12080);
        assertEquals(64, k.length());
        assertEquals(k, KernelCompiler.cacheKey("src", List.of("a"), 12080));
        assertNotEquals(k, KernelCompiler.cacheKey("src2", List.of("a"), 12080));
        assertNotEquals(k, KernelCompiler.cacheKey("src", List.of("b"), 12080));
        assertNotEquals(k, KernelCompiler.cacheKey("src", List.of("a"), 12090));
    }
}
