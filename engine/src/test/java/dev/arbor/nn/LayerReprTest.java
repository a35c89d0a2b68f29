package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;
import dev.arbor.testing.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The repr and the state dict (keys, shapes, dtypes) of every layer for a set of constructor
 * arguments, against PyTorch's (layers/reprs.json): each entry here is built with the arguments the
 * generator script gives PyTorch under the same name.
 */
class LayerReprTest {
    private static final Map<String, Supplier<Module>> LAYERS = new LinkedHashMap<>();

    private static void add(String name, Supplier<Module> make) {
        LAYERS.put(name, make);
    }

    static {
        add("conv1d", () -> Conv1d.options(16, 33, 3).stride(2).build());
        add("conv2d", () -> new Conv2d(3, 16, 3));
        add("conv2d_full", () -> Conv2d.options(4, 8, 3, 5).stride(2, 1).padding(4, 2).dilation(3, 1).groups(2)
                .bias(false).paddingMode("circular").build());
        add("conv2d_same", () -> Conv2d.options(3, 16, 3).padding("same").paddingMode("reflect").build());
        add("conv2d_valid", () -> Conv2d.options(3, 16, 3).padding("valid").build());
        add("conv3d", () -> Conv3d.options(4, 8, 3).padding(1).paddingMode("replicate").build());
        add("conv_transpose1d", () -> new ConvTranspose1d(8, 4, 3));
        add("conv_transpose2d", () -> ConvTranspose2d.options(16, 8, 4).stride(2).padding(1).outputPadding(1)
                .groups(4).dilation(2).bias(false).build());
        add("conv_transpose3d", () -> ConvTranspose3d.options(4, 2, 2).stride(2).build());
        add("max_pool1d", () -> new MaxPool1d(3));
        add("max_pool2d", () -> new MaxPool2d(3, 2, 1));
        add("max_pool2d_tuple", () -> MaxPool2d.options(2, 3).dilation(1, 2).ceilMode(true).returnIndices(true)
                .build());
        add("max_pool3d", () -> new MaxPool3d(2, 1));
        add("avg_pool1d", () -> new AvgPool1d(3));
        add("avg_pool1d_stride", () -> new AvgPool1d(4, 2, 1));
        add("avg_pool2d", () -> new AvgPool2d(3, 2));
        add("avg_pool2d_tuple", () -> AvgPool2d.options(2, 3).padding(1, 1).countIncludePad(false)
                .divisorOverride(2L).build());
        add("avg_pool3d", () -> new AvgPool3d(2));
        add("adaptive_avg_pool1d", () -> new AdaptiveAvgPool1d(5));
        add("adaptive_avg_pool2d", () -> new AdaptiveAvgPool2d(1));
        add("adaptive_avg_pool2d_tuple", () -> new AdaptiveAvgPool2d(3, 4));
        add("adaptive_avg_pool3d", () -> new AdaptiveAvgPool3d(2));
        add("adaptive_max_pool1d", () -> new AdaptiveMaxPool1d(3));
        add("adaptive_max_pool2d", () -> new AdaptiveMaxPool2d(2, 2));
        add("adaptive_max_pool3d", () -> new AdaptiveMaxPool3d(2));
        add("batch_norm1d", () -> new BatchNorm1d(10));
        add("batch_norm2d", () -> BatchNorm2d.options(4).eps(1e-3).momentum(null).build());
        add("batch_norm2d_plain", () -> BatchNorm2d.options(4).affine(false).trackRunningStats(false).build());
        add("batch_norm3d", () -> BatchNorm3d.options(2).momentum(0.01).build());
        add("instance_norm1d", () -> new InstanceNorm1d(3));
        add("instance_norm2d", () -> new InstanceNorm2d(3));
        add("instance_norm2d_full", () -> InstanceNorm2d.options(3).affine(true).trackRunningStats(true).build());
        add("instance_norm3d", () -> InstanceNorm3d.options(2).eps(1e-4).build());
        add("layer_norm", () -> new LayerNorm(10));
        add("layer_norm_shape", () -> new LayerNorm(new long[] {4, 5}, 1e-6, false));
        add("group_norm", () -> new GroupNorm(2, 6));
        add("group_norm_plain", () -> new GroupNorm(3, 6, 1e-3, false));
        add("local_response_norm", () -> new LocalResponseNorm(2));
        add("local_response_norm_full", () -> new LocalResponseNorm(5, 1e-3, 0.5, 2.0));
        add("embedding", () -> new Embedding(10, 3));
        add("embedding_full", () -> Embedding.options(10, 3).paddingIdx(-1L).maxNorm(1.5).normType(1.0)
                .scaleGradByFreq(true).build());
        add("embedding_bag", () -> new EmbeddingBag(10, 3));
        add("embedding_bag_full", () -> EmbeddingBag.options(10, 3).maxNorm(2.0).mode("max").paddingIdx(0L).build());
        add("dropout", Dropout::new);
        add("dropout_p", () -> new Dropout(0.25, true));
        add("dropout1d", () -> new Dropout1d(0.1));
        add("dropout2d", Dropout2d::new);
        add("dropout3d", () -> new Dropout3d(0.3));
        add("alpha_dropout", () -> new AlphaDropout(0.2));
        add("feature_alpha_dropout", FeatureAlphaDropout::new);
        add("upsample", () -> new Upsample(2));
        add("upsample_tuple", () -> Upsample.options().scaleFactor(2.0, 1.5).mode("bilinear").build());
        add("upsample_size", () -> Upsample.options().size(3, 4).mode("bicubic").alignCorners(true).build());
        add("upsample_size_int", () -> new Upsample(new long[] {5}, "nearest"));
        add("pixel_shuffle", () -> new PixelShuffle(3));
        add("pixel_unshuffle", () -> new PixelUnshuffle(2));
        add("relu", ReLU::new);
        add("relu_inplace", () -> new ReLU(true));
        add("relu6", ReLU6::new);
        add("relu6_inplace", () -> new ReLU6(true));
        add("leaky_relu", LeakyReLU::new);
        add("leaky_relu_full", () -> new LeakyReLU(0.2, true));
        add("prelu", PReLU::new);
        add("prelu_channels", () -> new PReLU(8, 0.1));
        add("elu", ELU::new);
        add("elu_full", () -> new ELU(0.5, true));
        add("selu", SELU::new);
        add("selu_inplace", () -> new SELU(true));
        add("celu", () -> new CELU(2.0));
        add("gelu", GELU::new);
        add("gelu_tanh", () -> new GELU("tanh"));
        add("silu", SiLU::new);
        add("silu_inplace", () -> new SiLU(true));
        add("mish", Mish::new);
        add("sigmoid", Sigmoid::new);
        add("tanh", Tanh::new);
        add("hardtanh", Hardtanh::new);
        add("hardtanh_full", () -> new Hardtanh(-2.0, 3.5, true));
        add("hardswish", () -> new Hardswish(true));
        add("hardsigmoid", Hardsigmoid::new);
        add("softplus", Softplus::new);
        add("softplus_floats", () -> new Softplus(0.5, 10.0));
        add("softsign", Softsign::new);
        add("softmax", () -> new Softmax(1));
        add("softmax_none", Softmax::new);
        add("log_softmax", () -> new LogSoftmax(-1));
        add("softmin", () -> new Softmin(0));
        add("threshold", () -> new Threshold(0.1, 20));
        add("threshold_inplace", () -> new Threshold(1, 0.5, true));
        add("glu", GLU::new);
        add("logsigmoid", LogSigmoid::new);
        add("tanhshrink", Tanhshrink::new);
        add("softshrink", Softshrink::new);
        add("hardshrink", () -> new Hardshrink(0.25));
        add("mha", () -> new MultiheadAttention(8, 2));
        add("mha_full", () -> MultiheadAttention.options(8, 4).dropout(0.1).bias(false).addBiasKv(true).kdim(6L)
                .vdim(5L).batchFirst(true).build());
        add("encoder_layer", () -> new TransformerEncoderLayer(8, 2, 16, 0.1));
        add("encoder_layer_module_activation", () -> TransformerEncoderLayer.options(8, 2).dimFeedforward(16)
                .activationModule(GELU::new).normFirst(true).build());
        add("encoder", () -> new TransformerEncoder(new TransformerEncoderLayer(8, 2, 16, 0.1), 2, new LayerNorm(8)));
        add("decoder_layer", () -> new TransformerDecoderLayer(8, 2, 16, 0.2));
        add("decoder", () -> new TransformerDecoder(new TransformerDecoderLayer(8, 2, 16, 0.1), 2));
        add("resnet", NetworkLayersTest.TinyResNet::new);
        add("rnn", () -> new RNN(10, 20));
        add("rnn_full", () -> RNN.options(10, 20).numLayers(3).nonlinearity("relu").bias(false).batchFirst(true)
                .dropout(0.5).bidirectional(true).build());
        add("lstm", () -> new LSTM(10, 20, 2));
        add("lstm_proj", () -> LSTM.options(10, 20).numLayers(2).projSize(5).bidirectional(true).build());
        add("gru", () -> new GRU(10, 20));
        add("gru_full", () -> GRU.options(10, 20).numLayers(2).batchFirst(true).dropout(0.25).build());
        add("rnn_cell", () -> new RNNCell(10, 20));
        add("rnn_cell_full", () -> new RNNCell(10, 20, false, "relu"));
        add("lstm_cell", () -> new LSTMCell(10, 20));
        add("gru_cell", () -> new GRUCell(10, 20, false));
        add("loss_mse", MSELoss::new);
        add("loss_l1", () -> new L1Loss(Reduction.SUM));
        add("loss_smooth_l1", () -> new SmoothL1Loss(Reduction.MEAN, 0.5));
        add("loss_huber", HuberLoss::new);
        add("loss_cross_entropy", CrossEntropyLoss::new);
        add("loss_cross_entropy_weight", () -> CrossEntropyLoss.options().weight(Tensor.ones(3)).labelSmoothing(0.1)
                .build());
        add("loss_nll", () -> new NLLLoss(Tensor.ones(4)));
        add("loss_bce", BCELoss::new);
        add("loss_bce_logits", () -> new BCEWithLogitsLoss(null, Reduction.MEAN, Tensor.ones(3)));
        add("loss_kl_div", () -> new KLDivLoss(Reduction.BATCHMEAN));
        add("loss_cosine_embedding", () -> new CosineEmbeddingLoss(0.5));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fixture() throws IOException {
        try (InputStream in = LayerReprTest.class.getResourceAsStream("/fixtures/layers/reprs.json")) {
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void reprsAndStateDictsMatchPyTorch() throws IOException {
        Map<String, Object> expected = fixture();
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(LAYERS.keySet()), "the same cases as the script");
        LAYERS.forEach((name, make) -> {
            Module m = make.get();
            Map<String, Object> e = (Map<String, Object>) expected.get(name);
            assertEquals(e.get("repr"), m.toString(), name + " repr");
            List<String> rows = new ArrayList<>();
            for (Object row : (List<Object>) e.get("state_dict")) {
                List<Object> r = (List<Object>) row;
                List<Long> shape = ((List<Object>) r.get(1)).stream().map(v -> ((Number) v).longValue()).toList();
                rows.add(r.get(0) + " " + shape + " " + r.get(2));
            }
            List<String> actual = new ArrayList<>();
            m.stateDict().forEach((k, v) -> actual.add(k + " " + java.util.Arrays.toString(v.shape()) + " " + v.dtype()));
            Fixtures.assertListEquals(rows, actual, name + " state_dict");
        });
    }
}
