package dev.arbor.pytorch;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The globals a checkpoint may name and what calling them means: the allowlist of
 * {@code torch.load(weights_only=True)} (tensor and parameter rebuild functions, storage types, dtypes,
 * {@code torch.Size}, {@code collections.OrderedDict} and plain containers), each implemented here in
 * Java. A name outside the list is refused before anything is looked up; names torch allows but Arbor
 * cannot represent (sparse, quantized or complex tensors) are refused saying so. One instance serves
 * one load: it remembers which dicts are OrderedDicts (the only dicts a pickle may BUILD).
 */
final class TorchGlobals {
    private static final String ALLOWLIST = "the allowlist of torch.load(weights_only=True): tensor and parameter "
            + "rebuild functions, storage types, dtypes, torch.Size, collections.OrderedDict and plain containers";
    private static final Map<String, Object> ALLOWED = allowed();
    private static final Map<String, String> UNSUPPORTED = unsupported();

    private final Set<Object> orderedDicts = Collections.newSetFromMap(new IdentityHashMap<>());

    private static Map<String, Object> allowed() {
        Map<String, Object> m = new HashMap<>();
        for (TorchGlobal g : TorchGlobal.values()) {
            m.put(g.pythonName(), g);
        }
        m.put("torch.tensor._rebuild_from_type_v2", TorchGlobal.REBUILD_FROM_TYPE_V2);
        StorageType.TYPE_NAMES.forEach((dtype, type) -> {
            for (String module : List.of("torch", "torch.cuda")) {
                m.put(module + "." + type + "Tensor", TorchGlobal.TENSOR);
                String storage = module + "." + type + "Storage";
                m.put(storage, new StorageType(storage, dtype));
            }
        });
        for (String untyped : List.of("torch.UntypedStorage", "torch.storage.UntypedStorage",
                "torch.storage._UntypedStorage")) {
            m.put(untyped, new StorageType(untyped, DType.UINT8));
        }
        for (String typed : List.of("torch.storage.TypedStorage", "torch.storage._TypedStorage")) {
            m.put(typed, new StorageType(typed, null));
        }
        String[][] dtypes = {{"float32", "float32"}, {"float", "float32"}, {"float64", "float64"}, {"double", "float64"},
            {"float16", "float16"}, {"half", "float16"}, {"bfloat16", "bfloat16"}, {"int64", "int64"},
            {"long", "int64"}, {"int32", "int32"}, {"int", "int32"}, {"int16", "int16"}, {"short", "int16"},
            {"int8", "int8"}, {"uint8", "uint8"}, {"bool", "bool"}, {"uint16", "uint16"}, {"uint32", "uint32"},
            {"uint64", "uint64"}};
        for (String[] d : dtypes) {
            m.put("torch." + d[0], DType.parse(d[1]));
        }
        return Map.copyOf(m);
    }

    private static Map<String, String> unsupported() {
        Map<String, String> m = new HashMap<>();
        for (String f : List.of("_rebuild_sparse_tensor", "_rebuild_sparse_csr_tensor")) {
            m.put("torch._utils." + f, "Arbor has no sparse tensors");
        }
        m.put("torch._utils._rebuild_qtensor", "Arbor has no quantized tensors");
        m.put("torch._utils._rebuild_meta_tensor_no_storage", "a meta tensor holds no values to load");
        m.put("torch._utils._rebuild_nested_tensor", "Arbor has no nested tensors");
        m.put("torch._utils._rebuild_wrapper_subclass", "Arbor cannot rebuild tensor subclasses");
        m.put("builtins.complex", "Arbor has no complex numbers");
        for (String c : List.of("complex32", "complex64", "complex128", "cfloat", "cdouble", "chalf",
                "ComplexFloatStorage", "ComplexDoubleStorage")) {
            m.put("torch." + c, "Arbor has no complex dtypes");
            m.put("torch.cuda." + c, "Arbor has no complex dtypes");
        }
        for (String q : List.of("QInt8Storage", "QUInt8Storage", "QInt32Storage", "QUInt4x2Storage", "QUInt2x4Storage",
                "qint8", "quint8", "qint32", "quint4x2", "quint2x4")) {
            m.put("torch." + q, "Arbor has no quantized dtypes");
        }
        for (String f : List.of("float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz")) {
            m.put("torch." + f, "Arbor has no float8 dtypes");
        }
        return Map.copyOf(m);
    }

    /**
     * What the global {@code module.name} stands for: a {@link TorchGlobal}, a {@link StorageType} or a
     * {@link DType}.
     *
     * @throws ForbiddenGlobalException when the name is outside the allowlist
     * @throws UnpicklingException when torch allows it but Arbor cannot represent it
     */
    static Object resolve(String module, String name) throws UnpicklingException {
        String canonicalModule = module.equals("__builtin__") ? "builtins" : module;
        String full = canonicalModule + "." + name;
        Object known = ALLOWED.get(full);
        if (known != null) {
            return known;
        }
        String why = UNSUPPORTED.get(full);
        if (why != null) {
            throw new UnpicklingException("global " + full + " is allowed by torch.load(weights_only=True), but " + why);
        }
        String given = module + "." + name;
        throw new ForbiddenGlobalException("refused global " + given + ": it is not in " + ALLOWLIST
                + "; nothing was run. A file made by torch.save(model) or holding other Python objects cannot be "
                + "loaded; save model.state_dict() instead", given);
    }

    /** A new dict that BUILD may update, as {@code collections.OrderedDict()} makes. */
    Map<Object, Object> newOrderedDict() {
        Map<Object, Object> map = new LinkedHashMap<>();
        orderedDicts.add(map);
        return map;
    }

    /** REDUCE: calls {@code callable} (a resolved global) with {@code args}. */
    Object call(Object callable, Object arguments) throws UnpicklingException {
        if (!(callable instanceof TorchGlobal g)) {
            throw new UnpicklingException("REDUCE: " + Unpickler.typeName(callable) + " is not callable");
        }
        if (!(arguments instanceof PyTuple args)) {
            throw new UnpicklingException("REDUCE: the arguments of " + g + " must be a tuple, not "
                    + Unpickler.typeName(arguments));
        }
        return switch (g) {
            case ORDERED_DICT -> orderedDictOf(args);
            case REBUILD_TENSOR -> {
                arity(g, args, 4, 4);
                yield rebuild(g, storage(g, args, 0), args);
            }
            case REBUILD_TENSOR_V2 -> {
                arity(g, args, 6, 7);
                yield requiresGrad(rebuild(g, storage(g, args, 0), args), bool(g, args, 4));
            }
            case REBUILD_TENSOR_V3 -> {
                arity(g, args, 7, 8);
                if (!(args.get(6) instanceof DType dtype)) {
                    throw argument(g, 6, "a dtype", args.get(6));
                }
                yield requiresGrad(rebuild(g, storage(g, args, 0).retype(dtype), args), bool(g, args, 4));
            }
            case REBUILD_PARAMETER -> {
                arity(g, args, 3, 3);
                yield requiresGrad(tensor(g, args, 0), bool(g, args, 1));
            }
            case REBUILD_PARAMETER_WITH_STATE -> {
                arity(g, args, 4, 4);
                yield requiresGrad(tensor(g, args, 0), bool(g, args, 1));
            }
            case REBUILD_FROM_TYPE_V2 -> rebuildFromType(args);
            case PARAMETER -> parameter(args);
            case TENSOR -> throw new UnpicklingException("calling " + g + " is not supported");
            case SIZE -> {
                arity(g, args, 1, 1);
                yield new PyTuple(longs(g, args, 0).stream().map(Object.class::cast).toArray());
            }
            case DEVICE -> device(args);
            case GET_LAYOUT -> {
                arity(g, args, 1, 1);
                yield string(g, args, 0);
            }
            case CODECS_ENCODE -> encode(args);
            case SET, FROZENSET -> {
                arity(g, args, 0, 1);
                Set<Object> set = new LinkedHashSet<>();
                if (args.size() == 1) {
                    addAll(set, items(g, args.get(0)));
                }
                yield g == TorchGlobal.SET ? set : Collections.unmodifiableSet(set);
            }
            case BYTEARRAY -> {
                arity(g, args, 0, 1);
                if (args.isEmpty()) {
                    yield new byte[0];
                }
                if (!(args.get(0) instanceof byte[] bytes)) {
                    throw argument(g, 0, "bytes", args.get(0));
                }
                yield bytes.clone();
            }
        };
    }

    /** NEWOBJ and NEWOBJ_EX: {@code cls.__new__(cls, *args)}, for the few classes a checkpoint builds so. */
    Object newObject(Object cls, Object arguments) throws UnpicklingException {
        if (!(arguments instanceof PyTuple args)) {
            throw new UnpicklingException("NEWOBJ: the arguments must be a tuple, not " + Unpickler.typeName(arguments));
        }
        if (cls == TorchGlobal.PARAMETER) {
            return parameter(args);
        }
        if (cls == TorchGlobal.ORDERED_DICT) {
            return newOrderedDict();
        }
        if (cls == TorchGlobal.SET) {
            return new LinkedHashSet<>();
        }
        throw new UnpicklingException("NEWOBJ: creating " + Unpickler.typeName(cls) + " objects is not allowed");
    }

    /** BUILD: sets an object's state; allowed on OrderedDicts and tensors, whose Python attributes are dropped. */
    void build(Object instance, Object state) throws UnpicklingException {
        boolean tensor = instance instanceof Tensor || instance == TorchStorage.UNBOUND_TENSOR;
        if (!tensor && !orderedDicts.contains(instance)) {
            throw new UnpicklingException("BUILD: can only set the state of an OrderedDict or a tensor, not "
                    + Unpickler.typeName(instance));
        }
        // An OrderedDict's state holds attributes such as a state dict's _metadata (module versions), a tensor's
        // its Python attributes; neither changes the values.
        if (state != null && !(state instanceof Map)) {
            throw new UnpicklingException("BUILD: the state of " + Unpickler.typeName(instance) + " must be a dict, not "
                    + Unpickler.typeName(state));
        }
    }

    private Object orderedDictOf(PyTuple args) throws UnpicklingException {
        arity(TorchGlobal.ORDERED_DICT, args, 0, 1);
        Map<Object, Object> map = newOrderedDict();
        if (args.size() == 1) {
            Object source = args.get(0);
            if (source instanceof Map<?, ?> other) {
                map.putAll(other);
            } else {
                for (Object pair : items(TorchGlobal.ORDERED_DICT, source)) {
                    if (!(pair instanceof List<?> kv) || kv.size() != 2) {
                        throw new UnpicklingException(TorchGlobal.ORDERED_DICT + ": expected (key, value) pairs, got "
                                + Unpickler.typeName(pair));
                    }
                    Unpickler.checkHashable(kv.get(0));
                    map.put(kv.get(0), kv.get(1));
                }
            }
        }
        return map;
    }

    private Object rebuild(TorchGlobal g, TorchStorage storage, PyTuple args) throws UnpicklingException {
        long offset = longArg(g, args, 1);
        long[] size = toArray(longs(g, args, 2));
        long[] stride = toArray(longs(g, args, 3));
        return storage.view(offset, size, stride, g.pythonName());
    }

    private Object rebuildFromType(PyTuple args) throws UnpicklingException {
        TorchGlobal g = TorchGlobal.REBUILD_FROM_TYPE_V2;
        arity(g, args, 4, 4);
        Object function = args.get(0);
        if (!(function instanceof TorchGlobal f) || !f.rebuildsTensor() || f == g) {
            throw argument(g, 0, "a tensor rebuild function", function);
        }
        if (args.get(1) != TorchGlobal.TENSOR && args.get(1) != TorchGlobal.PARAMETER) {
            throw argument(g, 1, "torch.Tensor or torch.nn.Parameter", args.get(1));
        }
        if (args.get(3) != null && !(args.get(3) instanceof Map)) {
            throw argument(g, 3, "a dict of attributes", args.get(3));
        }
        return call(f, args.get(2));
    }

    private Object parameter(PyTuple args) throws UnpicklingException {
        TorchGlobal g = TorchGlobal.PARAMETER;
        arity(g, args, 1, 2);
        return requiresGrad(tensor(g, args, 0), args.size() < 2 || bool(g, args, 1));
    }

    private static Object device(PyTuple args) throws UnpicklingException {
        TorchGlobal g = TorchGlobal.DEVICE;
        arity(g, args, 1, 2);
        String type = string(g, args, 0);
        return args.size() == 2 && args.get(1) != null ? type + ":" + longArg(g, args, 1) : type;
    }

    private static Object encode(PyTuple args) throws UnpicklingException {
        TorchGlobal g = TorchGlobal.CODECS_ENCODE;
        arity(g, args, 2, 2);
        String text = string(g, args, 0);
        String encoding = string(g, args, 1).toLowerCase(Locale.ROOT).replace('_', '-');
        if (!encoding.equals("latin1") && !encoding.equals("latin-1") && !encoding.equals("iso-8859-1")) {
            throw new UnpicklingException(g + ": only the latin1 encoding is supported, not '" + encoding + "'");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                throw new UnpicklingException(g + ": character U+" + Integer.toHexString(text.charAt(i))
                        + " is not in latin1");
            }
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Object requiresGrad(Object tensor, boolean requires) {
        if (requires && tensor instanceof Tensor t && t.dtype().isFloatingPoint() && !t.requiresGrad()) {
            t.requiresGrad_(true);
        }
        return tensor;
    }

    private static void addAll(Set<Object> set, List<?> items) throws UnpicklingException {
        for (Object item : items) {
            Unpickler.checkHashable(item);
            set.add(item);
        }
    }

    private static List<?> items(TorchGlobal g, Object iterable) throws UnpicklingException {
        if (iterable instanceof List<?> list) {
            return list;
        }
        if (iterable instanceof Set<?> set) {
            return new ArrayList<>(set);
        }
        throw new UnpicklingException(g + ": expected a list, tuple or set, got " + Unpickler.typeName(iterable));
    }

    private static void arity(TorchGlobal g, PyTuple args, int min, int max) throws UnpicklingException {
        if (args.size() < min || args.size() > max) {
            throw new UnpicklingException(g + " takes " + (min == max ? "" + min : min + " to " + max)
                    + " arguments, got " + args.size());
        }
    }

    private static TorchStorage storage(TorchGlobal g, PyTuple args, int i) throws UnpicklingException {
        if (args.get(i) instanceof TorchStorage s) {
            return s;
        }
        throw argument(g, i, "a storage", args.get(i));
    }

    private static Object tensor(TorchGlobal g, PyTuple args, int i) throws UnpicklingException {
        Object o = args.get(i);
        if (o instanceof Tensor || o == TorchStorage.UNBOUND_TENSOR) {
            return o;
        }
        throw argument(g, i, "a tensor", o);
    }

    private static boolean bool(TorchGlobal g, PyTuple args, int i) throws UnpicklingException {
        if (args.get(i) instanceof Boolean b) {
            return b;
        }
        throw argument(g, i, "a bool", args.get(i));
    }

    private static String string(TorchGlobal g, PyTuple args, int i) throws UnpicklingException {
        if (args.get(i) instanceof String s) {
            return s;
        }
        throw argument(g, i, "a str", args.get(i));
    }

    private static long longArg(TorchGlobal g, PyTuple args, int i) throws UnpicklingException {
        if (args.get(i) instanceof Long l) {
            return l;
        }
        throw argument(g, i, args.get(i) instanceof BigInteger ? "an int that fits 64 bits" : "an int", args.get(i));
    }

    private static List<Long> longs(TorchGlobal g, PyTuple args, int i) throws UnpicklingException {
        if (args.get(i) instanceof List<?> list) {
            List<Long> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof Long l)) {
                    throw argument(g, i, "a tuple of ints", args.get(i));
                }
                out.add(l);
            }
            return out;
        }
        throw argument(g, i, "a tuple of ints", args.get(i));
    }

    private static long[] toArray(List<Long> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static UnpicklingException argument(TorchGlobal g, int index, String expected, Object got) {
        return new UnpicklingException(g + ": argument " + (index + 1) + " must be " + expected + ", not "
                + Unpickler.typeName(got));
    }
}
