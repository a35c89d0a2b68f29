package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Module#getExtraState()} and {@link Module#setExtraState(Object)} against PyTorch 1.13, with the
 * same modules built in torch:
 * <pre>
 * class M(nn.Module):   # a, b (buffer), c = Linear(2, 1), np (non-persistent); get and set extra state
 *     def get_extra_state(self): return self.st
 *     def set_extra_state(self, v): self.st = v
 * class G(nn.Module):   # w; get_extra_state only
 *     def get_extra_state(self): return torch.tensor([1.])
 * class N(nn.Module):   # m = M(), g = G(), l = Linear(1, 1)
 * </pre>
 */
class ExtraStateTest {
    static final class M extends Module {
        Tensor state = Tensor.of(new float[] {3}, 1);

        M() {
            registerParameter("a", new Parameter(Tensor.ones(2)));
            registerBuffer("b", Tensor.zeros(1));
            register("c", new Linear(2, 1));
            registerBuffer("np", Tensor.zeros(1), false);
        }

        @Override
        public Tensor getExtraState() {
            return state;
        }

        @Override
        public void setExtraState(Object value) {
            state = (Tensor) value;
        }
    }

    static final class G extends Module {
        G() {
            registerParameter("w", new Parameter(Tensor.ones(1)));
        }

        @Override
        public Tensor getExtraState() {
            return Tensor.of(new float[] {1}, 1);
        }
    }

    static final class N extends Module {
        final M m = register("m", new M());

        N() {
            register("g", new G());
            register("l", new Linear(1, 1));
        }
    }

    @Test
    void extraStateFollowsTheParametersAndBuffersInPyTorchsOrder() {
        N n = new N();
        // list(N().state_dict().keys())
        assertEquals(List.of("m.a", "m.b", "m._extra_state", "m.c.weight", "m.c.bias", "g.w", "g._extra_state",
                "l.weight", "l.bias"), List.copyOf(n.stateDict().keySet()));
        assertSame(n.m.state, n.stateDict().get("m._extra_state"));
        // a module that does not override getExtraState has no key: nn.Linear(1, 1).state_dict().keys()
        assertEquals(List.of("weight", "bias"), List.copyOf(new Linear(1, 1).stateDict().keySet()));
    }

    @Test
    void loadingPassesItToSetExtraStateAndReportsKeysAsPyTorch() {
        N n = new N();
        LinkedHashMap<String, Tensor> sd = n.stateDict();
        // n.load_state_dict(sd, strict=False): G has no set_extra_state, so its key is unexpected
        IncompatibleKeys keys = n.loadStateDict(sd, false);
        assertEquals(List.of(), keys.missingKeys());
        assertEquals(List.of("g._extra_state"), keys.unexpectedKeys());

        LinkedHashMap<String, Tensor> without = new LinkedHashMap<>(sd);
        without.remove("m._extra_state");
        keys = n.loadStateDict(without, false);
        assertEquals(List.of("m._extra_state"), keys.missingKeys());
        assertEquals(List.of("g._extra_state"), keys.unexpectedKeys());

        LinkedHashMap<String, Tensor> extra = new LinkedHashMap<>(sd);
        extra.put("l._extra_state", Tensor.ones(1));
        keys = n.loadStateDict(extra, false);
        assertEquals(List.of("g._extra_state", "l._extra_state"), keys.unexpectedKeys());

        // sd["m._extra_state"] = torch.tensor([7.]); n.load_state_dict(sd, strict=False); n.m.st == tensor([7.])
        Tensor seven = Tensor.of(new float[] {7}, 1);
        LinkedHashMap<String, Tensor> changed = new LinkedHashMap<>(sd);
        changed.put("m._extra_state", seven);
        n.loadStateDict(changed, false);
        assertSame(seven, n.m.state);

        // n.load_state_dict(without): RuntimeError, "Error(s) in loading state_dict for N:\n\t
        // Missing key(s) in state_dict: "m._extra_state". \n\tUnexpected key(s) in state_dict: "g._extra_state". "
        n.m.state = seven;
        var e = assertThrows(StateDictLoadException.class, () -> n.loadStateDict(without));
        assertEquals("Error(s) in loading state_dict for N:\n\tMissing key(s) in state_dict: \"m._extra_state\". "
                + "\n\tUnexpected key(s) in state_dict: \"g._extra_state\". ", e.getMessage());
        // a failed load does not call setExtraState
        LinkedHashMap<String, Tensor> failing = new LinkedHashMap<>(changed);
        failing.put("m._extra_state", Tensor.zeros(1));
        failing.put("m.a", Tensor.zeros(5));
        assertThrows(StateDictLoadException.class, () -> n.loadStateDict(failing, false));
        assertSame(seven, n.m.state);
    }

    @Test
    void theDefaultsRaisePyTorchsErrors() {
        Linear l = new Linear(1, 1);
        // nn.Linear(1, 1).get_extra_state() / .set_extra_state(1)
        assertEquals("Reached a code path in Module.get_extra_state() that should never be called. Please file an "
                + "issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to report this bug.",
                assertThrows(UnsupportedOperationException.class, l::getExtraState).getMessage());
        assertEquals("Reached a code path in Module.set_extra_state() that should never be called. Please file an "
                + "issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to report this bug.",
                assertThrows(UnsupportedOperationException.class, () -> l.setExtraState(1)).getMessage());
    }
}
