package dev.arbor.pytorch;

import static dev.arbor.pytorch.Opcodes.*;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.io.AtomicFiles;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Storage;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@code torch.save} zip checkpoint: {@code archive/data.pkl}, {@code archive/byteorder},
 * one {@code archive/data/KEY} per storage and {@code archive/version}. Tensors that share a storage
 * (views, tied weights) share one storage entry holding only the span they use, so views stay views
 * after {@code torch.load}; strides are kept as they are.
 */
final class TorchCheckpointWriter {
    /** The archive folder, as {@code torch.save} names it since PyTorch 2. */
    static final String PREFIX = "archive/";
    /** The file-format version {@code torch.save} of PyTorch 1.6 to 2.x writes. */
    static final String FORMAT_VERSION = "3\n";
    /** How deep maps and lists may nest: deeper is taken for a cycle. */
    static final int MAX_DEPTH = 1000;

    /** The span of one storage that the tensors of one dtype viewing it use, and its key. */
    private static final class Span {
        final String key;
        final CpuStorage storage;
        final DType dtype;
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;

        Span(String key, CpuStorage storage, DType dtype) {
            this.key = key;
            this.storage = storage;
            this.dtype = dtype;
        }

        long start() {
            return lo > hi ? 0 : lo;
        }

        long numel() {
            return lo > hi ? 0 : hi - lo;
        }
    }

    private final boolean orderedMaps;
    private final Map<Tensor, Tensor> onCpu = new IdentityHashMap<>();
    private final Map<Storage, Map<DType, Span>> spans = new IdentityHashMap<>();
    private final List<Span> order = new ArrayList<>();
    private final PickleWriter pickle = new PickleWriter();

    private TorchCheckpointWriter(boolean orderedMaps) {
        this.orderedMaps = orderedMaps;
    }

    /**
     * Writes {@code root} to {@code path} through {@link AtomicFiles}; with {@code orderedMaps}, maps
     * become {@code OrderedDict}s (as state dicts are), else plain dicts.
     */
    static void write(Object root, boolean orderedMaps, Path path) throws IOException {
        TorchCheckpointWriter writer = new TorchCheckpointWriter(orderedMaps);
        writer.collect(root, 0);
        writer.writeValue(root, 0);
        byte[] data = writer.pickle.finish();
        AtomicFiles.write(path, tmp -> {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ZipWriter zip = new ZipWriter(channel);
                zip.add(PREFIX + "data.pkl", MemorySegment.ofArray(data));
                String byteOrder = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big";
                zip.add(PREFIX + "byteorder", MemorySegment.ofArray(byteOrder.getBytes(StandardCharsets.US_ASCII)));
                for (Span span : writer.order) {
                    long elementSize = span.dtype.byteSize();
                    zip.add(PREFIX + "data/" + span.key, span.storage.segment()
                            .asSlice(span.start() * elementSize, span.numel() * elementSize));
                }
                zip.add(PREFIX + "version", MemorySegment.ofArray(FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII)));
                zip.finish();
            }
        });
    }

    /** First pass: finds every tensor and the storage span each storage's tensors use. */
    private void collect(Object o, int depth) throws IOException {
        checkDepth(depth);
        switch (o) {
            case Tensor t -> addTensor(t);
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    collect(e.getKey(), depth + 1);
                    collect(e.getValue(), depth + 1);
                }
            }
            case Iterable<?> items -> {
                for (Object item : items) {
                    collect(item, depth + 1);
                }
            }
            case null, default -> { }
        }
    }

    private void addTensor(Tensor original) throws IOException {
        Tensor t = onCpu.get(original);
        if (t != null) {
            return;
        }
        if (!StorageType.TYPE_NAMES.containsKey(original.dtype())) {
            throw new IOException("cannot save a " + original.dtype() + " tensor in a PyTorch checkpoint: torch has no "
                    + "storage type for it; convert it (to int64, say) or use safetensors");
        }
        t = original.device().equals(Device.CPU) ? original : original.cpu();
        if (!(t.storage() instanceof CpuStorage storage)) {
            throw new IOException("cannot save a tensor whose storage is a " + t.storage().getClass().getName());
        }
        onCpu.put(original, t);
        Span span = spans.computeIfAbsent(storage, s -> new LinkedHashMap<>()).computeIfAbsent(t.dtype(), d -> {
            Span s = new Span(Integer.toString(order.size()), storage, d);
            order.add(s);
            return s;
        });
        if (t.numel() > 0) {
            long last = t.offset();
            for (int i = 0; i < t.dim(); i++) {
                last += (t.size(i) - 1) * t.stride(i);
            }
            span.lo = Math.min(span.lo, t.offset());
            span.hi = Math.max(span.hi, last + 1);
        }
    }

    private Span span(Tensor t) {
        return spans.get(t.storage()).get(t.dtype());
    }

    /** Second pass: the pickle. */
    private void writeValue(Object o, int depth) throws IOException {
        checkDepth(depth);
        switch (o) {
            case null -> pickle.none();
            case Boolean b -> pickle.bool(b);
            case Long l -> pickle.integer(l);
            case Integer i -> pickle.integer(i);
            case Short s -> pickle.integer(s);
            case Byte b -> pickle.integer(b);
            case BigInteger b -> pickle.integer(b);
            case Double d -> pickle.floating(d);
            case Float f -> pickle.floating(f);
            case String s -> pickle.string(s);
            case byte[] bytes -> {
                pickle.global("_codecs", "encode");
                pickle.string(new String(bytes, StandardCharsets.ISO_8859_1));
                pickle.string("latin1");
                pickle.endTuple(2);
                pickle.opcode(REDUCE);
            }
            case DType d -> pickle.global("torch", d.typeName());
            case Tensor t -> tensor(onCpu.get(t));
            case Map<?, ?> map -> {
                if (orderedMaps) {
                    pickle.emptyOrderedDict();
                } else {
                    pickle.opcode(EMPTY_DICT);
                }
                pickle.batches(new ArrayList<>(map.entrySet()), SETITEMS, e -> {
                    writeValue(e.getKey(), depth + 1);
                    writeValue(e.getValue(), depth + 1);
                });
            }
            case PyTuple tuple -> {
                if (tuple.size() > 3) {
                    pickle.opcode(MARK);
                }
                for (Object item : tuple) {
                    writeValue(item, depth + 1);
                }
                pickle.endTuple(tuple.size());
            }
            case List<?> list -> {
                pickle.opcode(EMPTY_LIST);
                pickle.batches(list, APPENDS, item -> writeValue(item, depth + 1));
            }
            case Set<?> set -> {
                pickle.global("__builtin__", "set");
                pickle.opcode(EMPTY_LIST);
                pickle.batches(new ArrayList<>(set), APPENDS, item -> writeValue(item, depth + 1));
                pickle.endTuple(1);
                pickle.opcode(REDUCE);
            }
            default -> throw new IOException("cannot save a " + o.getClass().getName() + " in a PyTorch checkpoint; "
                    + "only tensors, maps, lists, sets, strings, numbers, booleans, dtypes and null");
        }
    }

    /** {@code _rebuild_tensor_v2((storage pid), offset, size, stride, requires_grad, OrderedDict())}. */
    private void tensor(Tensor t) {
        Span span = span(t);
        pickle.global("torch._utils", "_rebuild_tensor_v2");
        pickle.opcode(MARK);
        pickle.opcode(MARK);
        pickle.string("storage");
        pickle.global("torch", StorageType.TYPE_NAMES.get(t.dtype()) + "Storage");
        pickle.string(span.key);
        pickle.string("cpu");
        pickle.integer(span.numel());
        pickle.opcode(TUPLE);
        pickle.opcode(BINPERSID);
        pickle.integer(t.numel() == 0 ? 0 : t.offset() - span.start());
        pickle.tuple(t.shape());
        pickle.tuple(t.strides());
        pickle.bool(t.requiresGrad());
        pickle.emptyOrderedDict();
        pickle.opcode(TUPLE);
        pickle.opcode(REDUCE);
    }

    private static void checkDepth(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("cannot save a checkpoint nested deeper than " + MAX_DEPTH + " levels (a cycle?)");
        }
    }
}
