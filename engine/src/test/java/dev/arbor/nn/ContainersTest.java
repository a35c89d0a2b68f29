package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Sequential, ModuleList, ModuleDict, ParameterList and ParameterDict with Python's list and dict rules. */
class ContainersTest {
    private static List<String> keys(Module m) {
        return new ArrayList<>(m.namedChildren().keySet());
    }

    @Test
    void sequentialIndexesAppendsInsertsRemovesAndSlices() {
        Linear a = new Linear(2, 3);
        Identity b = new Identity();
        Flatten c = new Flatten();
        Sequential s = new Sequential(a, b);
        assertSame(a, s.get(0));
        assertSame(b, s.get(-1));
        assertEquals("index 2 is out of range",
                assertThrows(IndexOutOfBoundsException.class, () -> s.get(2)).getMessage());
        assertEquals("index -3 is out of range",
                assertThrows(IndexOutOfBoundsException.class, () -> s.get(-3)).getMessage());
        s.append(c);
        assertEquals(List.of("0", "1", "2"), keys(s));
        Identity d = new Identity();
        s.insert(1, d);
        assertEquals(List.of(a, d, b, c), List.copyOf(iterate(s)));
        assertEquals("Index out of range: 9",
                assertThrows(IndexOutOfBoundsException.class, () -> s.insert(9, d)).getMessage());
        assertSame(d, s.remove(1));
        assertEquals(List.of("0", "1", "2"), keys(s));
        assertEquals(List.of(a, b, c), List.copyOf(iterate(s)));
        Sequential tail = s.slice(1, 3);
        assertEquals(List.of("1", "2"), keys(tail));
        assertSame(b, tail.get(0));
        assertEquals(2, s.slice(-2, 10).size());
        Identity e = new Identity();
        s.set(-1, e);
        assertSame(e, s.get(2));
        s.extend(List.of(new Identity()));
        assertEquals(4, s.size());

        LinkedHashMap<String, Module> named = new LinkedHashMap<>();
        named.put("fc", a);
        named.put("act", b);
        Sequential byName = new Sequential(named);
        assertSame(b, byName.get(1));
        assertEquals(List.of("fc", "act"), keys(byName));
    }

    @Test
    void insertIntoNamedChildrenRaisesPyTorchsKeyError() {
        // s = nn.Sequential(OrderedDict(a=nn.ReLU(), b=nn.Tanh())); s.insert(1, nn.Sigmoid()) -> KeyError('1'),
        // s unchanged; s.insert(2, nn.Sigmoid()) appends the child named '2'
        LinkedHashMap<String, Module> named = new LinkedHashMap<>();
        named.put("a", new ReLU());
        named.put("b", new Tanh());
        Sequential s = new Sequential(named);
        assertEquals("'1'", assertThrows(NoSuchElementException.class, () -> s.insert(1, new Sigmoid())).getMessage());
        assertEquals(List.of("a", "b"), keys(s));
        Sigmoid last = new Sigmoid();
        s.insert(2, last);
        assertEquals(List.of("a", "b", "2"), keys(s));
        assertSame(last, s.get(2));
        // nn.Sequential(OrderedDict([('0', nn.ReLU()), ('x', nn.Tanh())])).insert(0, nn.Sigmoid()) -> KeyError('1')
        LinkedHashMap<String, Module> mixed = new LinkedHashMap<>();
        mixed.put("0", new ReLU());
        mixed.put("x", new Tanh());
        Sequential m = new Sequential(mixed);
        assertEquals("'1'", assertThrows(NoSuchElementException.class, () -> m.insert(0, new Sigmoid())).getMessage());
        assertEquals(List.of("0", "x"), keys(m));
        // nn.Sequential(nn.ReLU()).insert(0, None) -> AssertionError
        assertEquals("module should be of type: <class 'torch.nn.modules.module.Module'>",
                assertThrows(IllegalArgumentException.class, () -> new Sequential(new ReLU()).insert(0, null))
                        .getMessage());
    }

    @Test
    void aChildSetToNullIsIteratedAsNull() {
        // s = nn.Sequential(nn.ReLU(), nn.Tanh()); s[1] = None: list(s) == [ReLU(), None], len(s) == 2,
        // repr "(1): None", s(x) raises TypeError "'NoneType' object is not callable"
        ReLU relu = new ReLU();
        Sequential s = new Sequential(relu, new Tanh());
        s.set(1, null);
        assertEquals(java.util.Arrays.asList(relu, null), iterate(s));
        assertEquals(2, s.size());
        assertEquals("Sequential(\n  (0): ReLU()\n  (1): None\n)", s.toString());
        assertTrue(assertThrows(IllegalStateException.class, () -> s.call(Tensor.ones(1))).getMessage()
                .startsWith("'NoneType' object is not callable"));
    }

    private static List<Module> iterate(Iterable<Module> it) {
        List<Module> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    @Test
    void sequentialForwardChainsCalls() {
        Linear fc = new Linear(4, 3);
        Sequential s = new Sequential(new Flatten(), fc, new Identity());
        Tensor x = Tensor.ones(2, 2, 2);
        Fixtures.assertClose(fc.call(x.flatten(1, -1)), s.call(x), "sequential");
        Object viaObject = s.call((Object) x);
        assertInstanceOf(Tensor.class, viaObject);
        List<String> calls = new ArrayList<>();
        fc.registerForwardHook((m, in, out) -> {
            calls.add("fc");
            return null;
        });
        s.call(x);
        assertEquals(List.of("fc"), calls);
    }

    @Test
    void moduleListBehavesAsAList() {
        Linear a = new Linear(1, 1);
        Identity b = new Identity();
        ModuleList list = new ModuleList(a, b);
        assertSame(b, list.get(-1));
        list.append(new Flatten());
        list.insert(0, new Identity());
        assertEquals(4, list.size());
        assertSame(a, list.get(1));
        assertSame(a, list.remove(1));
        assertEquals(List.of("0", "1", "2"), keys(list));
        assertSame(b, list.get(1));
        assertEquals(2, list.slice(1, 3).size());
        assertEquals(List.of("0", "1"), keys(list.slice(1, 3)));
        list.set(0, a);
        assertSame(a, list.get(0));
        assertEquals(2, list.parameters().size());
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(3));
    }

    @Test
    void moduleDictBehavesAsAnOrderedDict() {
        ModuleDict dict = new ModuleDict();
        Linear fc = dict.put("fc", new Linear(1, 1));
        dict.put("act", new Identity());
        assertSame(fc, dict.get("fc"));
        assertEquals(List.of("fc", "act"), List.copyOf(dict.keys()));
        assertEquals("'nope'", assertThrows(NoSuchElementException.class, () -> dict.get("nope")).getMessage());
        assertEquals("module name can't contain \".\", got: a.b",
                assertThrows(IllegalArgumentException.class, () -> dict.put("a.b", new Identity())).getMessage());
        Identity replacement = new Identity();
        dict.put("fc", replacement);
        assertEquals(List.of("fc", "act"), List.copyOf(dict.keys()));
        assertSame(replacement, dict.remove("fc"));
        assertTrue(dict.containsKey("act"));
        assertEquals(1, dict.size());
        dict.clear();
        assertEquals(0, dict.size());
    }

    @Test
    void parameterContainersWrapTensorsAsParameters() {
        ParameterList list = new ParameterList(List.of(Tensor.zeros(2)));
        Parameter p = new Parameter(Tensor.ones(3));
        list.append(p).append(Tensor.ones(1));
        assertSame(p, list.get(1));
        assertInstanceOf(Parameter.class, list.get(2));
        assertTrue(list.get(2).requiresGrad());
        assertEquals(List.of("0", "1", "2"), List.copyOf(list.namedParameters().keySet()));
        assertEquals("ParameterList should not be called.",
                assertThrows(UnsupportedOperationException.class, () -> list.call(Tensor.ones(1))).getMessage());

        ParameterDict dict = new ParameterDict();
        dict.put("a", Tensor.zeros(2));
        dict.put("b", p);
        assertSame(p, dict.get("b"));
        dict.put("a", Tensor.ones(4));
        assertEquals(List.of("a", "b"), List.copyOf(dict.keys()));
        assertEquals(4, dict.get("a").numel());
        assertEquals("parameter name can't contain \".\"",
                assertThrows(IllegalArgumentException.class, () -> dict.put("x.y", Tensor.ones(1))).getMessage());
        assertSame(p, dict.remove("b"));
        assertEquals(1, dict.size());
    }
}
