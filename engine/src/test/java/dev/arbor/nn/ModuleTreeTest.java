package dev.arbor.nn;

import static dev.arbor.nn.Fixtures.assertListEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Traversal order, state-dict keys and the repr of a ResNet-style net with a shared block, a shared
 * activation and a tied weight, against PyTorch's (module_tree.json), built from Arbor's layers.
 */
class ModuleTreeTest {
    static final class Block extends Module {
        Block(int cin, int cout, int stride, ReLU act) {
            register("conv1", Conv2d.options(cin, cout, 3).stride(stride).padding(1).bias(false).build());
            register("bn1", new BatchNorm2d(cout));
            register("act", act);
            register("conv2", Conv2d.options(cout, cout, 3).stride(1).padding(1).bias(false).build());
            register("bn2", new BatchNorm2d(cout));
            if (stride != 1 || cin != cout) {
                register("downsample", new Sequential(Conv2d.options(cin, cout, 1).stride(stride).bias(false).build(),
                        new BatchNorm2d(cout)));
            } else {
                register("downsample", null);
            }
        }
    }

    static final class Net extends Module {
        final ModuleList layers;
        final ModuleDict heads;

        Net() {
            LinkedHashMap<String, Module> stem = new LinkedHashMap<>();
            stem.put("conv", Conv2d.options(3, 8, 3).stride(1).padding(1).bias(false).build());
            stem.put("bn", new BatchNorm2d(8));
            stem.put("relu", new ReLU(true));
            register("stem", new Sequential(stem));
            ReLU act = new ReLU(false);
            layers = register("layers", new ModuleList(new Block(8, 8, 1, act), new Block(8, 16, 2, act)));
            register("shared", layers.get(0));
            LinkedHashMap<String, Module> h = new LinkedHashMap<>();
            h.put("cls", new Linear(16, 10));
            h.put("aux", new Linear(16, 10, false));
            heads = register("heads", new ModuleDict(h));
            heads.get("aux").setAttribute("weight", ((Linear) heads.get("cls")).weight());
            registerBuffer("scale", Tensor.ones(1));
            registerBuffer("calls", Tensor.zeros(DType.INT64), false);
            registerParameter("temperature", new Parameter(Tensor.ones(1)));
            registerParameter("unused", null);
            register("extra", null);
            register("pair", new Bilinear(4, 5, 3));
            register("flat", new Flatten());
            register("unflat", new Unflatten(1, 2, 8));
            register("ident", new Identity());
            register("plist", new ParameterList(List.of(Tensor.zeros(3, 4), Tensor.zeros(DType.FLOAT64, 5))));
            LinkedHashMap<String, Tensor> p = new LinkedHashMap<>();
            p.put("alpha", Tensor.zeros(2));
            p.put("beta", Tensor.zeros(2, 3));
            register("pdict", new ParameterDict(p));
        }
    }

    private static final Map<String, Object> FIXTURE = Fixtures.load("module_tree.json");

    private static List<String> rows(Object json) {
        List<String> out = new ArrayList<>();
        for (Object row : (List<?>) json) {
            List<String> cells = new ArrayList<>();
            for (Object cell : (List<?>) row) {
                cells.add(cell instanceof List<?> l ? shape(l) : String.valueOf(cell));
            }
            out.add(String.join(" ", cells));
        }
        return out;
    }

    private static String shape(List<?> dims) {
        return dims.stream().map(d -> String.valueOf(((Number) d).longValue())).toList().toString();
    }

    private static String shape(Tensor t) {
        List<String> dims = new ArrayList<>();
        for (long d : t.shape()) {
            dims.add(String.valueOf(d));
        }
        return dims.toString();
    }

    private static <T> List<String> modules(Map<String, Module> named) {
        List<String> out = new ArrayList<>();
        named.forEach((name, m) -> out.add(name + " " + m.typeName()));
        return out;
    }

    private static List<String> tensors(Map<String, ? extends Tensor> named, boolean withDtype) {
        List<String> out = new ArrayList<>();
        named.forEach((name, t) -> out.add(name + " " + shape(t) + (withDtype ? " torch." + t.dtype() : "")));
        return out;
    }

    @Test
    void traversalMatchesPyTorch() {
        Net net = new Net();
        assertListEquals(rows(FIXTURE.get("named_modules")), modules(net.namedModules()), "named_modules()");
        assertListEquals(rows(FIXTURE.get("named_modules_all")), modules(net.namedModules("", false)),
                "named_modules(remove_duplicate=False)");
        assertListEquals(rows(FIXTURE.get("named_children")), modules(net.namedChildren()), "named_children()");
        assertListEquals(rows(FIXTURE.get("named_parameters")), tensors(net.namedParameters(), false),
                "named_parameters()");
        assertListEquals(rows(FIXTURE.get("named_parameters_all")), tensors(net.namedParameters("", true, false), false),
                "named_parameters(remove_duplicate=False)");
        assertListEquals(rows(FIXTURE.get("named_buffers")), tensors(net.namedBuffers(), true), "named_buffers()");
        assertListEquals(rows(FIXTURE.get("state_dict")), tensors(net.stateDict(), true), "state_dict()");
    }

    @Test
    void listsAgreeWithTheirNamedForms() {
        Net net = new Net();
        assertEquals(new ArrayList<>(net.namedParameters().values()), net.parameters());
        assertEquals(new ArrayList<>(net.namedBuffers().values()), net.buffers());
        assertEquals(new ArrayList<>(net.namedModules().values()), net.modules());
        assertEquals(List.of("temperature"), new ArrayList<>(net.namedParameters("", false, true).keySet()));
        assertEquals(List.of("model.temperature"), new ArrayList<>(net.namedParameters("model", false, true).keySet()));
        assertEquals(List.of("scale", "calls"), new ArrayList<>(net.namedBuffers("", false, true).keySet()));
        // a tied weight is one object under two names
        assertSame(net.getParameter("heads.cls.weight"), net.getParameter("heads.aux.weight"));
        assertSame(net.getSubmodule("layers.0"), net.getSubmodule("shared"));
    }

    @Test
    void reprMatchesPyTorch() {
        assertEquals(FIXTURE.get("repr"), new Net().toString());
    }

    @Test
    void containerReprsMatchPyTorch() {
        @SuppressWarnings("unchecked")
        Map<String, Object> expected = (Map<String, Object>) FIXTURE.get("containers");
        assertEquals(expected.get("sequential_numbered"),
                new Sequential(new Linear(4, 2), new Identity(), new Flatten(0, 1)).toString());
        assertEquals(expected.get("module_list"),
                new ModuleList(new Linear(2, 2), new ModuleList(new Identity())).toString());
        LinkedHashMap<String, Module> dict = new LinkedHashMap<>();
        dict.put("b", new Linear(1, 2, false));
        dict.put("a", new Unflatten(0, 1, 1));
        assertEquals(expected.get("module_dict"), new ModuleDict(dict).toString());
        assertEquals(expected.get("parameter_list_one"), new ParameterList(List.of(Tensor.zeros(2, 3))).toString());
        assertEquals(expected.get("parameter_list_two"),
                new ParameterList(List.of(Tensor.zeros(2, 3), Tensor.zeros(DType.FLOAT16, 4))).toString());
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        params.put("a", Tensor.zeros(2, 3));
        params.put("b", Tensor.zeros(DType.FLOAT64, 2));
        assertEquals(expected.get("parameter_dict"), new ParameterDict(params).toString());
        assertEquals(expected.get("empty_sequential"), new Sequential().toString());
        assertEquals(expected.get("empty_parameter_list"), new ParameterList().toString());
    }
}
