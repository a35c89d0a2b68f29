package dev.arbor.io;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adapts a state dict from a real checkpoint to a model's names and precision before
 * {@code loadStateDict}: key rules applied in the order they were added (strip a prefix, add one,
 * rename by regular expression), then an optional dtype conversion of floating-point tensors.
 *
 * <pre>{@code
 * StateDictMapping mapping = StateDictMapping.builder()
 *         .stripPrefix("module.")                        // saved from DataParallel
 *         .rename("^backbone\\.", "features.")           // a renamed submodule
 *         .rename("\\.gamma$", ".weight")                // old LayerNorm names
 *         .floatingDType(DType.FLOAT32)                  // a half-precision checkpoint
 *         .build();
 * model.loadStateDict(mapping.apply(StateDicts.load(path)), true);
 * }</pre>
 *
 * <p>Keys keep their order. Tensors not converted are the same objects (still viewing the file, for
 * formats that map it). Two keys that the rules turn into one are an error naming both, so no tensor is
 * silently dropped.
 */
public final class StateDictMapping {
    private final List<UnaryOperator<String>> rules;
    private final List<String> descriptions;
    private final DType floatingDType;

    private StateDictMapping(List<UnaryOperator<String>> rules, List<String> descriptions, DType floatingDType) {
        this.rules = List.copyOf(rules);
        this.descriptions = List.copyOf(descriptions);
        this.floatingDType = floatingDType;
    }

    /** {@return a builder with no rules} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the key a state-dict key becomes under the rules, applied in order}
     *
     * @param key a key of the source state dict
     */
    public String mapKey(String key) {
        String k = key;
        for (UnaryOperator<String> rule : rules) {
            k = rule.apply(k);
        }
        return k;
    }

    /**
     * Applies the rules to every key and the dtype conversion to every floating-point tensor.
     *
     * @param stateDict the source state dict; it is not changed
     * @return a new state dict with the mapped keys, in the source's order
     * @throws IllegalArgumentException when two keys map to one, or a key maps to the empty string
     */
    public SequencedMap<String, Tensor> apply(Map<String, Tensor> stateDict) {
        SequencedMap<String, Tensor> out = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
            String key = mapKey(e.getKey());
            if (key.isEmpty()) {
                throw new IllegalArgumentException("state-dict key '" + e.getKey() + "' maps to an empty key under "
                        + this);
            }
            String earlier = sources.putIfAbsent(key, e.getKey());
            if (earlier != null) {
                throw new IllegalArgumentException("state-dict keys '" + earlier + "' and '" + e.getKey()
                        + "' both map to '" + key + "' under " + this);
            }
            Tensor t = e.getValue();
            if (floatingDType != null && t.dtype().isFloatingPoint() && t.dtype() != floatingDType) {
                t = t.to(floatingDType);
            }
            out.put(key, t);
        }
        return out;
    }

    /** The rules, for messages: {@code [strip prefix 'module.', rename /^a/ to 'b', floating to float32]}. */
    @Override
    public String toString() {
        List<String> all = new ArrayList<>(descriptions);
        if (floatingDType != null) {
            all.add("floating-point tensors to " + floatingDType);
        }
        return all.toString();
    }

    /** Collects rules in order. */
    public static final class Builder {
        private final List<UnaryOperator<String>> rules = new ArrayList<>();
        private final List<String> descriptions = new ArrayList<>();
        private DType floatingDType;

        private Builder() {}

        /**
         * Removes {@code prefix} from the keys that start with it (as PyTorch's
         * {@code consume_prefix_in_state_dict_if_present}); other keys are kept.
         *
         * @param prefix the prefix, such as {@code "module."}
         * @return this builder
         */
        public Builder stripPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            rules.add(k -> k.startsWith(prefix) ? k.substring(prefix.length()) : k);
            descriptions.add("strip prefix '" + prefix + "'");
            return this;
        }

        /**
         * Puts {@code prefix} before every key.
         *
         * @param prefix the prefix, such as {@code "model."}
         * @return this builder
         */
        public Builder addPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            rules.add(k -> prefix + k);
            descriptions.add("add prefix '" + prefix + "'");
            return this;
        }

        /**
         * Replaces every match of the regular expression {@code regex} in a key by {@code replacement},
         * which may refer to groups as {@code $1} ({@link Matcher#replaceAll(String)}).
         *
         * @param regex a {@link Pattern} regular expression
         * @param replacement the replacement text
         * @return this builder
         * @throws java.util.regex.PatternSyntaxException when {@code regex} is not valid
         */
        public Builder rename(String regex, String replacement) {
            Pattern pattern = Pattern.compile(regex);
            Objects.requireNonNull(replacement, "replacement");
            rules.add(k -> pattern.matcher(k).replaceAll(replacement));
            descriptions.add("rename /" + regex + "/ to '" + replacement + "'");
            return this;
        }

        /**
         * Converts floating-point tensors to {@code dtype} (a floating-point type), leaving integer and
         * bool tensors such as BatchNorm's {@code num_batches_tracked} as they are, as
         * {@code Module.to(dtype)} does; null turns conversion off.
         *
         * @param dtype the floating-point dtype, or null for no conversion
         * @return this builder
         * @throws IllegalArgumentException when {@code dtype} is not floating point
         */
        public Builder floatingDType(DType dtype) {
            if (dtype != null && !dtype.isFloatingPoint()) {
                throw new IllegalArgumentException("floatingDType needs a floating-point dtype, not " + dtype);
            }
            this.floatingDType = dtype;
            return this;
        }

        /** {@return the mapping with the rules added so far} */
        public StateDictMapping build() {
            return new StateDictMapping(rules, descriptions, floatingDType);
        }
    }
}
