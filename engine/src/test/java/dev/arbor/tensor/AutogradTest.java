package dev.arbor.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Autograd's behaviour against PyTorch's semantics: the expected values are what the same lines give
 * in PyTorch 1.13 (each test says the PyTorch code it mirrors), and errors carry PyTorch's messages.
 */
class AutogradTest {
    private static Tensor leaf(double... v) {
        return Tensor.of(v).requiresGrad_(true);
    }

    private static void assertValues(double[] expected, Tensor t) {
        assertArrayEquals(expected, t.toDoubleArray(), 1e-12, () -> "got " + t);
    }

    private static void assertMessage(Throwable e, String part) {
        assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }

    /** {@code y = x * 2; y.backward(v)} gives {@code x.grad == 2 * v}. */
    @Test
    void backwardOfNonScalarTakesTheGradient() {
        Tensor x = leaf(1, 2, 3);
        x.mul(2.0).backward(Tensor.of(new double[] {1, 0.5, -1}));
        assertValues(new double[] {2, 1, -2}, x.grad());
    }

    @Test
    void implicitGradientOnlyForScalars() {
        Tensor x = leaf(1, 2, 3);
        assertMessage(assertThrows(IllegalStateException.class, () -> x.mul(2.0).backward()),
                "grad can be implicitly created only for scalar outputs");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> x.mul(2.0).backward(Tensor.ones(DType.FLOAT64, 2))), "Mismatch in shape");
        assertMessage(assertThrows(IllegalStateException.class, () -> Tensor.ones(3).sum().backward()),
                "does not require grad and does not have a grad_fn");
    }

    /** Two backwards through two graphs add up in {@code .grad}. */
    @Test
    void gradientsAccumulate() {
        Tensor x = leaf(1, 2);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertValues(new double[] {4, 8}, x.grad());
        x.setGrad(null);
        x.mul(3.0).sum().backward();
        assertValues(new double[] {3, 3}, x.grad());
    }

    @Test
    void retainGraphAllowsASecondBackwardAndOnlyThen() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x).sum();
        y.backward(null, true, false);
        y.backward();
        assertValues(new double[] {4, 8}, x.grad());
        assertMessage(assertThrows(IllegalStateException.class, y::backward),
                "Trying to backward through the graph a second time");
    }

    /** {@code a = x * 2; b = a.sin(); a.add_(1); b.sum().backward()} fails: sin saved a. */
    @Test
    void changingASavedTensorInPlaceFailsTheBackward() {
        Tensor x = leaf(1, 2);
        Tensor a = x.mul(2.0);
        Tensor b = a.sin();
        a.add_(1.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.sum().backward());
        assertMessage(e, "one of the variables needed for gradient computation has been modified by an inplace operation");
        assertMessage(e, "[torch.DoubleTensor [2]], which is saved by SinBackward0, is at version 1; expected version 0");
    }

    /** {@code a = x * 2; b = a + 1; a.mul_(3)}: add saved nothing, so the backward works and gives 2. */
    @Test
    void changingAnUnsavedTensorInPlaceIsFine() {
        Tensor x = leaf(1, 2);
        Tensor a = x.mul(2.0);
        Tensor b = a.add(1.0);
        a.mul_(3.0);
        b.sum().backward();
        assertValues(new double[] {2, 2}, x.grad());
        assertValues(new double[] {6, 12}, a);
    }

    @Test
    void inPlaceOnALeafThatRequiresGradIsRefused() {
        Tensor x = leaf(1, 2);
        assertMessage(assertThrows(IllegalStateException.class, () -> x.add_(1.0)),
                "a leaf Variable that requires grad is being used in an in-place operation.");
        assertMessage(assertThrows(IllegalStateException.class, () -> x.narrow(0, 0, 1).mul_(2.0)),
                "a view of a leaf Variable that requires grad is being used in an in-place operation.");
        assertValues(new double[] {1, 2}, x);
        try (var scope = GradMode.noGrad()) {
            x.add_(1.0);
        }
        assertValues(new double[] {2, 3}, x);
        assertTrue(x.isLeaf() && x.requiresGrad());
    }

    /**
     * {@code y = x * 1; old = y[1:3]; y[0:1].mul_(5); y.sum().backward()} gives {@code [5, 1, 1]},
     * and the older view {@code old} then gives {@code [0, 1, 1]} (PyTorch's CopySlices).
     */
    @Test
    void inPlaceChangesToViewsReachTheBaseHistory() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(1.0);
        Tensor old = y.narrow(0, 1, 2);
        Tensor v = y.narrow(0, 0, 1);
        v.mul_(5.0);
        assertEquals("CopySlices", y.gradFn().name());
        assertEquals("AsStridedBackward0", v.gradFn().name());
        y.sum().backward(null, true, false);
        assertValues(new double[] {5, 1, 1}, x.grad());
        x.setGrad(null);
        old.sum().backward();
        assertValues(new double[] {0, 1, 1}, x.grad());

        // z = zeros(3); z[1:3].copy_(w[0:2] * 3); z.sum().backward() gives w.grad == [3, 3, 0]
        Tensor w = leaf(1, 2, 3);
        Tensor z = Tensor.zeros(DType.FLOAT64, 3);
        z.narrow(0, 1, 2).copy_(w.narrow(0, 0, 2).mul(3.0));
        assertTrue(z.requiresGrad());
        z.sum().backward();
        assertValues(new double[] {3, 3, 0}, w.grad());

        // overwriting part of a tensor with a constant stops the gradient there
        Tensor u = leaf(1, 2, 3);
        Tensor c = u.mul(2.0);
        c.narrow(0, 2, 1).fill_(0);
        c.sum().backward();
        assertValues(new double[] {2, 2, 0}, u.grad());
    }

    @Test
    void detachSharesDataButNotHistory() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        Tensor d = y.detach();
        assertFalse(d.requiresGrad());
        assertSame(y.storage(), d.storage());
        assertTrue(d.mul(x).requiresGrad());
        d.mul(x).sum().backward();
        assertValues(new double[] {2, 4}, x.grad());
        Tensor z = x.mul(3.0);
        z.detach_();
        assertTrue(z.isLeaf());
        assertFalse(z.requiresGrad());
    }

    @Test
    void noGradScopesNest() {
        Tensor x = leaf(1);
        try (var outer = GradMode.noGrad()) {
            assertFalse(x.mul(2.0).requiresGrad());
            try (var inner = GradMode.enableGrad()) {
                assertTrue(x.mul(2.0).requiresGrad());
                try (var innermost = GradMode.noGrad()) {
                    assertFalse(GradMode.isEnabled());
                }
                assertTrue(GradMode.isEnabled());
            }
            assertFalse(x.mul(2.0).requiresGrad());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(2.0).requiresGrad());
    }

    @Test
    void tensorHooksSeeReplaceAndCanBeRemoved() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3.0);
        double[][] seen = new double[1][];
        RemovableHandle onY = y.registerHook(g -> {
            seen[0] = g.toDoubleArray();
            return null;
        });
        RemovableHandle onX = x.registerHook(g -> g.mul(10.0));
        y.sum().backward(null, true, false);
        assertArrayEquals(new double[] {1, 1}, seen[0]);
        assertValues(new double[] {30, 30}, x.grad());
        onX.remove();
        onY.remove();
        seen[0] = null;
        x.setGrad(null);
        y.sum().backward();
        assertNull(seen[0]);
        assertValues(new double[] {3, 3}, x.grad());
        assertMessage(assertThrows(IllegalStateException.class, () -> Tensor.ones(2).registerHook(g -> g)),
                "cannot register a hook on a tensor that doesn't require gradient");
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        Tensor kept = x.mul(4.0);
        kept.retainGrad();
        y.add(kept).sum().backward();
        assertNull(y.grad());
        assertValues(new double[] {1, 1}, kept.grad());
        assertValues(new double[] {6, 6}, x.grad());
    }

    @Test
    void autogradGradLeavesDotGradAloneAndReportsUnusedInputs() {
        Tensor x = leaf(1, 2);
        Tensor unused = leaf(5);
        Tensor y = x.mul(x).sum();
        List<Tensor> g = Autograd.grad(List.of(y), List.of(x, unused), null, true, false, true);
        assertValues(new double[] {2, 4}, g.get(0));
        assertNull(g.get(1));
        assertNull(x.grad());
        assertMessage(assertThrows(IllegalStateException.class,
                () -> Autograd.grad(List.of(y), List.of(x, unused), null, true, false, false)),
                "One of the differentiated Tensors appears to not have been used in the graph");
    }

    /** {@code d/dx x^3 = 3x^2}, and its derivative through {@code createGraph}, {@code 6x}. */
    @Test
    void createGraphGivesHigherDerivatives() {
        Tensor x = leaf(1, 2, -3);
        Tensor y = x.pow(3.0).sum();
        Tensor dx = Autograd.grad(List.of(y), List.of(x), null, true, true, false).getFirst();
        assertValues(new double[] {3, 12, 27}, dx);
        assertTrue(dx.requiresGrad());
        Tensor dxx = Autograd.grad(List.of(dx.sum()), List.of(x), null, false, false, false).getFirst();
        assertValues(new double[] {6, 12, -18}, dxx);
        // the same through backward with createGraph
        Tensor z = leaf(2);
        z.mul(z).mul(z).backward(null, false, true);
        Tensor first = z.grad();
        assertValues(new double[] {12}, first);
        z.setGrad(null);
        first.backward();
        assertValues(new double[] {12}, z.grad());
    }

    @Test
    void onlyFloatingTensorsRequireGrad() {
        assertMessage(assertThrows(IllegalStateException.class, () -> Tensor.arange(3).requiresGrad_(true)),
                "only Tensors of floating point dtype can require gradients");
        Tensor x = leaf(1);
        Tensor y = x.mul(2.0);
        assertMessage(assertThrows(IllegalStateException.class, () -> y.requiresGrad_(false)),
                "you can only change requires_grad flags of leaf variables");
        assertFalse(x.mul(2.0).argmax().requiresGrad());
        assertFalse(x.gt(0.0).requiresGrad());
    }

    @Test
    void gradientsKeepTheInputsDtypeAndShape() {
        Tensor x = Tensor.ones(DType.FLOAT32, 2, 1).requiresGrad_(true);
        Tensor y = x.to(DType.FLOAT64).mul(Tensor.ones(DType.FLOAT64, 3)).sum();
        y.backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new long[] {2, 1}, x.grad().shape());
        assertArrayEquals(new float[] {3, 3}, x.grad().toFloatArray());
        Node mul = y.gradFn().nextFunctions().getFirst();
        assertEquals("MulBackward0", mul.name());
        assertEquals("ToCopyBackward0", mul.nextFunctions().getFirst().name());
    }

    /**
     * A leaf keeps a fresh gradient without a copy, but never memory that something else holds: one
     * gradient passed to two leaves, the caller's own gradient passed through a view, one a hook kept.
     */
    @Test
    void leafGradientsNeverShareMemoryWithOtherTensors() {
        Tensor a = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        Tensor b = Tensor.of(new double[] {3, 4}).requiresGrad_(true);
        a.add(b).sum().backward();
        a.grad().add_(10.0);
        assertArrayEquals(new double[] {1, 1}, b.grad().toDoubleArray());

        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}).requiresGrad_(true);
        Tensor g = Tensor.of(new double[] {5, 6, 7, 8}, 2, 2);
        x.view(2, 2).backward(g);
        g.add_(100.0);
        assertArrayEquals(new double[] {5, 6, 7, 8}, x.grad().toDoubleArray());

        Tensor y = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        Tensor[] kept = new Tensor[1];
        y.registerHook(grad -> {
            kept[0] = grad;
            return null;
        });
        y.mul(3.0).sum().backward();
        y.grad().add_(1.0);
        assertArrayEquals(new double[] {3, 3}, kept[0].toDoubleArray());
        assertArrayEquals(new double[] {4, 4}, y.grad().toDoubleArray());

        Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        Tensor h = w.mul(2.0);
        h.retainGrad();
        h.view(2).sum().backward();
        w.grad().add_(1.0);
        assertArrayEquals(new double[] {1, 1}, h.grad().toDoubleArray());
        assertArrayEquals(new double[] {3, 3}, w.grad().toDoubleArray());
    }
}
