package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import dev.arbor.testing.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Each layer's initial parameters follow PyTorch's distributions: mean, standard deviation and (for
 * bounded distributions and constants) the extremes agree with those of PyTorch's own initialisation
 * of the same layer (layers/init.json) within sampling tolerance. The random streams differ, so values
 * are never compared.
 */
class LayerInitTest {
    private static final Map<String, Supplier<Module>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("linear", () -> new Linear(200, 100));
        LAYERS.put("conv2d", () -> new Conv2d(16, 64, 3));
        LAYERS.put("conv1d_groups", () -> Conv1d.options(32, 64, 5).groups(4).build());
        LAYERS.put("conv_transpose2d", () -> ConvTranspose2d.options(32, 16, 4).groups(2).build());
        LAYERS.put("batch_norm2d", () -> new BatchNorm2d(64));
        LAYERS.put("layer_norm", () -> new LayerNorm(64));
        LAYERS.put("group_norm", () -> new GroupNorm(4, 64));
        LAYERS.put("prelu", () -> new PReLU(16, 0.3));
        LAYERS.put("embedding", () -> Embedding.options(500, 32).paddingIdx(3L).build());
        LAYERS.put("embedding_bag", () -> new EmbeddingBag(500, 32));
        LAYERS.put("mha", () -> new MultiheadAttention(64, 4));
        LAYERS.put("mha_separate_bias_kv", () -> MultiheadAttention.options(64, 4).kdim(32L).vdim(48L).addBiasKv(true)
                .build());
        LAYERS.put("rnn", () -> new RNN(32, 64, 2));
        LAYERS.put("lstm_proj", () -> LSTM.options(32, 64).projSize(16).bidirectional(true).build());
        LAYERS.put("gru", () -> new GRU(32, 64));
        LAYERS.put("lstm_cell", () -> new LSTMCell(32, 64));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fixture() throws IOException {
        try (InputStream in = LayerInitTest.class.getResourceAsStream("/fixtures/layers/init.json")) {
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void initialDistributionsMatchPyTorchs() throws IOException {
        Generator.defaultGenerator().manualSeed(17);
        Map<String, Object> expected = fixture();
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(LAYERS.keySet()), "the same cases as the script");
        LAYERS.forEach((layer, make) -> {
            Module m = make.get();
            Map<String, Object> params = (Map<String, Object>) expected.get(layer);
            assertEquals(List.copyOf(params.keySet()), List.copyOf(m.namedParameters().keySet()), layer);
            params.forEach((name, s) -> {
                Map<String, Object> stats = (Map<String, Object>) s;
                String what = layer + "." + name;
                Tensor p = m.getParameter(name).detach().to(DType.FLOAT64);
                double n = num(stats, "numel");
                double std = num(stats, "std");
                double mean = p.mean().item();
                double sd = n > 1 ? p.std(new int[0], 1, false).item() : 0;
                // two independent estimates: their difference has about sqrt(2) times each one's error
                assertEquals(num(stats, "mean"), mean, 6 * std * Math.sqrt(2 / n) + 1e-12, what + " mean");
                assertEquals(std, sd, 6 * std / Math.sqrt(n) + 1e-12, what + " std");
                if ((Boolean) stats.get("bounded")) {
                    // n uniform samples leave a gap of about range / (n + 1) to each bound
                    double gap = 10 * (num(stats, "max") - num(stats, "min")) / (n + 1) + 1e-12;
                    assertEquals(num(stats, "min"), p.min().item(), gap, what + " min");
                    assertEquals(num(stats, "max"), p.max().item(), gap, what + " max");
                }
            });
        });
    }

    @Test
    void resetParametersRedrawsFromTheSameDistribution() {
        Conv2d conv = new Conv2d(8, 8, 3);
        conv.weight().detach().fill_(5);
        conv.resetParameters();
        double bound = 1 / Math.sqrt(8 * 9);
        assertTrue(conv.weight().abs().max().item() <= bound);
        LSTM lstm = new LSTM(4, 16);
        lstm.resetParameters();
        for (Parameter p : lstm.parameters()) {
            assertTrue(p.abs().max().item() <= 0.25);
        }
    }
}
