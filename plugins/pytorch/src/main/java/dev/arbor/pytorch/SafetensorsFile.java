package dev.arbor.pytorch;

import dev.arbor.tensor.Tensor;
import java.util.Map;
import java.util.SequencedMap;

/**
 * What a safetensors file holds.
 *
 * @param tensors the tensors by name, in the header's order, viewing the mapped file without a copy
 * @param metadata the header's {@code __metadata__} (such as {@code format: pt}); empty when absent
 */
public record SafetensorsFile(SequencedMap<String, Tensor> tensors, Map<String, String> metadata) {}
