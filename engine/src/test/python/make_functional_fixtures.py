#!/usr/bin/python3
"""Writes the PyTorch reference fixtures of the dev.arbor.nn.functional tests.

Run by hand with Debian's python3-torch 1.13 (not by CI):

    /usr/bin/python3 engine/src/test/python/make_functional_fixtures.py

Each case is one small .npz under engine/src/test/resources/fixtures/functional/: the inputs (float32
unless the name says otherwise), "out" (and other outputs such as updated running statistics),
"grad_out" (a random upstream gradient) and "grad_<input>" for each input differentiated. The Java
tests call the same function with the same non-tensor arguments, written in both places.
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "functional")


def case(name, fn, inputs, grad=(), extra_outputs=None, seed=0):
    """Saves inputs (before fn runs: some ops change them in place), outputs and gradients."""
    torch.manual_seed(seed + 1000)
    tensors = {k: v.clone() for k, v in inputs.items()}
    arrays = {k: v.clone().numpy() for k, v in tensors.items()}
    for k in grad:
        tensors[k].requires_grad_(True)
    out = fn(**tensors)
    arrays["out"] = out.detach().numpy()
    if extra_outputs:
        for k, f in extra_outputs.items():
            arrays[k] = f(tensors).detach().clone().numpy()
    if grad:
        g = torch.randn(out.shape, dtype=out.dtype)
        out.backward(g)
        arrays["grad_out"] = g.numpy()
        for k in grad:
            gk = tensors[k].grad
            arrays["grad_" + k] = (torch.zeros_like(tensors[k]) if gk is None else gk).numpy()
    np.savez(os.path.join(OUT_DIR, name + ".npz"), **arrays)


def randn(*shape, scale=1.0):
    return torch.randn(*shape) * scale


def with_kinks(shape, kinks, scale=3.0):
    """Random values with the activation's kinks (where PyTorch's backward picks a side) written in."""
    x = torch.randn(*shape) * scale
    flat = x.view(-1)
    flat[: len(kinks)] = torch.tensor(kinks, dtype=x.dtype)
    return x


def softmax_cases():
    torch.manual_seed(1)
    case("softmax_dim1", lambda x: F.softmax(x, 1), {"x": randn(3, 5, scale=2)}, grad=["x"])
    case("softmax_dim0", lambda x: F.softmax(x, 0), {"x": randn(2, 3, 4)}, grad=["x"])
    case("log_softmax_last", lambda x: F.log_softmax(x, -1), {"x": randn(2, 3, 4, scale=3)}, grad=["x"])
    big = torch.tensor([[1000.0, -1000.0, 0.0, 999.0], [-50.0, -60.0, -55.0, -51.0]])
    case("log_softmax_extreme", lambda x: F.log_softmax(x, 1), {"x": big}, grad=["x"])
    case("softmax_extreme", lambda x: F.softmax(x, 1), {"x": big}, grad=["x"])
    case("softmin_dim1", lambda x: F.softmin(x, 1), {"x": randn(3, 4)}, grad=["x"])


ACTIVATIONS = {
    "relu": (lambda x: F.relu(x), [0.0]),
    "relu6": (lambda x: F.relu6(x), [0.0, 6.0]),
    "leaky_relu": (lambda x: F.leaky_relu(x, 0.1), [0.0]),
    "elu": (lambda x: F.elu(x), [0.0, 30.0]),
    "elu_alpha": (lambda x: F.elu(x, 0.5), [0.0]),
    "selu": (lambda x: F.selu(x), [0.0]),
    "celu": (lambda x: F.celu(x, 1.5), [0.0]),
    "gelu": (lambda x: F.gelu(x), [0.0]),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), [0.0]),
    "silu": (lambda x: F.silu(x), [0.0]),
    "mish": (lambda x: F.mish(x), [0.0, 25.0]),
    "sigmoid": (lambda x: torch.sigmoid(x), [0.0]),
    "tanh": (lambda x: torch.tanh(x), [0.0]),
    "hardtanh": (lambda x: F.hardtanh(x, -2.0, 1.5), [-2.0, 1.5]),
    "hardswish": (lambda x: F.hardswish(x), [-3.0, 3.0, 0.0]),
    "hardsigmoid": (lambda x: F.hardsigmoid(x), [-3.0, 3.0]),
    "softplus": (lambda x: F.softplus(x), [0.0, 20.0, 30.0, -30.0]),
    "softplus_beta": (lambda x: F.softplus(x, beta=2.0, threshold=5.0), [2.5, 3.0]),
    "softsign": (lambda x: F.softsign(x), [0.0]),
    "threshold": (lambda x: F.threshold(x, 0.5, -2.0), [0.5]),
    "logsigmoid": (lambda x: F.logsigmoid(x), [0.0, 40.0, -40.0]),
    "tanhshrink": (lambda x: F.tanhshrink(x), [0.0]),
    "softshrink": (lambda x: F.softshrink(x, 0.5), [0.5, -0.5, 0.0]),
    "hardshrink": (lambda x: F.hardshrink(x, 0.5), [0.5, -0.5]),
}


def activation_cases():
    for i, (name, (fn, kinks)) in enumerate(ACTIVATIONS.items()):
        torch.manual_seed(100 + i)
        case("act_" + name, fn, {"x": with_kinks((4, 6), kinks)}, grad=["x"])
    torch.manual_seed(2)
    case("act_glu", lambda x: F.glu(x, 1), {"x": randn(3, 6)}, grad=["x"])
    case("act_prelu_channels", lambda x, w: F.prelu(x, w),
         {"x": with_kinks((2, 3, 4), [0.0]), "w": torch.tensor([0.25, -0.5, 2.0])}, grad=["x", "w"])
    case("act_prelu_single", lambda x, w: F.prelu(x, w), {"x": randn(3, 4), "w": torch.tensor([0.3])},
         grad=["x", "w"])


def norm_cases():
    torch.manual_seed(3)
    case("layer_norm_affine", lambda x, w, b: F.layer_norm(x, [4], w, b, 1e-5),
         {"x": randn(2, 3, 4, scale=2), "w": randn(4), "b": randn(4)}, grad=["x", "w", "b"])
    case("layer_norm_2d_plain", lambda x: F.layer_norm(x, [3, 4]), {"x": randn(2, 3, 4) + 5}, grad=["x"])

    def bn_train(x, rm, rv, w, b):
        return F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.1, eps=1e-5)

    bn_inputs = {"x": randn(4, 3, 5, scale=2) + 1, "rm": randn(3), "rv": torch.rand(3) + 0.5, "w": randn(3),
                 "b": randn(3)}
    case("batch_norm_train", bn_train, bn_inputs, grad=["x", "w", "b"],
         extra_outputs={"rm_out": lambda t: t["rm"], "rv_out": lambda t: t["rv"]})
    case("batch_norm_train_2d", lambda x, rm, rv: F.batch_norm(x, rm, rv, training=True, momentum=0.3),
         {"x": randn(6, 3), "rm": torch.zeros(3), "rv": torch.ones(3)}, grad=["x"],
         extra_outputs={"rm_out": lambda t: t["rm"], "rv_out": lambda t: t["rv"]})
    case("batch_norm_eval", lambda x, rm, rv, w, b: F.batch_norm(x, rm, rv, w, b, training=False, eps=1e-3),
         {"x": randn(2, 3, 2, 2), "rm": randn(3), "rv": torch.rand(3) + 0.5, "w": randn(3), "b": randn(3)},
         grad=["x", "w", "b"])
    case("group_norm", lambda x, w, b: F.group_norm(x, 3, w, b, 1e-5),
         {"x": randn(2, 6, 3, scale=2), "w": randn(6), "b": randn(6)}, grad=["x", "w", "b"])

    def in_train(x, rm, rv, w, b):
        return F.instance_norm(x, rm, rv, w, b, use_input_stats=True, momentum=0.2, eps=1e-5)

    case("instance_norm_train", in_train,
         {"x": randn(2, 3, 5, scale=2), "rm": randn(3), "rv": torch.rand(3) + 0.5, "w": randn(3), "b": randn(3)},
         grad=["x", "w", "b"], extra_outputs={"rm_out": lambda t: t["rm"], "rv_out": lambda t: t["rv"]})
    case("instance_norm_eval",
         lambda x, rm, rv: F.instance_norm(x, rm, rv, use_input_stats=False, eps=1e-5),
         {"x": randn(2, 3, 2, 2), "rm": randn(3), "rv": torch.rand(3) + 0.5}, grad=["x"])
    case("local_response_norm_3d", lambda x: F.local_response_norm(x, 3), {"x": randn(2, 5, 3, scale=10)}, grad=["x"])
    case("local_response_norm_4d", lambda x: F.local_response_norm(x, 4, alpha=0.01, beta=0.5, k=2.0),
         {"x": randn(2, 6, 2, 2, scale=3)}, grad=["x"])
    case("normalize_p2", lambda x: F.normalize(x, p=2.0, dim=1), {"x": randn(3, 4)}, grad=["x"])
    case("normalize_p1_dim0", lambda x: F.normalize(x, p=1.0, dim=0), {"x": randn(3, 4)}, grad=["x"])


def embedding_cases():
    torch.manual_seed(4)
    idx = torch.tensor([[0, 2, 5], [2, 2, 1]])
    case("embedding_padding", lambda idx, w: F.embedding(idx, w, padding_idx=2), {"idx": idx, "w": randn(6, 4)},
         grad=["w"])
    case("embedding_freq", lambda idx, w: F.embedding(idx, w, scale_grad_by_freq=True),
         {"idx": idx, "w": randn(6, 4)}, grad=["w"])

    def renormed(idx, w):
        with torch.no_grad():
            return F.embedding(idx, w, max_norm=1.5)

    case("embedding_max_norm", renormed, {"idx": idx, "w": randn(6, 4, scale=2)},
         extra_outputs={"w_out": lambda t: t["w"]})
    flat = torch.tensor([4, 1, 0, 3, 3, 5, 1])
    offsets = torch.tensor([0, 2, 2, 5])
    case("embedding_bag_sum", lambda idx, w, off, psw: F.embedding_bag(idx, w, off, mode="sum", per_sample_weights=psw),
         {"idx": flat, "w": randn(6, 3), "off": offsets, "psw": randn(7)}, grad=["w", "psw"])
    case("embedding_bag_mean_2d", lambda idx, w: F.embedding_bag(idx, w, mode="mean", padding_idx=1),
         {"idx": torch.tensor([[1, 2, 3], [1, 1, 1], [0, 1, 0]]), "w": randn(6, 3)}, grad=["w"])
    case("embedding_bag_max", lambda idx, w, off: F.embedding_bag(idx, w, off, mode="max", include_last_offset=True),
         {"idx": flat, "w": randn(6, 3), "off": torch.tensor([0, 3, 3, 7])}, grad=["w"])
    # include_last_offset with offsets[-1] before the input's end: the indices after it are in no bag.
    # Sum only: 1.13's CPU kernel divides the last mean bag by numel - offsets[-2] and overruns memory in max
    case("embedding_bag_sum_last_offset",
         lambda idx, w, off, psw: F.embedding_bag(idx, w, off, mode="sum", per_sample_weights=psw,
                                                  include_last_offset=True),
         {"idx": flat, "w": randn(6, 3), "off": torch.tensor([0, 2, 5]), "psw": randn(7)}, grad=["w", "psw"])
    # no gradient: 1.13's backward leaves the rows of the left-out last row uninitialised (values like 1e31)
    case("embedding_bag_sum_2d_last_offset",
         lambda idx, w: F.embedding_bag(idx, w, mode="sum", include_last_offset=True),
         {"idx": torch.tensor([[1, 2, 3], [4, 0, 5], [2, 2, 0]]), "w": randn(6, 3)})


def loss_cases():
    torch.manual_seed(5)
    x, y = randn(4, 5), randn(4, 5)
    for red in ("none", "mean", "sum"):
        case("mse_" + red, lambda x, y: F.mse_loss(x, y, reduction=red), {"x": x, "y": y}, grad=["x", "y"])
    case("l1_mean", lambda x, y: F.l1_loss(x, y), {"x": x, "y": y}, grad=["x", "y"])
    d = torch.tensor([0.5, -0.5, 0.0, 0.2, -1.0, 2.0])
    y6 = randn(6)
    case("smooth_l1_beta", lambda x, y: F.smooth_l1_loss(x, y, reduction="sum", beta=0.5),
         {"x": y6 + d, "y": y6}, grad=["x", "y"])
    case("smooth_l1_beta0", lambda x, y: F.smooth_l1_loss(x, y, beta=0.0), {"x": x, "y": y}, grad=["x"])
    case("huber", lambda x, y: F.huber_loss(x, y, reduction="none", delta=0.7), {"x": x, "y": y}, grad=["x", "y"])

    logits = randn(4, 5, scale=2)
    logp = F.log_softmax(randn(4, 5), 1)
    t = torch.tensor([1, -100, 4, 0])
    cw = torch.rand(5) + 0.5
    case("nll_weighted_mean", lambda x, t, cw: F.nll_loss(x, t, weight=cw), {"x": logp, "t": t, "cw": cw}, grad=["x"])
    case("nll_sum", lambda x, t: F.nll_loss(x, t, reduction="sum"), {"x": logp, "t": t}, grad=["x"])
    case("nll_none", lambda x, t: F.nll_loss(x, t, reduction="none"), {"x": logp, "t": t}, grad=["x"])
    case("nll_spatial", lambda x, t, cw: F.nll_loss(x, t, weight=cw[:3], ignore_index=1),
         {"x": randn(2, 3, 2, 2), "t": torch.tensor([[[0, 1], [2, 2]], [[1, 1], [0, 2]]]), "cw": cw}, grad=["x"])

    case("ce_mean", lambda x, t: F.cross_entropy(x, t), {"x": logits, "t": torch.tensor([1, 3, 4, 0])}, grad=["x"])
    case("ce_weight_ignore_smooth", lambda x, t, cw: F.cross_entropy(x, t, weight=cw, ignore_index=3,
                                                                     label_smoothing=0.1),
         {"x": logits, "t": torch.tensor([1, 3, 4, 0]), "cw": cw}, grad=["x"])
    case("ce_ignore_smooth_unweighted", lambda x, t: F.cross_entropy(x, t, label_smoothing=0.2),
         {"x": logits, "t": t}, grad=["x"])
    case("ce_smooth_sum", lambda x, t, cw: F.cross_entropy(x, t, weight=cw, reduction="sum", label_smoothing=0.3),
         {"x": logits, "t": t, "cw": cw}, grad=["x"])
    case("ce_smooth_none", lambda x, t: F.cross_entropy(x, t, reduction="none", label_smoothing=0.3),
         {"x": logits, "t": t}, grad=["x"])
    case("ce_spatial_weighted", lambda x, t, cw: F.cross_entropy(x, t, weight=cw[:4]),
         {"x": randn(2, 4, 3), "t": torch.tensor([[0, 3, 2], [1, 1, 3]]), "cw": cw}, grad=["x"])
    case("ce_unbatched", lambda x, t: F.cross_entropy(x, t), {"x": randn(5), "t": torch.tensor(2)}, grad=["x"])
    probs = F.softmax(randn(4, 5), 1)
    case("ce_probs_weight_smooth", lambda x, p, cw: F.cross_entropy(x, p, weight=cw, label_smoothing=0.1),
         {"x": logits, "p": probs, "cw": cw}, grad=["x", "p"])
    case("ce_probs_none", lambda x, p: F.cross_entropy(x, p, reduction="none"), {"x": logits, "p": probs},
         grad=["x", "p"])

    xp = torch.rand(3, 4) * 0.98 + 0.01
    xp[0, 0], xp[0, 1] = 0.0, 1.0
    tp = torch.rand(3, 4)
    case("bce_weight", lambda x, t, w: F.binary_cross_entropy(x, t, weight=w), {"x": xp, "t": tp, "w": torch.rand(4)},
         grad=["x", "t"])
    case("bce_sum", lambda x, t: F.binary_cross_entropy(x, t, reduction="sum"), {"x": xp[1:], "t": tp[1:]},
         grad=["x", "t"])
    xl = randn(3, 4, scale=3)
    xl[0, 0] = 0.0
    xl[0, 1] = 40.0
    xl[0, 2] = -40.0
    case("bce_logits_pos_weight", lambda x, t, w, pw: F.binary_cross_entropy_with_logits(x, t, weight=w, pos_weight=pw),
         {"x": xl, "t": tp, "w": torch.rand(3, 1), "pw": torch.rand(4) * 3}, grad=["x", "t"])
    case("bce_logits_none", lambda x, t: F.binary_cross_entropy_with_logits(x, t, reduction="none"),
         {"x": xl, "t": tp}, grad=["x", "t"])

    q = F.softmax(randn(3, 4), 1)
    q[0, 1] = 0.0
    # PyTorch's target gradient is NaN where the target is 0: only the input's is compared there
    case("kl_div_batchmean", lambda x, t: F.kl_div(x, t, reduction="batchmean"), {"x": logp[:3, :4], "t": q},
         grad=["x"])
    case("kl_div_mean", lambda x, t: F.kl_div(x, t), {"x": logp[:3, :4], "t": F.softmax(randn(3, 4), 1)},
         grad=["x", "t"])
    case("kl_div_log_target_sum", lambda x, t: F.kl_div(x, t, reduction="sum", log_target=True),
         {"x": logp[:3, :4], "t": F.log_softmax(randn(3, 4), 1)}, grad=["x", "t"])
    case("kl_div_none", lambda x, t: F.kl_div(x, t, reduction="none"), {"x": logp[:3, :4], "t": q}, grad=["x"])

    case("cosine_embedding", lambda a, b, y: F.cosine_embedding_loss(a, b, y, margin=0.2),
         {"a": randn(4, 5), "b": randn(4, 5), "y": torch.tensor([1, -1, 1, -1])}, grad=["a", "b"])
    case("cosine_embedding_none", lambda a, b, y: F.cosine_embedding_loss(a, b, y, margin=-0.5, reduction="none"),
         {"a": randn(4, 5), "b": randn(4, 5), "y": torch.tensor([-1, -1, 1, -1])}, grad=["a", "b"])
    case("cosine_similarity", lambda a, b: F.cosine_similarity(a, b, dim=1), {"a": randn(3, 4), "b": randn(1, 4)},
         grad=["a", "b"])
    case("pairwise_distance", lambda a, b: F.pairwise_distance(a, b), {"a": randn(3, 4), "b": randn(3, 4)},
         grad=["a", "b"])
    case("pairwise_distance_p1_keepdim", lambda a, b: F.pairwise_distance(a, b, p=1.0, keepdim=True),
         {"a": randn(3, 4), "b": randn(3, 4)}, grad=["a", "b"])


def attention_reference(q, k, v, mask=None, causal=False, scale=None):
    """PyTorch 2's scaled_dot_product_attention, written out (1.13 has no public one)."""
    s = q @ k.transpose(-2, -1) * (scale if scale is not None else 1 / q.shape[-1] ** 0.5)
    if causal:
        mask = torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool).tril()
    if mask is not None:
        s = s.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else s + mask
    return torch.softmax(s, -1) @ v


def attention_cases():
    torch.manual_seed(6)
    q, k, v = randn(2, 3, 4), randn(2, 5, 4), randn(2, 5, 6)
    case("sdpa_plain", attention_reference, {"q": q, "k": k, "v": v}, grad=["q", "k", "v"])
    bool_mask = torch.tensor([[True, False, True, True, False], [True, True, True, True, True],
                              [False, False, False, True, True]])
    case("sdpa_bool_mask", lambda q, k, v, mask: attention_reference(q, k, v, mask),
         {"q": q, "k": k, "v": v, "mask": bool_mask}, grad=["q", "k", "v"])
    case("sdpa_float_mask_scale", lambda q, k, v, mask: attention_reference(q, k, v, mask, scale=0.3),
         {"q": q, "k": k, "v": v, "mask": randn(2, 3, 5)}, grad=["q", "k", "v"])
    case("sdpa_causal", lambda q, k, v: attention_reference(q, k, v, causal=True),
         {"q": randn(2, 2, 4, 3), "k": randn(2, 2, 4, 3), "v": randn(2, 2, 4, 3)}, grad=["q", "k", "v"])


def linear_cases():
    torch.manual_seed(7)
    case("linear", lambda x, w, b: F.linear(x, w, b), {"x": randn(2, 3, 4), "w": randn(5, 4), "b": randn(5)},
         grad=["x", "w", "b"])
    case("bilinear", lambda a, b, w, bias: F.bilinear(a, b, w, bias),
         {"a": randn(3, 4), "b": randn(3, 2), "w": randn(5, 4, 2), "bias": randn(5)}, grad=["a", "b", "w", "bias"])


if __name__ == "__main__":
    os.makedirs(OUT_DIR, exist_ok=True)
    softmax_cases()
    activation_cases()
    norm_cases()
    embedding_cases()
    loss_cases()
    attention_cases()
    linear_cases()
    print("wrote", len(os.listdir(OUT_DIR)), "fixtures to", os.path.normpath(OUT_DIR))
