package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.optim.SGD;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registration with PyTorch's name rules and messages, setAttribute, lookups, modes and conversions. */
class ModuleTest {
    /** A module with a parameter, a float buffer, an integer buffer and a child. */
    static final class Holder extends Module {
        final Parameter w = registerParameter("w", new Parameter(Tensor.ones(2, 2)));
        final Tensor stat = registerBuffer("stat", Tensor.zeros(2));
        final Tensor count = registerBuffer("count", Tensor.zeros(DType.INT64));
        final Linear fc = register("fc", new Linear(2, 2));
    }

    @Test
    void namesAreCheckedWithPyTorchsMessages() {
        Holder m = new Holder();
        Parameter p = new Parameter(Tensor.zeros(1));
        assertEquals("parameter name can't contain \".\"",
                assertThrows(IllegalArgumentException.class, () -> m.registerParameter("a.b", p)).getMessage());
        assertEquals("parameter name can't be empty string \"\"",
                assertThrows(IllegalArgumentException.class, () -> m.registerParameter("", p)).getMessage());
        assertEquals("buffer name can't contain \".\"",
                assertThrows(IllegalArgumentException.class, () -> m.registerBuffer("a.b", Tensor.zeros(1))).getMessage());
        assertEquals("buffer name can't be empty string \"\"",
                assertThrows(IllegalArgumentException.class, () -> m.registerBuffer("", Tensor.zeros(1))).getMessage());
        assertEquals("module name can't contain \".\", got: a.b",
                assertThrows(IllegalArgumentException.class, () -> m.register("a.b", new Identity())).getMessage());
        assertEquals("module name can't be empty string \"\"",
                assertThrows(IllegalArgumentException.class, () -> m.register("", new Identity())).getMessage());
        assertEquals("attribute 'stat' already exists",
                assertThrows(IllegalArgumentException.class, () -> m.registerParameter("stat", p)).getMessage());
        assertEquals("attribute 'w' already exists",
                assertThrows(IllegalArgumentException.class, () -> m.registerBuffer("w", Tensor.zeros(1))).getMessage());
        assertEquals("attribute 'fc' already exists",
                assertThrows(IllegalArgumentException.class, () -> m.registerBuffer("fc", Tensor.zeros(1))).getMessage());
        assertEquals("attribute 'w' already exists",
                assertThrows(IllegalArgumentException.class, () -> m.register("w", new Identity())).getMessage());
    }

    @Test
    void registeringAgainReplacesInPlaceOfTheOldEntry() {
        Holder m = new Holder();
        Parameter p = new Parameter(Tensor.zeros(3));
        assertSame(p, m.registerParameter("w", p));
        assertSame(p, m.getParameter("w"));
        m.registerParameter("w", null);
        assertEquals(List.of("fc.weight", "fc.bias"), new ArrayList<>(m.namedParameters().keySet()));
        assertEquals(List.of("stat", "count", "fc.weight", "fc.bias"), new ArrayList<>(m.stateDict().keySet()));
    }

    @Test
    void nonLeafParametersAreRefused() {
        Holder m = new Holder();
        Parameter p = new Parameter(Tensor.ones(2), false);
        p.mul_(Tensor.ones(2).requiresGrad_(true));
        assertFalse(p.isLeaf());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.registerParameter("q", p)).getMessage()
                .startsWith("Cannot assign non-leaf Tensor to parameter 'q'."));
    }

    @Test
    void setAttributeFollowsPythonAssignment() {
        Holder m = new Holder();
        assertEquals("cannot assign 'Tensor' as parameter 'w' (torch.nn.Parameter or None expected)",
                assertThrows(IllegalArgumentException.class, () -> m.setAttribute("w", Tensor.zeros(2))).getMessage());
        assertEquals("cannot assign 'Tensor' as child module 'fc' (torch.nn.Module or None expected)",
                assertThrows(IllegalArgumentException.class, () -> m.setAttribute("fc", Tensor.zeros(2))).getMessage());
        assertEquals("cannot assign 'String' as buffer 'stat' (torch.Tensor or None expected)",
                assertThrows(IllegalArgumentException.class, () -> m.setAttribute("stat", "x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.setAttribute("fresh", Tensor.zeros(1)));

        // a plain tensor replaces a buffer, keeping its persistence
        Tensor stat = Tensor.ones(2);
        m.setAttribute("stat", stat);
        assertSame(stat, m.getBuffer("stat"));
        // a Parameter replaces a buffer of the same name and becomes a parameter
        Parameter p = new Parameter(Tensor.ones(2));
        m.setAttribute("stat", p);
        assertSame(p, m.getParameter("stat"));
        assertThrows(IllegalArgumentException.class, () -> m.getBuffer("stat"));
        // a module cannot replace a parameter (as in PyTorch), but replaces a buffer
        Identity id = new Identity();
        assertEquals("cannot assign 'Identity' as parameter 'w' (torch.nn.Parameter or None expected)",
                assertThrows(IllegalArgumentException.class, () -> m.setAttribute("w", id)).getMessage());
        m.setAttribute("count", id);
        assertSame(id, m.getSubmodule("count"));
        assertFalse(m.namedBuffers().containsKey("count"));
        // null clears a child but keeps its name
        m.setAttribute("fc", null);
        assertTrue(m.toString().contains("(fc): None"));
        m.deleteAttribute("fc");
        assertFalse(m.toString().contains("(fc)"));
        assertEquals("'Holder' object has no attribute 'fc'",
                assertThrows(IllegalArgumentException.class, () -> m.deleteAttribute("fc")).getMessage());
    }

    @Test
    void tyingAWeightSharesOneParameter() {
        Linear enc = new Linear(3, 3);
        Linear dec = new Linear(3, 3);
        dec.setAttribute("weight", enc.weight());
        assertSame(enc.weight(), dec.weight());
        assertEquals(3, new Sequential(enc, dec).parameters().size());
        Tensor x = Tensor.of(new float[] {1, -2, 0.5f}, 1, 3);
        dec.call(enc.call(x)).sum().backward();

        // the same computation with two independent copies: the tied gradient is their sum
        Linear enc2 = new Linear(3, 3);
        Linear dec2 = new Linear(3, 3);
        enc2.loadStateDict(enc.stateDict());
        dec2.loadStateDict(dec.stateDict());
        dec2.call(enc2.call(x)).sum().backward();
        Fixtures.assertClose(enc2.weight().grad().add(dec2.weight().grad()), enc.weight().grad(), "tied weight grad");
    }

    @Test
    void lookupsByPathGivePyTorchsErrors() {
        Sequential s = new Sequential(new Holder(), new Linear(2, 2));
        assertSame(s.get(0), s.getSubmodule("0"));
        assertSame(s, s.getSubmodule(""));
        assertSame(((Holder) s.get(0)).fc.weight(), s.getParameter("0.fc.weight"));
        assertSame(((Holder) s.get(0)).stat, s.getBuffer("0.stat"));
        assertEquals("Holder has no attribute `x`",
                assertThrows(IllegalArgumentException.class, () -> s.getSubmodule("0.x")).getMessage());
        assertEquals("`w` is not an nn.Module",
                assertThrows(IllegalArgumentException.class, () -> s.getSubmodule("0.w.x")).getMessage());
        assertEquals("Linear has no attribute `nope`",
                assertThrows(IllegalArgumentException.class, () -> s.getParameter("1.nope")).getMessage());
        assertEquals("`stat` is not an nn.Parameter",
                assertThrows(IllegalArgumentException.class, () -> s.getParameter("0.stat")).getMessage());
        assertEquals("`w` is not a buffer",
                assertThrows(IllegalArgumentException.class, () -> s.getBuffer("0.w")).getMessage());
    }

    @Test
    void applyVisitsChildrenFirst() {
        Sequential inner = new Sequential(new Identity());
        Sequential outer = new Sequential(new Linear(1, 1), inner);
        List<String> order = new ArrayList<>();
        outer.apply(m -> order.add(m.typeName()));
        assertEquals(List.of("Linear", "Identity", "Sequential", "Sequential"), order);
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Sequential net = new Sequential(new Holder(), new Sequential(new Linear(1, 1)));
        assertTrue(net.modules().stream().allMatch(Module::isTraining));
        net.eval();
        assertTrue(net.modules().stream().noneMatch(Module::isTraining));
        net.train();
        assertTrue(net.modules().stream().allMatch(Module::isTraining));
    }

    @Test
    void requiresGradAndZeroGrad() {
        Linear fc = new Linear(2, 2);
        fc.call(Tensor.ones(1, 2)).sum().backward();
        assertTrue(fc.weight().grad() != null);
        fc.zeroGrad(false);
        assertEquals(0.0, fc.weight().grad().abs().sum().item());
        fc.zeroGrad();
        assertNull(fc.weight().grad());
        assertNull(fc.bias().grad());
        fc.requiresGrad_(false);
        assertTrue(fc.parameters().stream().noneMatch(Tensor::requiresGrad));
        assertFalse(fc.call(Tensor.ones(1, 2)).requiresGrad());
    }

    @Test
    void dtypeMovesKeepIdentityAndSkipIntegerBuffers() {
        Holder m = new Holder();
        Linear head = new Linear(2, 2);
        head.setAttribute("weight", m.fc.weight());
        Sequential net = new Sequential(m, head);
        m.fc.call(Tensor.ones(1, 2)).sum().backward();
        Parameter weight = m.fc.weight();
        SGD sgd = new SGD(net.parameters(), new SGD.Options(0.1));

        net.doubleType();
        assertSame(weight, m.fc.weight());
        assertSame(weight, head.weight());
        assertEquals(DType.FLOAT64, weight.dtype());
        assertEquals(DType.FLOAT64, weight.grad().dtype());
        assertTrue(weight.requiresGrad());
        assertSame(m.stat, m.getBuffer("stat"));
        assertEquals(DType.FLOAT64, m.stat.dtype());
        assertEquals(DType.INT64, m.count.dtype());
        // the optimizer holds the same objects, so it steps the converted data
        double before = weight.get(0, 0);
        double grad = weight.grad().get(0, 0);
        sgd.step();
        assertEquals(before - 0.1 * grad, weight.get(0, 0), 1e-12);

        net.half();
        assertEquals(DType.FLOAT16, weight.dtype());
        net.bfloat16();
        assertEquals(DType.BFLOAT16, m.stat.dtype());
        net.floatType();
        assertEquals(DType.FLOAT32, weight.dtype());
        assertEquals(DType.INT64, m.count.dtype());
        net.to(Device.CPU, DType.FLOAT64);
        assertEquals(DType.FLOAT64, head.bias().dtype());
        net.cpu();
        assertEquals("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int32",
                assertThrows(IllegalArgumentException.class, () -> net.to(DType.INT32)).getMessage());
    }

    @Test
    void forwardDefaultsGiveClearErrors() {
        Module bare = new Module() {};
        assertEquals("Module [Module] is missing the required \"forward\" function",
                assertThrows(UnsupportedOperationException.class, () -> bare.call(Tensor.ones(1))).getMessage());
        assertEquals("Module [ModuleList] is missing the required \"forward\" function",
                assertThrows(UnsupportedOperationException.class, () -> new ModuleList().call(Tensor.ones(1)))
                        .getMessage());
        assertEquals("Linear.forward takes one Tensor, but was called with (Tensor, Tensor)",
                assertThrows(IllegalArgumentException.class,
                        () -> new Linear(1, 1).call(Tensor.ones(1), Tensor.ones(1))).getMessage());
        Module pair = new Module() {
            @Override
            public Object forward(Object... inputs) {
                return new Object[] {inputs[0], inputs[0]};
            }
        };
        assertTrue(assertThrows(IllegalStateException.class, () -> pair.call(Tensor.ones(1))).getMessage()
                .contains("returned Object[], not a Tensor"));
        Object[] out = pair.call((Object) Tensor.ones(1));
        assertEquals(2, out.length);
    }
}
