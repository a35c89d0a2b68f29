package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** stateDict and loadStateDict: keys, strictness, PyTorch's messages, atomicity, assign and the hooks. */
class StateDictTest {
    /** fc (Linear 6 -> 10), a persistent and a non-persistent buffer. */
    static final class Net extends Module {
        final Linear fc = register("fc", new Linear(6, 10));
        final Tensor scale = registerBuffer("scale", Tensor.ones(1));
        final Tensor cache = registerBuffer("cache", Tensor.zeros(3), false);
        final Tensor steps = registerBuffer("steps", Tensor.zeros(DType.INT64));
    }

    private static Map<String, Tensor> copyOf(Map<String, Tensor> sd) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        sd.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    private static List<double[]> snapshot(Module m) {
        List<double[]> out = new ArrayList<>();
        for (Tensor t : m.stateDict().values()) {
            out.add(t.toDoubleArray());
        }
        return out;
    }

    private static void assertUnchanged(List<double[]> before, Module m) {
        List<double[]> after = snapshot(m);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i));
        }
    }

    @Test
    void stateDictIsDetachedUnlessKeepVars() {
        Net net = new Net();
        Map<String, Tensor> sd = net.stateDict();
        assertEquals(List.of("scale", "steps", "fc.weight", "fc.bias"), new ArrayList<>(sd.keySet()));
        assertFalse(sd.get("fc.weight").requiresGrad());
        assertNotSame(net.fc.weight(), sd.get("fc.weight"));
        assertSame(net.fc.weight().storage(), sd.get("fc.weight").storage());
        assertSame(net.fc.weight(), net.stateDict("", true).get("fc.weight"));
        assertEquals(List.of("m.scale", "m.steps", "m.fc.weight", "m.fc.bias"),
                new ArrayList<>(net.stateDict("m.", false).keySet()));
    }

    @Test
    void roundTripCopiesValuesAndConvertsDtype() {
        Net source = new Net();
        source.scale.fill_(3);
        source.steps.fill_(7);
        Net target = new Net();
        Map<String, Tensor> sd = new LinkedHashMap<>(source.stateDict());
        sd.put("fc.weight", sd.get("fc.weight").to(DType.FLOAT64));
        Parameter weight = target.fc.weight();
        IncompatibleKeys keys = target.loadStateDict(sd);
        assertEquals("<All keys matched successfully>", keys.toString());
        assertSame(weight, target.fc.weight());
        assertEquals(DType.FLOAT32, weight.dtype());
        assertNotSame(source.fc.weight().storage(), weight.storage());
        Fixtures.assertClose(source.fc.weight().detach(), weight.detach(), "copied weight");
        assertEquals(3.0, target.scale.item());
        assertEquals(7, target.steps.itemLong());
        assertTrue(weight.requiresGrad());
        assertTrue(weight.isLeaf());
    }

    @Test
    void strictFailureListsEveryProblemInPyTorchsWords() {
        Net net = new Net();
        List<double[]> before = snapshot(net);
        Map<String, Object> sd = new LinkedHashMap<>();
        sd.put("fc.weight", Tensor.zeros(10, 5));
        sd.put("scale", Tensor.ones(1).mul(9));
        sd.put("fc.extra", Tensor.zeros(1));
        sd.put("head.weight", Tensor.zeros(1));
        sd.put("steps", 3);
        StateDictLoadException e = assertThrows(StateDictLoadException.class, () -> net.loadStateDict(sd));
        assertEquals("Error(s) in loading state_dict for Net:\n"
                + "\tMissing key(s) in state_dict: \"fc.bias\". \n"
                + "\tUnexpected key(s) in state_dict: \"head.weight\", \"fc.extra\". \n"
                + "\tWhile copying the parameter named \"steps\", expected torch.Tensor or Tensor-like object from "
                + "checkpoint but received <class 'Integer'>\n"
                + "\tsize mismatch for fc.weight: copying a param with shape torch.Size([10, 5]) from checkpoint, "
                + "the shape in current model is torch.Size([10, 6]).", e.getMessage());
        assertEquals(List.of("fc.bias"), e.missingKeys());
        assertEquals(List.of("head.weight", "fc.extra"), e.unexpectedKeys());
        assertEquals(2, e.errors().size());
        // atomic: "scale" matched but was not copied because the load failed
        assertUnchanged(before, net);
    }

    @Test
    void nonStrictReportsKeysButStillFailsOnShapes() {
        Net net = new Net();
        Map<String, Tensor> sd = copyOf(net.stateDict());
        sd.remove("fc.bias");
        sd.put("other", Tensor.zeros(1));
        sd.get("scale").fill_(5);
        IncompatibleKeys keys = net.loadStateDict(sd, false);
        assertEquals(List.of("fc.bias"), keys.missingKeys());
        assertEquals(List.of("other"), keys.unexpectedKeys());
        assertEquals("_IncompatibleKeys(missing_keys=['fc.bias'], unexpected_keys=['other'])", keys.toString());
        assertEquals(5.0, net.scale.item());

        sd.put("fc.weight", Tensor.zeros(10, 5));
        sd.get("scale").fill_(6);
        StateDictLoadException e = assertThrows(StateDictLoadException.class, () -> net.loadStateDict(sd, false));
        assertEquals("Error(s) in loading state_dict for Net:\n\tsize mismatch for fc.weight: copying a param with "
                + "shape torch.Size([10, 5]) from checkpoint, the shape in current model is torch.Size([10, 6]).",
                e.getMessage());
        assertEquals(5.0, net.scale.item());
    }

    @Test
    void oneElementVectorsLoadIntoScalars() {
        Net net = new Net();
        Map<String, Tensor> sd = copyOf(net.stateDict());
        sd.put("steps", Tensor.of(new long[] {42}));
        net.loadStateDict(sd);
        assertEquals(42, net.steps.itemLong());
    }

    @Test
    void assignTakesTheDataKeepingTheParameter() {
        Net net = new Net();
        Parameter weight = net.fc.weight();
        Map<String, Tensor> sd = copyOf(net.stateDict());
        Tensor newWeight = Tensor.ones(DType.FLOAT64, 10, 6);
        sd.put("fc.weight", newWeight);
        net.loadStateDict(sd, true, true);
        assertSame(weight, net.fc.weight());
        assertSame(newWeight.storage(), weight.storage());
        assertEquals(DType.FLOAT64, weight.dtype());
        assertTrue(weight.requiresGrad());

        sd.put("fc.weight", Tensor.ones(DType.INT64, 10, 6));
        StateDictLoadException e = assertThrows(StateDictLoadException.class, () -> net.loadStateDict(sd, true, true));
        assertTrue(e.getMessage().contains("Only Tensors of floating point and complex dtype can require gradients"));
        assertSame(newWeight.storage(), weight.storage());
    }

    @Test
    void sharedModulesLoadUnderEveryName() {
        Linear shared = new Linear(2, 2);
        Sequential net = new Sequential(shared, shared);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), new ArrayList<>(net.stateDict().keySet()));
        Map<String, Tensor> sd = copyOf(net.stateDict());
        sd.put("0.bias", Tensor.full(1, DType.FLOAT32, 2));
        sd.put("1.bias", Tensor.full(2, DType.FLOAT32, 2));
        net.loadStateDict(sd);
        // loaded in key order: the last name wins, as in PyTorch
        assertEquals(2.0, shared.bias().get(0));
    }

    @Test
    void noneEntriesAreSkippedAndTheirKeysUnexpected() {
        Linear fc = new Linear(2, 2, false);
        Map<String, Tensor> sd = copyOf(fc.stateDict());
        assertEquals(List.of("weight"), new ArrayList<>(sd.keySet()));
        sd.put("bias", Tensor.zeros(2));
        assertEquals(List.of("bias"), fc.loadStateDict(sd, false).unexpectedKeys());
    }

    @Test
    void stateDictHooksRunInOrder() {
        Net net = new Net();
        List<String> calls = new ArrayList<>();
        net.fc.registerStateDictPreHook((m, prefix, keepVars) -> calls.add("pre " + prefix + " " + keepVars));
        net.fc.registerStateDictHook((m, sd, prefix) -> {
            calls.add("post " + prefix + " " + sd.size());
            sd.remove(prefix + "bias");
            return null;
        });
        var handle = net.registerStateDictHook((m, sd, prefix) -> {
            Map<String, Tensor> renamed = new LinkedHashMap<>();
            sd.forEach((k, v) -> renamed.put("model." + k, v));
            return renamed;
        });
        Map<String, Tensor> sd = net.stateDict();
        assertEquals(List.of("pre fc. false", "post fc. 4"), calls);
        assertEquals(List.of("model.scale", "model.steps", "model.fc.weight"), new ArrayList<>(sd.keySet()));
        handle.remove();
        assertEquals(List.of("scale", "steps", "fc.weight"), new ArrayList<>(net.stateDict().keySet()));
    }

    @Test
    void loadPreHooksCanRenameKeys() {
        Net net = new Net();
        Map<String, Tensor> old = new LinkedHashMap<>();
        copyOf(net.stateDict()).forEach((k, v) -> old.put(k.replace("fc.", "linear."), v));
        old.get("linear.bias").fill_(4);
        net.registerLoadStateDictPreHook((m, sd, prefix, missing, unexpected, errors) -> {
            for (String k : new ArrayList<>(sd.keySet())) {
                if (k.startsWith(prefix + "linear.")) {
                    sd.put(k.replace(prefix + "linear.", prefix + "fc."), (Tensor) sd.remove(k));
                }
            }
        });
        net.loadStateDict(old);
        assertEquals(4.0, net.fc.bias().get(0));
    }

    @Test
    void loadPostHooksSeeAndChangeTheKeys() {
        Net net = new Net();
        Map<String, Tensor> sd = copyOf(net.stateDict());
        sd.remove("fc.bias");
        sd.get("fc.weight").fill_(2);
        List<String> seen = new ArrayList<>();
        var handle = net.fc.registerLoadStateDictPostHook((m, keys) -> {
            seen.add(m.typeName() + " " + keys.missingKeys() + " " + m.getParameter("weight").get(0, 0));
            keys.missingKeys().remove("fc.bias");
        });
        // the hook forgives the missing key, so the strict load passes, after the copy
        net.loadStateDict(sd);
        assertEquals(List.of("Linear [fc.bias] 2.0"), seen);
        handle.remove();

        // a hook that leaves the keys failing: the copied values are restored
        net.fc.registerLoadStateDictPostHook((m, keys) -> seen.add("checked"));
        sd.get("fc.weight").fill_(3);
        assertThrows(StateDictLoadException.class, () -> net.loadStateDict(sd));
        assertEquals(2.0, net.fc.weight().get(0, 0));
        assertEquals("checked", seen.getLast());
    }
}
