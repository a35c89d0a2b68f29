package dev.arbor.pytorch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors header: the JSON object after the 8-byte length, mapping each tensor's name to its
 * dtype, shape and byte range in the data that follows, plus optional {@code __metadata__} (string to
 * string). Parsing validates all of it before any data is read, as the reference implementation does:
 * well-formed UTF-8 JSON starting with '{', no duplicate names, known dtypes, non-negative integer
 * shapes and offsets, shape times dtype size equal to each range's length, and ranges that tile the
 * data exactly (no gap, no overlap, nothing out of range).
 */
final class SafetensorsHeader {
    /** The reference implementation's limit on the header's size. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    static final String METADATA = "__metadata__";

    /** The dtypes by safetensors name, in the reference's order (its writer sorts by this, largest first). */
    static final Map<String, DType> DTYPES = dtypes();
    private static final Set<String> FLOAT8 = Set.of("F8_E5M2", "F8_E4M3", "F8_E4M3FN", "F8_E4M3FNUZ", "F8_E5M2FNUZ",
            "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2");

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(40).build())
            .build();

    /** One tensor's entry. */
    record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    private final List<Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    private static Map<String, DType> dtypes() {
        Map<String, DType> m = new LinkedHashMap<>();
        m.put("BOOL", DType.BOOL);
        m.put("U8", DType.UINT8);
        m.put("I8", DType.INT8);
        m.put("I16", DType.INT16);
        m.put("U16", DType.UINT16);
        m.put("F16", DType.FLOAT16);
        m.put("BF16", DType.BFLOAT16);
        m.put("I32", DType.INT32);
        m.put("U32", DType.UINT32);
        m.put("F32", DType.FLOAT32);
        m.put("F64", DType.FLOAT64);
        m.put("I64", DType.INT64);
        m.put("U64", DType.UINT64);
        return Collections.unmodifiableMap(m);
    }

    /** The safetensors name of {@code dtype}. */
    static String nameOf(DType dtype) {
        for (Map.Entry<String, DType> e : DTYPES.entrySet()) {
            if (e.getValue() == dtype) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("no safetensors name for " + dtype);
    }

    /** The entries in header order. */
    List<Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} map, empty when absent. */
    Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Parses and validates a header of {@code json} bytes, for a file holding {@code dataLength} bytes of
     * tensor data after it; {@code source} names the file in messages.
     */
    static SafetensorsHeader parse(byte[] json, long dataLength, String source) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(source, "the header is not valid UTF-8");
        }
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw invalid(source, "the header does not start with '{'");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(METADATA)) {
                    metadata = metadata(p, value, source);
                } else {
                    entries.add(entry(p, value, name, source));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw invalid(source, "the header has content after its JSON object");
            }
        } catch (JsonProcessingException e) {
            throw invalid(source, "the header is not valid JSON: " + e.getOriginalMessage());
        }
        validateLayout(entries, dataLength, source);
        return new SafetensorsHeader(List.copyOf(entries), metadata);
    }

    private static Map<String, String> metadata(JsonParser p, JsonToken value, String source) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value == JsonToken.VALUE_NULL) {
            return metadata;
        }
        if (value != JsonToken.START_OBJECT) {
            throw invalid(source, METADATA + " must be an object of strings");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw invalid(source, METADATA + " value of '" + key + "' must be a string");
            }
            metadata.put(key, p.getText());
        }
        return metadata;
    }

    private static Entry entry(JsonParser p, JsonToken value, String name, String source) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw invalid(source, "the entry of tensor '" + name + "' is not an object");
        }
        String dtypeName = null;
        long[] shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (token != JsonToken.VALUE_STRING) {
                        throw invalid(source, "tensor '" + name + "': dtype must be a string");
                    }
                    dtypeName = p.getText();
                }
                case "shape" -> shape = integers(p, token, name, "shape", source);
                case "data_offsets" -> offsets = integers(p, token, name, "data_offsets", source);
                default -> p.skipChildren();
            }
        }
        if (dtypeName == null || shape == null || offsets == null) {
            throw invalid(source, "tensor '" + name + "' lacks " + (dtypeName == null ? "dtype"
                    : shape == null ? "shape" : "data_offsets"));
        }
        if (offsets.length != 2) {
            throw invalid(source, "tensor '" + name + "': data_offsets must be [begin, end], not "
                    + Shapes.str(offsets));
        }
        DType dtype = DTYPES.get(dtypeName);
        if (dtype == null) {
            throw new IOException(source + ": tensor '" + name + "' has dtype " + dtypeName + (FLOAT8.contains(dtypeName)
                    ? ", which Arbor cannot represent (it has no 8-, 6- or 4-bit floating-point dtype)"
                    : ", which is not a safetensors dtype (known: " + DTYPES.keySet() + ")"));
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] integers(JsonParser p, JsonToken token, String tensor, String field, String source)
            throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw invalid(source, "tensor '" + tensor + "': " + field + " must be an array of integers");
        }
        List<Long> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (values.size() == TorchStorage.MAX_RANK) {
                throw invalid(source, "tensor '" + tensor + "': " + field + " has more than " + TorchStorage.MAX_RANK
                        + " values");
            }
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0) {
                throw invalid(source, "tensor '" + tensor + "': " + field + " holds '" + p.getText()
                        + "', not an integer from 0 to 2^63-1");
            }
            values.add(p.getLongValue());
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** Checks sizes against shapes and that the byte ranges tile {@code [0, dataLength)} exactly. */
    private static void validateLayout(List<Entry> entries, long dataLength, String source) throws IOException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.end() < e.begin()) {
                throw invalid(source, "tensor '" + e.name() + "' ends (byte " + e.end() + ") before it begins (byte "
                        + e.begin() + ")");
            }
            if (e.begin() < expected) {
                throw invalid(source, "tensors '" + previous.name() + "' and '" + e.name() + "' overlap (bytes "
                        + e.begin() + " to " + Math.min(expected, e.end()) + ")");
            }
            if (e.begin() > expected) {
                throw invalid(source, "bytes " + expected + " to " + e.begin() + " of the data belong to no tensor");
            }
            long numel = numelOrMinusOne(e.shape());
            if (numel < 0 || numel > Long.MAX_VALUE / e.dtype().byteSize()) {
                throw invalid(source, "tensor '" + e.name() + "': shape " + Shapes.str(e.shape()) + " overflows");
            }
            long bytes = numel * e.dtype().byteSize();
            if (e.end() - e.begin() != bytes) {
                throw invalid(source, "tensor '" + e.name() + "' of dtype " + nameOf(e.dtype()) + " and shape "
                        + Shapes.str(e.shape()) + " needs " + bytes + " bytes, but its data_offsets [" + e.begin() + ", "
                        + e.end() + "] span " + (e.end() - e.begin()));
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataLength) {
            throw invalid(source, "the tensors cover " + expected + " bytes of data, but the file holds " + dataLength
                    + " bytes after the header" + (expected > dataLength ? " (truncated?)" : ""));
        }
    }

    private static long numelOrMinusOne(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d != 0 && n > Long.MAX_VALUE / d) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    private static IOException invalid(String source, String what) {
        return new IOException(source + ": invalid safetensors header: " + what);
    }
}
