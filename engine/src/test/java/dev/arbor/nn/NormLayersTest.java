package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch, instance, layer, group and local response normalization layers against PyTorch (layers/*.npz). */
class NormLayersTest {
    /** Loads the case, sets the mode, runs the layer on {@code x} (twice for the two-step cases), verifies. */
    private static void check(String fixture, Module module, boolean training, boolean twice) {
        LayerFixture f = LayerFixture.of(fixture);
        f.load(module).train(training);
        Tensor x = f.leaf("x");
        if (twice) {
            module.call(f.input("x").mul(2).add(1));
        }
        f.verify(module, module.call(x));
    }

    private static void check(String fixture, Module module) {
        check(fixture, module, true, false);
    }

    @Test
    void batchNormTrainingUpdatesRunningStatistics() {
        check("batch_norm1d", new BatchNorm1d(3));
        check("batch_norm1d_3d", new BatchNorm1d(3));
        check("batch_norm2d", new BatchNorm2d(3), true, true);
        check("batch_norm3d", BatchNorm3d.options(2).affine(false).momentum(0.3).build());
    }

    @Test
    void batchNormMomentumNoneIsTheCumulativeAverage() {
        check("batch_norm2d_cumulative", BatchNorm2d.options(3).momentum(null).build(), true, true);
    }

    @Test
    void batchNormEvaluationUsesRunningStatistics() {
        check("batch_norm2d_eval", new BatchNorm2d(3), false, false);
        BatchNorm2d untracked = BatchNorm2d.options(3).trackRunningStats(false).build();
        check("batch_norm2d_untracked_eval", untracked, false, false);
        assertNull(untracked.runningMean());
        assertEquals(List.of("weight", "bias"), List.copyOf(untracked.stateDict().keySet()));
    }

    @Test
    void batchNormCountsBatchesAsInt64AndResets() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor x = Tensor.randn(new Generator(1), 4, 2);
        bn.call(x);
        bn.call(x);
        assertEquals(DType.INT64, bn.numBatchesTracked().dtype());
        assertEquals(2, bn.numBatchesTracked().itemLong());
        bn.eval();
        bn.call(x);
        assertEquals(2, bn.numBatchesTracked().itemLong());
        bn.floatType().doubleType();
        assertEquals(DType.INT64, bn.numBatchesTracked().dtype());
        assertEquals(DType.FLOAT64, bn.runningMean().dtype());
        bn.resetParameters();
        assertEquals(0, bn.numBatchesTracked().itemLong());
        assertEquals(1.0, bn.runningVar().min().item());
        assertEquals("expected 4D input (got 3D input)", assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm2d(3).call(Tensor.zeros(2, 3, 4))).getMessage());
        assertEquals("expected 2D or 3D input (got 4D input)", assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm1d(3).call(Tensor.zeros(2, 3, 4, 4))).getMessage());
        assertEquals("expected 5D input (got 4D input)", assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm3d(3).call(Tensor.zeros(2, 3, 4, 4))).getMessage());
    }

    @Test
    void instanceNorm() {
        check("instance_norm2d", new InstanceNorm2d(3));
        check("instance_norm2d_tracked", InstanceNorm2d.options(3).affine(true).trackRunningStats(true).build());
        check("instance_norm2d_tracked_eval", InstanceNorm2d.options(3).affine(true).trackRunningStats(true).build(),
                false, false);
        check("instance_norm2d_unbatched", InstanceNorm2d.options(3).affine(true).build());
        check("instance_norm1d", new InstanceNorm1d(2));
        assertEquals("expected 3D or 4D input (got 2D input)", assertThrows(IllegalArgumentException.class,
                () -> new InstanceNorm2d(3).call(Tensor.zeros(2, 3))).getMessage());
        assertEquals("expected input's size at dim=1 to match num_features (4), but got: 3.",
                assertThrows(IllegalArgumentException.class, () -> InstanceNorm2d.options(4).affine(true).build()
                        .call(Tensor.zeros(2, 3, 2, 2))).getMessage());
    }

    @Test
    void layerGroupAndLocalResponseNorm() {
        check("layer_norm", new LayerNorm(4, 5));
        check("layer_norm_plain", new LayerNorm(new long[] {6}, 1e-3, false));
        check("group_norm", new GroupNorm(2, 4));
        check("local_response_norm", new LocalResponseNorm(3, 1e-2, 0.75, 2.0));
        assertEquals("num_channels must be divisible by num_groups",
                assertThrows(IllegalArgumentException.class, () -> new GroupNorm(4, 6)).getMessage());
    }

    @Test
    void normsGradcheckInFloat64() {
        Generator gen = new Generator(7);
        BatchNorm2d bn = BatchNorm2d.options(2).dtype(DType.FLOAT64).build();
        Init.normal_(bn.weight(), 1, 0.5, gen);
        Init.normal_(bn.bias(), 0, 0.5, gen);
        Tensor x = Tensor.randn(gen, DType.FLOAT64, 3, 2, 2, 2).requiresGrad_(true);
        Gradcheck.check(in -> bn.call(in.getFirst()), x);
        Gradcheck.check(in -> bn.call(x), bn.weight(), bn.bias());
        GroupNorm gn = new GroupNorm(2, 4, 1e-5, true, DType.FLOAT64, dev.arbor.tensor.Device.CPU);
        Tensor y = Tensor.randn(gen, DType.FLOAT64, 2, 4, 3).requiresGrad_(true);
        Gradcheck.check(in -> gn.call(in.getFirst()), y);
        LayerNorm ln = new LayerNorm(new long[] {3}, 1e-5, true, DType.FLOAT64, dev.arbor.tensor.Device.CPU);
        Gradcheck.check(in -> ln.call(y), ln.weight(), ln.bias());
    }
}
