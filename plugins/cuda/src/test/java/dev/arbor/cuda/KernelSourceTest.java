package dev.arbor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.ReduceOp;
import dev.arbor.backend.ScatterMode;
import dev.arbor.backend.UnaryOp;
import dev.arbor.tensor.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated entry points and translation units. */
class KernelSourceTest {
    @Test
    void aUnaryKernelInstantiatesTheTemplateWithTheFunctorAndTypes() {
        KernelSource.Spec s = KernelSource.unary(UnaryOp.GELU_TANH, DType.BFLOAT16, DType.BFLOAT16, KernelSource.Index.I32);
        assertEquals("unary_gelu_tanh_bfloat16_bfloat16_i32", s.name());
        assertEquals("extern \"C\" __global__ void __launch_bounds__(256) unary_gelu_tanh_bfloat16_bfloat16_i32("
                + "bf16* dst, const bf16* src, const Layout L) {\n    unary_kernel<bf16, bf16, op_gelu_tanh, i32>(dst, src, L);\n}",
                s.entry());
    }

    @Test
    void comparisonsWriteBool() {
        KernelSource.Spec s = KernelSource.binary(BinaryOp.LE, DType.UINT64, DType.BOOL, KernelSource.Index.I64);
        assertTrue(s.entry().contains("bool* dst, const u64* a, const u64* b, const Layout L"), s.entry());
        assertTrue(s.entry().contains("binary_kernel<u64, bool, op_le, i64>"), s.entry());
    }

    @Test
    void reductionsNameTheirReducerAndItsAccumulatorForPartials() {
        KernelSource.Spec s = KernelSource.reduce(ReduceOp.SUM, DType.FLOAT16, DType.FLOAT16, KernelSource.Index.I32);
        assertTrue(s.entry().contains("reduce_kernel<f16, f16, SumReducer<float>, i32>(dst, src, (SumReducer<float>::Acc*) partial, L)"),
                s.entry());
        assertEquals(DType.FLOAT32, KernelSource.partialDType(ReduceOp.SUM, DType.FLOAT16));
        assertEquals(DType.INT64, KernelSource.partialDType(ReduceOp.SUM, DType.UINT8));
        assertEquals(DType.UINT64, KernelSource.partialDType(ReduceOp.MAX, DType.UINT64));
        assertEquals(DType.INT64, KernelSource.partialDType(ReduceOp.ANY, DType.FLOAT64));
        KernelSource.Spec arg = KernelSource.argReduce(false, DType.INT32, KernelSource.Index.I64);
        assertTrue(arg.entry().contains("reduce_kernel<i32, i64, ArgReducer<i64, false>, i64>"), arg.entry());
    }

    @Test
    void scansAccumulateInTheDestinationsComputeType() {
        KernelSource.Spec s = KernelSource.scan(true, true, DType.INT32, DType.FLOAT64, KernelSource.Index.I32);
        assertEquals("cumprod_block_int32_float64_i32", s.name());
        assertTrue(s.entry().contains("scan_block_kernel<i32, double, double, true, i32>(dst, src, L)"), s.entry());
    }

    @Test
    void dataMovementIsByElementWidth() {
        assertEquals("copy_u16_i32", KernelSource.copy(2, KernelSource.Index.I32).name());
        assertEquals("where_u64_i64", KernelSource.where(8, KernelSource.Index.I64).name());
        assertThrows(IllegalArgumentException.class, () -> KernelSource.widthType(3));
        assertThrows(IllegalArgumentException.class, () -> KernelSource.scatterReduce(ScatterMode.REPLACE, DType.FLOAT32,
                KernelSource.Index.I32));
    }

    @Test
    void typesAndComputeTypes() {
        assertEquals("f16", KernelSource.cType(DType.FLOAT16));
        assertEquals("bool", KernelSource.cType(DType.BOOL));
        assertEquals("float", KernelSource.computeType(DType.BFLOAT16));
        assertEquals("i64", KernelSource.computeType(DType.UINT32));
        assertEquals("u64", KernelSource.computeType(DType.UINT64));
        assertEquals("double", KernelSource.computeType(DType.FLOAT64));
    }

    @Test
    void aTranslationUnitIsTheCommonHeaderTheFamilyFilesAndTheEntry() {
        KernelSource.Spec s = KernelSource.scatterReduce(ScatterMode.ADD, DType.FLOAT32, KernelSource.Index.I32);
        String src = s.source();
        int common = src.indexOf("struct Layout {");
        int functors = src.indexOf("struct op_add");
        int indexing = src.indexOf("scatter_reduce_kernel(");
        int entry = src.indexOf("extern \"C\"");
        assertTrue(common >= 0 && common < functors && functors < indexing && indexing < entry, "order of parts");
        assertTrue(src.endsWith(s.entry() + "\n"));
        assertTrue(KernelSource.window(KernelSource.WindowKernel.MAX_POOL, DType.FLOAT64).entry()
                .contains("double* values, i64* indices, const double* input, const WindowLayout W"));
    }

    @Test
    void kernelNamesTellEveryInstantiationApart() {
        // coveringKernels refuses two different entries under one name
        int n = 0;
        for (List<KernelSource.Spec> specs : KernelCompileTest.coveringKernels().values()) {
            for (KernelSource.Spec s : specs) {
                assertTrue(s.entry().contains(" " + s.name() + "("), s.entry());
                n++;
            }
        }
        assertTrue(n > 100, "covering set of " + n);
    }

    @Test
    void theCatalogHoldsEveryKernelOnceAndTheTestedOnesAmongThem() {
        List<KernelSource.Spec> all = KernelCatalog.all();
        java.util.Map<String, String> byName = new java.util.HashMap<>();
        for (KernelSource.Spec s : all) {
            assertEquals(null, byName.put(s.name(), s.entry()), "listed twice: " + s.name());
        }
        assertTrue(all.size() > 2000, "catalog of " + all.size());
        for (List<KernelSource.Spec> specs : KernelCompileTest.coveringKernels().values()) {
            for (KernelSource.Spec s : specs) {
                assertEquals(s.entry(), byName.get(s.name()), "the nvcc test compiles a kernel the backend never launches");
            }
        }
    }
}
