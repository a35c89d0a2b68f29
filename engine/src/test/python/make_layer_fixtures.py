#!/usr/bin/python3
"""Writes the PyTorch reference fixtures of Arbor's nn layers and loss modules.

Run by hand with Debian's python3-torch 1.13 (not by the build):

    /usr/bin/python3 engine/src/test/python/make_layer_fixtures.py

It writes to engine/src/test/resources/fixtures/layers/:

- <case>.npz for each numeric case: the module's state dict before the call ("sd.<key>", random
  weights so every parameter matters), the inputs ("in.<name>"), the outputs ("out.<i>", nested
  outputs as "out.<i>.<j>"), the upstream gradient of each floating output ("grad_out.<path>"), the
  gradients of the inputs and parameters ("grad.in.<name>", "grad.sd.<key>"; zeros where PyTorch has
  none) and, where the call changes state (running statistics, max_norm), the state dict after it
  ("post.<key>").
- reprs.json: for each constructor case, repr(module) and its state dict as [key, shape, dtype] rows.
- init.json: for each initialisation case, per parameter, mean, std, min and max of PyTorch's own
  initialisation (the Java tests compare distributions, not values).

The Java tests (dev.arbor.nn.*LayersTest, LayerReprTest, LayerInitTest) build the same modules with
the same arguments, written in both places, and load the state dicts.
"""
import collections
import functools
import json
import os

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "layers")


def randomize(module, seed):
    """Random parameters and floating buffers, so that weights and biases all show in the result."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.5)
        for name, b in module.named_buffers():
            if b.is_floating_point():
                b.copy_(torch.rand(b.shape, generator=g) + (0.5 if name.endswith("running_var") else -0.5))


def flatten(prefix, value, out):
    """Outputs as a flat dict keyed by their position path (None skipped)."""
    if value is None:
        return
    if isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            flatten(prefix + "." + str(i), v, out)
    else:
        out[prefix] = value


def case(name, module, inputs, grad=(), call=None, train=True, seed=0, randomize_weights=True, post=False):
    """Runs module on inputs (an ordered dict) and saves state, inputs, outputs and gradients."""
    torch.manual_seed(seed)
    if randomize_weights:
        randomize(module, seed + 100)
    module.train(train)
    arrays = collections.OrderedDict()
    for k, v in module.state_dict().items():
        arrays["sd." + k] = v.clone().numpy()
    tensors = collections.OrderedDict((k, v.clone() if isinstance(v, torch.Tensor) else v) for k, v in inputs.items())
    for k, v in tensors.items():
        if isinstance(v, torch.Tensor):
            arrays["in." + k] = v.clone().numpy()
    for k in grad:
        tensors[k].requires_grad_(True)
    result = call(module, *tensors.values()) if call else module(*tensors.values())
    outs = collections.OrderedDict()
    flatten("out", result, outs)
    total = None
    for k, v in outs.items():
        arrays[k] = v.detach().numpy()
        if v.requires_grad:
            g = torch.randn(v.shape)
            arrays["grad_" + k] = g.numpy()
            term = (v * g).sum()
            total = term if total is None else total + term
    if total is not None:
        total.backward()
        for k in grad:
            gk = tensors[k].grad
            arrays["grad.in." + k] = (torch.zeros_like(tensors[k]) if gk is None else gk).numpy()
        for k, p in module.named_parameters():
            arrays["grad.sd." + k] = (torch.zeros_like(p) if p.grad is None else p.grad).numpy()
    if post:
        for k, v in module.state_dict().items():
            arrays["post." + k] = v.clone().numpy()
    os.makedirs(OUT, exist_ok=True)
    np.savez(os.path.join(OUT, name + ".npz"), **arrays)


def randn(*shape, scale=1.0):
    return torch.randn(*shape) * scale


def ordered(**kw):
    return collections.OrderedDict(kw)


# ---------------------------------------------------------------------------- convolution

def conv_cases():
    torch.manual_seed(1)
    case("conv1d", nn.Conv1d(4, 6, 3, stride=2, padding=1, groups=2), ordered(x=randn(2, 4, 9)), grad=["x"])
    case("conv2d", nn.Conv2d(3, 4, 3, padding=1), ordered(x=randn(2, 3, 5, 6)), grad=["x"])
    case("conv2d_same_reflect", nn.Conv2d(2, 3, (3, 4), padding="same", padding_mode="reflect", dilation=(1, 2)),
         ordered(x=randn(1, 2, 6, 8)), grad=["x"])
    case("conv2d_replicate", nn.Conv2d(2, 4, 3, stride=2, padding=(1, 2), padding_mode="replicate", bias=False,
                                       groups=2), ordered(x=randn(2, 2, 5, 6)), grad=["x"])
    case("conv2d_circular", nn.Conv2d(2, 3, 3, padding=1, padding_mode="circular"), ordered(x=randn(1, 2, 4, 5)),
         grad=["x"])
    case("conv2d_valid_unbatched", nn.Conv2d(3, 2, 2, padding="valid"), ordered(x=randn(3, 4, 4)), grad=["x"])
    case("conv3d", nn.Conv3d(2, 3, (2, 3, 2), stride=(1, 2, 1), padding=1), ordered(x=randn(1, 2, 3, 5, 4)),
         grad=["x"])
    case("conv_transpose1d", nn.ConvTranspose1d(4, 2, 3, stride=2, padding=1, output_padding=1, groups=2),
         ordered(x=randn(2, 4, 5)), grad=["x"])
    case("conv_transpose2d", nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1), ordered(x=randn(1, 3, 3, 4)),
         grad=["x"])
    case("conv_transpose2d_output_size", nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1),
         ordered(x=randn(1, 3, 3, 4)), grad=["x"], call=lambda m, x: m(x, output_size=[6, 8]))
    case("conv_transpose2d_groups_dilation",
         nn.ConvTranspose2d(4, 6, (2, 3), stride=(2, 1), padding=(0, 1), groups=2, dilation=(1, 2), bias=False),
         ordered(x=randn(2, 4, 3, 3)), grad=["x"])
    case("conv_transpose3d", nn.ConvTranspose3d(2, 2, 2, stride=2), ordered(x=randn(1, 2, 2, 3, 2)), grad=["x"])


# ---------------------------------------------------------------------------- pooling

def pooling_cases():
    torch.manual_seed(2)
    case("max_pool1d", nn.MaxPool1d(3, stride=2, padding=1), ordered(x=randn(2, 3, 9)), grad=["x"])
    case("max_pool2d", nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), ordered(x=randn(2, 2, 7, 6)),
         grad=["x"])
    case("max_pool2d_indices", nn.MaxPool2d(2, return_indices=True), ordered(x=randn(1, 2, 4, 6)), grad=["x"])
    case("max_pool3d", nn.MaxPool3d(2, dilation=(1, 2, 1)), ordered(x=randn(1, 2, 4, 6, 4)), grad=["x"])
    case("avg_pool1d", nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False), ordered(x=randn(2, 3, 8)),
         grad=["x"])
    case("avg_pool2d", nn.AvgPool2d((2, 3), stride=(2, 1), padding=(1, 1), ceil_mode=True),
         ordered(x=randn(1, 2, 5, 6)), grad=["x"])
    case("avg_pool2d_divisor", nn.AvgPool2d(2, divisor_override=3), ordered(x=randn(1, 2, 4, 4)), grad=["x"])
    case("avg_pool3d", nn.AvgPool3d(2, stride=1), ordered(x=randn(1, 2, 3, 4, 3)), grad=["x"])
    case("adaptive_avg_pool1d", nn.AdaptiveAvgPool1d(4), ordered(x=randn(2, 3, 7)), grad=["x"])
    case("adaptive_avg_pool2d", nn.AdaptiveAvgPool2d((3, 2)), ordered(x=randn(1, 2, 7, 5)), grad=["x"])
    case("adaptive_max_pool2d", nn.AdaptiveMaxPool2d((2, 3), return_indices=True), ordered(x=randn(1, 2, 5, 7)),
         grad=["x"])


# ---------------------------------------------------------------------------- normalization

def twice(m, x):
    """Two training steps, so running statistics are updated twice (and momentum=None averages)."""
    m(x * 2 + 1)
    return m(x)


def norm_cases():
    torch.manual_seed(3)
    case("batch_norm1d", nn.BatchNorm1d(3), ordered(x=randn(4, 3)), grad=["x"], post=True)
    case("batch_norm1d_3d", nn.BatchNorm1d(3), ordered(x=randn(4, 3, 5)), grad=["x"], post=True)
    case("batch_norm2d", nn.BatchNorm2d(3), ordered(x=randn(2, 3, 4, 4)), grad=["x"], post=True, call=twice)
    case("batch_norm2d_eval", nn.BatchNorm2d(3), ordered(x=randn(2, 3, 4, 4)), grad=["x"], train=False, post=True)
    case("batch_norm2d_cumulative", nn.BatchNorm2d(3, momentum=None), ordered(x=randn(2, 3, 3, 3)), grad=["x"],
         post=True, call=twice)
    case("batch_norm2d_untracked_eval", nn.BatchNorm2d(3, track_running_stats=False), ordered(x=randn(2, 3, 3, 3)),
         grad=["x"], train=False)
    case("batch_norm3d", nn.BatchNorm3d(2, affine=False, momentum=0.3), ordered(x=randn(2, 2, 3, 3, 2)), grad=["x"],
         post=True)
    case("layer_norm", nn.LayerNorm((4, 5)), ordered(x=randn(2, 3, 4, 5)), grad=["x"])
    case("layer_norm_plain", nn.LayerNorm(6, eps=1e-3, elementwise_affine=False), ordered(x=randn(3, 6)), grad=["x"])
    case("group_norm", nn.GroupNorm(2, 4), ordered(x=randn(2, 4, 3, 3)), grad=["x"])
    case("instance_norm2d", nn.InstanceNorm2d(3), ordered(x=randn(2, 3, 4, 4)), grad=["x"])
    case("instance_norm2d_tracked", nn.InstanceNorm2d(3, affine=True, track_running_stats=True),
         ordered(x=randn(2, 3, 4, 4)), grad=["x"], post=True)
    case("instance_norm2d_tracked_eval", nn.InstanceNorm2d(3, affine=True, track_running_stats=True),
         ordered(x=randn(2, 3, 4, 4)), grad=["x"], train=False)
    case("instance_norm2d_unbatched", nn.InstanceNorm2d(3, affine=True), ordered(x=randn(3, 4, 4)), grad=["x"])
    case("instance_norm1d", nn.InstanceNorm1d(2), ordered(x=randn(3, 2, 6)), grad=["x"])
    case("local_response_norm", nn.LocalResponseNorm(3, alpha=1e-2, beta=0.75, k=2.0), ordered(x=randn(2, 5, 3, 3)),
         grad=["x"])


# ---------------------------------------------------------------------------- embeddings, resampling

def embedding_cases():
    torch.manual_seed(4)
    idx = torch.tensor([[1, 2, 4], [2, 9, 1]])
    case("embedding", nn.Embedding(10, 4, padding_idx=2), ordered(x=idx))
    case("embedding_max_norm", nn.Embedding(10, 4, max_norm=1.0), ordered(x=idx), post=True)
    case("embedding_pretrained", nn.Embedding.from_pretrained(randn(6, 3), freeze=False, padding_idx=0),
         ordered(x=torch.tensor([0, 3, 5, 3])))
    flat = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
    offsets = torch.tensor([0, 2, 5])
    case("embedding_bag_mean", nn.EmbeddingBag(10, 3), ordered(x=flat, offsets=offsets))
    case("embedding_bag_sum_weights", nn.EmbeddingBag(10, 3, mode="sum"),
         ordered(x=flat, offsets=offsets, w=randn(8)), grad=["w"])
    case("embedding_bag_max", nn.EmbeddingBag(10, 3, mode="max", padding_idx=4),
         ordered(x=torch.tensor([[1, 4, 2], [4, 3, 0]])))
    case("upsample_nearest", nn.Upsample(scale_factor=2), ordered(x=randn(1, 2, 3, 3)), grad=["x"])
    case("upsample_bilinear", nn.Upsample(size=(5, 7), mode="bilinear", align_corners=True),
         ordered(x=randn(1, 2, 3, 4)), grad=["x"])
    case("pixel_shuffle", nn.PixelShuffle(2), ordered(x=randn(1, 8, 2, 3)), grad=["x"])
    case("pixel_unshuffle", nn.PixelUnshuffle(2), ordered(x=randn(1, 2, 4, 6)), grad=["x"])


# ---------------------------------------------------------------------------- activations

ACTIVATIONS = collections.OrderedDict([
    ("relu", lambda: nn.ReLU()),
    ("relu6", lambda: nn.ReLU6()),
    ("leaky_relu", lambda: nn.LeakyReLU(0.2)),
    ("prelu", lambda: nn.PReLU(4)),
    ("elu", lambda: nn.ELU(0.5)),
    ("selu", lambda: nn.SELU()),
    ("celu", lambda: nn.CELU(1.5)),
    ("gelu", lambda: nn.GELU()),
    ("gelu_tanh", lambda: nn.GELU("tanh")),
    ("silu", lambda: nn.SiLU()),
    ("mish", lambda: nn.Mish()),
    ("sigmoid", lambda: nn.Sigmoid()),
    ("tanh", lambda: nn.Tanh()),
    ("hardtanh", lambda: nn.Hardtanh(-2.0, 1.5)),
    ("hardswish", lambda: nn.Hardswish()),
    ("hardsigmoid", lambda: nn.Hardsigmoid()),
    ("softplus", lambda: nn.Softplus(beta=2, threshold=5)),
    ("softsign", lambda: nn.Softsign()),
    ("softmax", lambda: nn.Softmax(dim=1)),
    ("log_softmax", lambda: nn.LogSoftmax(dim=-1)),
    ("softmin", lambda: nn.Softmin(dim=2)),
    ("threshold", lambda: nn.Threshold(0.1, 20)),
    ("glu", lambda: nn.GLU(dim=1)),
    ("logsigmoid", lambda: nn.LogSigmoid()),
    ("tanhshrink", lambda: nn.Tanhshrink()),
    ("softshrink", lambda: nn.Softshrink(0.7)),
    ("hardshrink", lambda: nn.Hardshrink()),
])


def activation_cases():
    for i, (name, make) in enumerate(ACTIVATIONS.items()):
        torch.manual_seed(50 + i)
        # well away from the kinks (0, +-lambda, thresholds), where PyTorch's backward picks a side
        x = randn(2, 4, 5, scale=2.5)
        x = torch.where(x.abs() < 0.05, x + 0.2, x)
        case("act_" + name, make(), ordered(x=x), grad=["x"])


# ---------------------------------------------------------------------------- attention and transformers

def causal(n):
    return torch.triu(torch.full((n, n), float("-inf")), diagonal=1)


def attention_cases():
    torch.manual_seed(5)
    x = randn(5, 2, 8)
    case("mha_self", nn.MultiheadAttention(8, 2), ordered(q=x), grad=["q"], call=lambda m, q: m(q, q, q))
    kpm = torch.tensor([[False, False, True, False, True], [False, False, False, False, False]])
    case("mha_cross_kdim_vdim", nn.MultiheadAttention(8, 2, kdim=6, vdim=4),
         ordered(q=randn(3, 2, 8), k=randn(5, 2, 6), v=randn(5, 2, 4), kpm=kpm, mask=randn(3, 5)),
         grad=["q", "k", "v"], call=lambda m, q, k, v, kpm, mask: m(q, k, v, key_padding_mask=kpm, attn_mask=mask))
    bool_mask = torch.tensor([[False, True, False, False], [False, False, True, False], [True, False, False, False]])
    case("mha_batch_first_bias_kv_zero_attn",
         nn.MultiheadAttention(6, 3, add_bias_kv=True, add_zero_attn=True, batch_first=True),
         ordered(q=randn(2, 3, 6), k=randn(2, 4, 6), v=randn(2, 4, 6), mask=bool_mask), grad=["q", "k", "v"],
         call=lambda m, q, k, v, mask: m(q, k, v, attn_mask=mask, average_attn_weights=False))
    case("mha_unbatched", nn.MultiheadAttention(8, 4), ordered(q=randn(3, 8), k=randn(5, 8), v=randn(5, 8)),
         grad=["q", "k", "v"])
    case("mha_no_bias_no_weights", nn.MultiheadAttention(4, 1, bias=False),
         ordered(q=randn(3, 2, 4), kv=randn(4, 2, 4)), grad=["q", "kv"],
         call=lambda m, q, kv: m(q, kv, kv, need_weights=False))

    src_kpm = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
    case("encoder_layer", nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0),
         ordered(src=randn(5, 2, 8), kpm=src_kpm), grad=["src"],
         call=lambda m, src, kpm: m(src, src_key_padding_mask=kpm))
    case("encoder_layer_norm_first_gelu",
         nn.TransformerEncoderLayer(8, 2, 12, dropout=0.0, activation="gelu", batch_first=True, norm_first=True),
         ordered(src=randn(2, 4, 8), mask=causal(4)), grad=["src"], call=lambda m, src, mask: m(src, src_mask=mask))
    case("encoder", nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0), 2, norm=nn.LayerNorm(8)),
         ordered(src=randn(4, 2, 8), mask=causal(4)), grad=["src"], call=lambda m, src, mask: m(src, mask=mask))
    case("decoder_layer", nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0),
         ordered(tgt=randn(4, 2, 8), memory=randn(5, 2, 8), tgt_mask=causal(4), mkpm=src_kpm),
         grad=["tgt", "memory"],
         call=lambda m, tgt, memory, tgt_mask, mkpm: m(tgt, memory, tgt_mask=tgt_mask, memory_key_padding_mask=mkpm))
    case("decoder_layer_norm_first",
         nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0, batch_first=True, norm_first=True, activation="gelu"),
         ordered(tgt=randn(2, 3, 8), memory=randn(2, 5, 8)), grad=["tgt", "memory"])
    case("decoder", nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0), 2, norm=nn.LayerNorm(8)),
         ordered(tgt=randn(3, 2, 8), memory=randn(4, 2, 8), tgt_mask=causal(3)), grad=["tgt", "memory"],
         call=lambda m, tgt, memory, tgt_mask: m(tgt, memory, tgt_mask=tgt_mask))


# ---------------------------------------------------------------------------- recurrent

def recurrent_cases():
    torch.manual_seed(6)
    case("rnn_tanh", nn.RNN(3, 4, 2), ordered(x=randn(5, 2, 3), h0=randn(2, 2, 4)), grad=["x", "h0"])
    case("rnn_relu_bidirectional", nn.RNN(3, 4, nonlinearity="relu", bidirectional=True, batch_first=True),
         ordered(x=randn(2, 5, 3)), grad=["x"])
    case("rnn_unbatched", nn.RNN(3, 4), ordered(x=randn(5, 3), h0=randn(1, 4)), grad=["x", "h0"])
    case("lstm", nn.LSTM(3, 4, 2), ordered(x=randn(5, 2, 3), h0=randn(2, 2, 4), c0=randn(2, 2, 4)),
         grad=["x", "h0", "c0"], call=lambda m, x, h0, c0: m(x, (h0, c0)))
    case("lstm_bidirectional_proj", nn.LSTM(3, 5, 2, bidirectional=True, proj_size=2, batch_first=True),
         ordered(x=randn(2, 4, 3)), grad=["x"])
    case("lstm_no_bias_eval_dropout", nn.LSTM(3, 4, 2, bias=False, dropout=0.3), ordered(x=randn(4, 1, 3)),
         grad=["x"], train=False)
    case("lstm_unbatched", nn.LSTM(3, 4), ordered(x=randn(6, 3), h0=randn(1, 4), c0=randn(1, 4)),
         grad=["x", "h0", "c0"], call=lambda m, x, h0, c0: m(x, (h0, c0)))
    case("gru", nn.GRU(3, 4, 2), ordered(x=randn(5, 2, 3), h0=randn(2, 2, 4)), grad=["x", "h0"])
    case("gru_bidirectional", nn.GRU(3, 4, 2, bidirectional=True, batch_first=True), ordered(x=randn(2, 6, 3)),
         grad=["x"])
    case("rnn_cell", nn.RNNCell(3, 4), ordered(x=randn(2, 3), h=randn(2, 4)), grad=["x", "h"])
    case("rnn_cell_relu_unbatched", nn.RNNCell(3, 4, nonlinearity="relu"), ordered(x=randn(3)), grad=["x"])
    case("lstm_cell", nn.LSTMCell(3, 4), ordered(x=randn(2, 3), h=randn(2, 4), c=randn(2, 4)),
         grad=["x", "h", "c"], call=lambda m, x, h, c: m(x, (h, c)))
    case("gru_cell", nn.GRUCell(3, 4), ordered(x=randn(2, 3), h=randn(2, 4)), grad=["x", "h"])
    case("gru_cell_no_bias_unbatched", nn.GRUCell(3, 4, bias=False), ordered(x=randn(3), h=randn(4)),
         grad=["x", "h"])


# ---------------------------------------------------------------------------- losses

def loss_cases():
    """Class and element weights are arguments here, kept as given (positive)."""
    torch.manual_seed(7)
    case = functools.partial(globals()["case"], randomize_weights=False)
    a, b = randn(3, 4), randn(3, 4)
    case("loss_mse", nn.MSELoss(), ordered(x=a, t=b), grad=["x", "t"])
    case("loss_mse_sum", nn.MSELoss(reduction="sum"), ordered(x=a, t=b), grad=["x"])
    case("loss_l1_none", nn.L1Loss(reduction="none"), ordered(x=a, t=b), grad=["x"])
    case("loss_smooth_l1", nn.SmoothL1Loss(beta=0.5), ordered(x=a, t=b), grad=["x"])
    case("loss_huber", nn.HuberLoss(reduction="sum", delta=0.7), ordered(x=a, t=b), grad=["x"])
    logits = randn(4, 5, 2)
    labels = torch.tensor([[1, 0], [4, -100], [2, 2], [0, 3]])
    case("loss_cross_entropy", nn.CrossEntropyLoss(weight=torch.rand(5) + 0.5, label_smoothing=0.1),
         ordered(x=logits, t=labels), grad=["x"])
    case("loss_cross_entropy_ignore", nn.CrossEntropyLoss(ignore_index=2, reduction="sum"),
         ordered(x=logits, t=labels.clamp(min=0)), grad=["x"])
    case("loss_cross_entropy_probs", nn.CrossEntropyLoss(), ordered(x=randn(3, 4), t=torch.softmax(randn(3, 4), 1)),
         grad=["x", "t"])
    case("loss_nll", nn.NLLLoss(weight=torch.rand(5) + 0.5, ignore_index=-100),
         ordered(x=torch.log_softmax(logits, 1), t=labels), grad=["x"])
    p = torch.sigmoid(randn(3, 4))
    case("loss_bce", nn.BCELoss(weight=torch.rand(4)), ordered(x=p, t=torch.rand(3, 4)), grad=["x"])
    case("loss_bce_logits", nn.BCEWithLogitsLoss(weight=torch.rand(3, 1), pos_weight=torch.rand(4) + 0.5),
         ordered(x=randn(3, 4), t=torch.rand(3, 4)), grad=["x"])
    case("loss_kl_div", nn.KLDivLoss(reduction="batchmean", log_target=True),
         ordered(x=torch.log_softmax(randn(3, 4), 1), t=torch.log_softmax(randn(3, 4), 1)), grad=["x", "t"])
    case("loss_cosine_embedding", nn.CosineEmbeddingLoss(margin=0.2),
         ordered(x1=randn(4, 5), x2=randn(4, 5), t=torch.tensor([1, -1, -1, 1])), grad=["x1", "x2"])


# ---------------------------------------------------------------------------- a composed network

class BasicBlock(nn.Module):
    """A ResNet basic block with a projection shortcut."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.downsample(x))


class TinyResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(inplace=True))
        self.block = BasicBlock(8, 16, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.block(self.stem(x))), 1))


def network_cases():
    torch.manual_seed(9)
    case("resnet_train", TinyResNet(), ordered(x=randn(2, 3, 8, 8)), grad=["x"], post=True)


# ---------------------------------------------------------------------------- reprs and state dicts

REPRS = collections.OrderedDict([
    ("conv1d", lambda: nn.Conv1d(16, 33, 3, stride=2)),
    ("conv2d", lambda: nn.Conv2d(3, 16, 3)),
    ("conv2d_full", lambda: nn.Conv2d(4, 8, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1), groups=2,
                                      bias=False, padding_mode="circular")),
    ("conv2d_same", lambda: nn.Conv2d(3, 16, 3, padding="same", padding_mode="reflect")),
    ("conv2d_valid", lambda: nn.Conv2d(3, 16, 3, padding="valid")),
    ("conv3d", lambda: nn.Conv3d(4, 8, 3, padding=1, padding_mode="replicate")),
    ("conv_transpose1d", lambda: nn.ConvTranspose1d(8, 4, 3)),
    ("conv_transpose2d", lambda: nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1, output_padding=1, groups=4,
                                                    dilation=2, bias=False)),
    ("conv_transpose3d", lambda: nn.ConvTranspose3d(4, 2, 2, stride=2)),
    ("max_pool1d", lambda: nn.MaxPool1d(3)),
    ("max_pool2d", lambda: nn.MaxPool2d(3, stride=2, padding=1)),
    ("max_pool2d_tuple", lambda: nn.MaxPool2d((2, 3), dilation=(1, 2), ceil_mode=True, return_indices=True)),
    ("max_pool3d", lambda: nn.MaxPool3d(2, stride=1)),
    ("avg_pool1d", lambda: nn.AvgPool1d(3)),
    ("avg_pool1d_stride", lambda: nn.AvgPool1d(4, stride=2, padding=1)),
    ("avg_pool2d", lambda: nn.AvgPool2d(3, stride=2)),
    ("avg_pool2d_tuple", lambda: nn.AvgPool2d((2, 3), padding=(1, 1), count_include_pad=False, divisor_override=2)),
    ("avg_pool3d", lambda: nn.AvgPool3d(2)),
    ("adaptive_avg_pool1d", lambda: nn.AdaptiveAvgPool1d(5)),
    ("adaptive_avg_pool2d", lambda: nn.AdaptiveAvgPool2d(1)),
    ("adaptive_avg_pool2d_tuple", lambda: nn.AdaptiveAvgPool2d((3, 4))),
    ("adaptive_avg_pool3d", lambda: nn.AdaptiveAvgPool3d(2)),
    ("adaptive_max_pool1d", lambda: nn.AdaptiveMaxPool1d(3)),
    ("adaptive_max_pool2d", lambda: nn.AdaptiveMaxPool2d((2, 2))),
    ("adaptive_max_pool3d", lambda: nn.AdaptiveMaxPool3d(2)),
    ("batch_norm1d", lambda: nn.BatchNorm1d(10)),
    ("batch_norm2d", lambda: nn.BatchNorm2d(4, eps=1e-3, momentum=None)),
    ("batch_norm2d_plain", lambda: nn.BatchNorm2d(4, affine=False, track_running_stats=False)),
    ("batch_norm3d", lambda: nn.BatchNorm3d(2, momentum=0.01)),
    ("instance_norm1d", lambda: nn.InstanceNorm1d(3)),
    ("instance_norm2d", lambda: nn.InstanceNorm2d(3)),
    ("instance_norm2d_full", lambda: nn.InstanceNorm2d(3, affine=True, track_running_stats=True)),
    ("instance_norm3d", lambda: nn.InstanceNorm3d(2, eps=1e-4)),
    ("layer_norm", lambda: nn.LayerNorm(10)),
    ("layer_norm_shape", lambda: nn.LayerNorm((4, 5), eps=1e-6, elementwise_affine=False)),
    ("group_norm", lambda: nn.GroupNorm(2, 6)),
    ("group_norm_plain", lambda: nn.GroupNorm(3, 6, eps=1e-3, affine=False)),
    ("local_response_norm", lambda: nn.LocalResponseNorm(2)),
    ("local_response_norm_full", lambda: nn.LocalResponseNorm(5, alpha=1e-3, beta=0.5, k=2.0)),
    ("embedding", lambda: nn.Embedding(10, 3)),
    ("embedding_full", lambda: nn.Embedding(10, 3, padding_idx=-1, max_norm=1.5, norm_type=1.0,
                                            scale_grad_by_freq=True)),
    ("embedding_bag", lambda: nn.EmbeddingBag(10, 3)),
    ("embedding_bag_full", lambda: nn.EmbeddingBag(10, 3, max_norm=2.0, mode="max", padding_idx=0)),
    ("dropout", lambda: nn.Dropout()),
    ("dropout_p", lambda: nn.Dropout(0.25, inplace=True)),
    ("dropout1d", lambda: nn.Dropout1d(0.1)),
    ("dropout2d", lambda: nn.Dropout2d()),
    ("dropout3d", lambda: nn.Dropout3d(0.3)),
    ("alpha_dropout", lambda: nn.AlphaDropout(0.2)),
    ("feature_alpha_dropout", lambda: nn.FeatureAlphaDropout()),
    ("upsample", lambda: nn.Upsample(scale_factor=2)),
    ("upsample_tuple", lambda: nn.Upsample(scale_factor=(2.0, 1.5), mode="bilinear")),
    ("upsample_size", lambda: nn.Upsample(size=(3, 4), mode="bicubic", align_corners=True)),
    ("upsample_size_int", lambda: nn.Upsample(size=5, mode="nearest")),
    ("pixel_shuffle", lambda: nn.PixelShuffle(3)),
    ("pixel_unshuffle", lambda: nn.PixelUnshuffle(2)),
    ("relu", lambda: nn.ReLU()),
    ("relu_inplace", lambda: nn.ReLU(inplace=True)),
    ("relu6", lambda: nn.ReLU6()),
    ("relu6_inplace", lambda: nn.ReLU6(True)),
    ("leaky_relu", lambda: nn.LeakyReLU()),
    ("leaky_relu_full", lambda: nn.LeakyReLU(0.2, inplace=True)),
    ("prelu", lambda: nn.PReLU()),
    ("prelu_channels", lambda: nn.PReLU(8, init=0.1)),
    ("elu", lambda: nn.ELU()),
    ("elu_full", lambda: nn.ELU(alpha=0.5, inplace=True)),
    ("selu", lambda: nn.SELU()),
    ("selu_inplace", lambda: nn.SELU(inplace=True)),
    ("celu", lambda: nn.CELU(2.0)),
    ("gelu", lambda: nn.GELU()),
    ("gelu_tanh", lambda: nn.GELU(approximate="tanh")),
    ("silu", lambda: nn.SiLU()),
    ("silu_inplace", lambda: nn.SiLU(inplace=True)),
    ("mish", lambda: nn.Mish()),
    ("sigmoid", lambda: nn.Sigmoid()),
    ("tanh", lambda: nn.Tanh()),
    ("hardtanh", lambda: nn.Hardtanh()),
    ("hardtanh_full", lambda: nn.Hardtanh(-2.0, 3.5, inplace=True)),
    ("hardswish", lambda: nn.Hardswish(inplace=True)),
    ("hardsigmoid", lambda: nn.Hardsigmoid()),
    ("softplus", lambda: nn.Softplus()),
    ("softplus_floats", lambda: nn.Softplus(beta=0.5, threshold=10.0)),
    ("softsign", lambda: nn.Softsign()),
    ("softmax", lambda: nn.Softmax(dim=1)),
    ("softmax_none", lambda: nn.Softmax()),
    ("log_softmax", lambda: nn.LogSoftmax(dim=-1)),
    ("softmin", lambda: nn.Softmin(0)),
    ("threshold", lambda: nn.Threshold(0.1, 20)),
    ("threshold_inplace", lambda: nn.Threshold(1, 0.5, inplace=True)),
    ("glu", lambda: nn.GLU()),
    ("logsigmoid", lambda: nn.LogSigmoid()),
    ("tanhshrink", lambda: nn.Tanhshrink()),
    ("softshrink", lambda: nn.Softshrink()),
    ("hardshrink", lambda: nn.Hardshrink(0.25)),
    ("mha", lambda: nn.MultiheadAttention(8, 2)),
    ("mha_full", lambda: nn.MultiheadAttention(8, 4, dropout=0.1, bias=False, add_bias_kv=True, kdim=6, vdim=5,
                                               batch_first=True)),
    ("encoder_layer", lambda: nn.TransformerEncoderLayer(8, 2, 16)),
    ("encoder_layer_module_activation", lambda: nn.TransformerEncoderLayer(8, 2, 16, activation=nn.GELU(),
                                                                           norm_first=True)),
    ("encoder", lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2, norm=nn.LayerNorm(8))),
    ("decoder_layer", lambda: nn.TransformerDecoderLayer(8, 2, 16, dropout=0.2)),
    ("decoder", lambda: nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), 2)),
    ("resnet", lambda: TinyResNet()),
    ("rnn", lambda: nn.RNN(10, 20)),
    ("rnn_full", lambda: nn.RNN(10, 20, 3, nonlinearity="relu", bias=False, batch_first=True, dropout=0.5,
                                bidirectional=True)),
    ("lstm", lambda: nn.LSTM(10, 20, 2)),
    ("lstm_proj", lambda: nn.LSTM(10, 20, 2, proj_size=5, bidirectional=True)),
    ("gru", lambda: nn.GRU(10, 20)),
    ("gru_full", lambda: nn.GRU(10, 20, 2, batch_first=True, dropout=0.25)),
    ("rnn_cell", lambda: nn.RNNCell(10, 20)),
    ("rnn_cell_full", lambda: nn.RNNCell(10, 20, bias=False, nonlinearity="relu")),
    ("lstm_cell", lambda: nn.LSTMCell(10, 20)),
    ("gru_cell", lambda: nn.GRUCell(10, 20, bias=False)),
    ("loss_mse", lambda: nn.MSELoss()),
    ("loss_l1", lambda: nn.L1Loss(reduction="sum")),
    ("loss_smooth_l1", lambda: nn.SmoothL1Loss(beta=0.5)),
    ("loss_huber", lambda: nn.HuberLoss()),
    ("loss_cross_entropy", lambda: nn.CrossEntropyLoss()),
    ("loss_cross_entropy_weight", lambda: nn.CrossEntropyLoss(weight=torch.ones(3), label_smoothing=0.1)),
    ("loss_nll", lambda: nn.NLLLoss(weight=torch.ones(4))),
    ("loss_bce", lambda: nn.BCELoss()),
    ("loss_bce_logits", lambda: nn.BCEWithLogitsLoss(pos_weight=torch.ones(3))),
    ("loss_kl_div", lambda: nn.KLDivLoss(reduction="batchmean")),
    ("loss_cosine_embedding", lambda: nn.CosineEmbeddingLoss(margin=0.5)),
])


def write_reprs():
    out = collections.OrderedDict()
    for name, make in REPRS.items():
        m = make()
        out[name] = {
            "repr": repr(m),
            "state_dict": [[k, list(v.shape), str(v.dtype).replace("torch.", "")] for k, v in m.state_dict().items()],
        }
    with open(os.path.join(OUT, "reprs.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


# ---------------------------------------------------------------------------- initialisation statistics

# name -> (module, names of parameters drawn from unbounded distributions)
INITS = collections.OrderedDict([
    ("linear", (lambda: nn.Linear(200, 100), [])),
    ("conv2d", (lambda: nn.Conv2d(16, 64, 3), [])),
    ("conv1d_groups", (lambda: nn.Conv1d(32, 64, 5, groups=4), [])),
    ("conv_transpose2d", (lambda: nn.ConvTranspose2d(32, 16, 4, groups=2), [])),
    ("batch_norm2d", (lambda: nn.BatchNorm2d(64), [])),
    ("layer_norm", (lambda: nn.LayerNorm(64), [])),
    ("group_norm", (lambda: nn.GroupNorm(4, 64), [])),
    ("prelu", (lambda: nn.PReLU(16, init=0.3), [])),
    ("embedding", (lambda: nn.Embedding(500, 32, padding_idx=3), ["weight"])),
    ("embedding_bag", (lambda: nn.EmbeddingBag(500, 32), ["weight"])),
    ("mha", (lambda: nn.MultiheadAttention(64, 4), [])),
    ("mha_separate_bias_kv", (lambda: nn.MultiheadAttention(64, 4, kdim=32, vdim=48, add_bias_kv=True),
                              ["bias_k", "bias_v"])),
    ("rnn", (lambda: nn.RNN(32, 64, 2), [])),
    ("lstm_proj", (lambda: nn.LSTM(32, 64, proj_size=16, bidirectional=True), [])),
    ("gru", (lambda: nn.GRU(32, 64), [])),
    ("lstm_cell", (lambda: nn.LSTMCell(32, 64), [])),
])


def write_inits():
    torch.manual_seed(8)
    out = collections.OrderedDict()
    for name, (make, unbounded) in INITS.items():
        m = make()
        stats = collections.OrderedDict()
        for k, p in m.named_parameters():
            t = p.detach().double()
            stats[k] = {"mean": t.mean().item(), "std": t.std().item() if t.numel() > 1 else 0.0,
                        "min": t.min().item(), "max": t.max().item(), "numel": t.numel(),
                        "bounded": k not in unbounded}
        out[name] = stats
    with open(os.path.join(OUT, "init.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    conv_cases()
    pooling_cases()
    norm_cases()
    embedding_cases()
    activation_cases()
    attention_cases()
    recurrent_cases()
    loss_cases()
    network_cases()
    write_reprs()
    write_inits()
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print("wrote", len(os.listdir(OUT)), "files,", total, "bytes, to", os.path.relpath(OUT))
