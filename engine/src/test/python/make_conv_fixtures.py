#!/usr/bin/python3
"""Makes the PyTorch reference fixtures for Arbor's convolution, pooling, padding and resampling tests.

Run by hand with Debian's python3-torch (1.13):  /usr/bin/python3 engine/src/test/python/make_conv_fixtures.py
Writes one .npz per case into engine/src/test/resources/fixtures/conv/. Each holds the inputs (float32
values stored as float64, so a test can run in either precision), a random upstream gradient `grad_out`,
the float64 reference output `out` (and `indices` where the op returns them), and `grad_<input>` for
every differentiable input. The Java tests in dev.arbor.ops (ConvolutionTest, PoolingTest, PaddingTest,
ResamplingTest, FoldingTest) call Arbor with the same arguments as the case of the same name below.
"""
import os
import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "conv")
gen = torch.Generator().manual_seed(20241126)


def randn(*shape):
    # float32 values, so the float32 and float64 runs of a test see the same numbers
    return torch.randn(*shape, generator=gen, dtype=torch.float32).double()


def case(name, fn, grads=True, **inputs):
    leaves = {k: v.clone().requires_grad_(grads and v.is_floating_point()) for k, v in inputs.items()}
    result = fn(**leaves)
    indices = None
    if isinstance(result, tuple):
        result, indices = result
    arrays = {k: v.detach().numpy() for k, v in inputs.items()}
    arrays["out"] = result.detach().numpy()
    if indices is not None:
        arrays["indices"] = indices.numpy()
    if grads:
        grad_out = torch.randn(result.shape, generator=gen, dtype=torch.float32).double()
        arrays["grad_out"] = grad_out.numpy()
        names = [k for k, v in leaves.items() if v.requires_grad]
        got = torch.autograd.grad(result, [leaves[k] for k in names], grad_out, allow_unused=True)
        for k, g in zip(names, got):
            arrays["grad_" + k] = (torch.zeros_like(leaves[k]) if g is None else g).detach().numpy()
    np.savez_compressed(os.path.join(OUT, name + ".npz"), **arrays)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".npz"):
            os.remove(os.path.join(OUT, f))

    # ---- convolution
    case("conv1d_stride_pad", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1),
         x=randn(2, 3, 10), w=randn(4, 3, 3), b=randn(4))
    case("conv1d_groups_dilation", lambda x, w: F.conv1d(x, w, None, dilation=2, groups=3),
         x=randn(1, 6, 11), w=randn(3, 2, 3))
    case("conv2d_groups_mixed", lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2),
         x=randn(2, 4, 7, 6), w=randn(6, 2, 3, 2), b=randn(6))
    case("conv2d_depthwise", lambda x, w, b: F.conv2d(x, w, b, padding=1, groups=4),
         x=randn(1, 4, 5, 5), w=randn(8, 1, 3, 3), b=randn(8))
    case("conv2d_same_even", lambda x, w, b: F.conv2d(x, w, b, padding="same", dilation=(1, 2)),
         x=randn(2, 3, 6, 7), w=randn(2, 3, 4, 3), b=randn(2))
    case("conv2d_valid_unbatched", lambda x, w: F.conv2d(x, w, None, padding="valid"),
         x=randn(3, 5, 4), w=randn(2, 3, 2, 2))
    case("conv3d_mixed", lambda x, w, b: F.conv3d(x, w, b, stride=(1, 2, 1), padding=(1, 0, 1)),
         x=randn(2, 2, 5, 4, 5), w=randn(3, 2, 2, 3, 2), b=randn(3))
    case("conv_transpose1d_outpad", lambda x, w, b: F.conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1),
         x=randn(2, 3, 5), w=randn(3, 4, 3), b=randn(4))
    case("conv_transpose2d_groups", lambda x, w, b: F.conv_transpose2d(
            x, w, b, stride=(2, 3), padding=(1, 0), output_padding=(1, 2), groups=2, dilation=(1, 2)),
         x=randn(2, 4, 3, 4), w=randn(4, 3, 3, 2), b=randn(6))
    case("conv_transpose3d_stride", lambda x, w: F.conv_transpose3d(x, w, None, stride=2),
         x=randn(1, 2, 2, 3, 2), w=randn(2, 3, 2, 2, 3))

    # ---- pooling
    case("max_pool1d_pad", lambda x: F.max_pool1d(x, 3, stride=2, padding=1, return_indices=True),
         x=randn(2, 3, 10))
    case("max_pool2d_ceil_dilation", lambda x: F.max_pool2d(x, (3, 2), stride=(2, 1), padding=(1, 1), dilation=(2, 1),
                                                            ceil_mode=True, return_indices=True),
         x=randn(2, 3, 9, 6))
    case("max_pool2d_default_stride", lambda x: F.max_pool2d(x, 2, return_indices=True), x=randn(1, 2, 5, 7))
    case("max_pool3d_ceil", lambda x: F.max_pool3d(x, 2, stride=2, ceil_mode=True, return_indices=True),
         x=randn(1, 2, 5, 5, 3))
    case("avg_pool1d_exclude_pad", lambda x: F.avg_pool1d(x, 3, stride=2, padding=1, ceil_mode=True,
                                                          count_include_pad=False),
         x=randn(2, 3, 10))
    case("avg_pool2d_ceil_include_pad", lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True),
         x=randn(2, 2, 7, 6))
    case("avg_pool2d_divisor", lambda x: F.avg_pool2d(x, (2, 3), stride=(1, 2), padding=(1, 1), divisor_override=5),
         x=randn(1, 2, 5, 6))
    case("avg_pool3d_exclude_pad", lambda x: F.avg_pool3d(x, (2, 3, 2), stride=(1, 2, 2), padding=(1, 1, 0),
                                                          ceil_mode=True, count_include_pad=False),
         x=randn(1, 2, 4, 5, 5))
    case("adaptive_avg_pool1d", lambda x: F.adaptive_avg_pool1d(x, 4), x=randn(2, 3, 10))
    case("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (3, 4)), x=randn(2, 2, 7, 6))
    case("adaptive_avg_pool3d", lambda x: F.adaptive_avg_pool3d(x, (2, 3, 4)), x=randn(1, 2, 5, 4, 6))
    case("adaptive_max_pool1d", lambda x: F.adaptive_max_pool1d(x, 4, return_indices=True), x=randn(2, 3, 10))
    case("adaptive_max_pool2d", lambda x: F.adaptive_max_pool2d(x, (3, 4), return_indices=True), x=randn(2, 2, 7, 6))
    case("adaptive_max_pool3d", lambda x: F.adaptive_max_pool3d(x, (2, 3, 4), return_indices=True),
         x=randn(1, 2, 5, 4, 6))
    case("lp_pool2d", lambda x: F.lp_pool2d(x, 2.0, (2, 3), stride=(2, 1)), x=randn(1, 2, 6, 5))
    case("lp_pool1d", lambda x: F.lp_pool1d(x, 3.0, 3, stride=2, ceil_mode=True), x=randn(2, 2, 8).abs() + 0.5)
    x, idx = F.max_pool2d(randn(1, 2, 6, 5), 2, stride=2, return_indices=True)
    case("max_unpool2d", lambda x, idx: F.max_unpool2d(x, idx, 2, stride=2, output_size=(6, 5)), x=x, idx=idx)

    # ---- padding
    case("pad_constant", lambda x: F.pad(x, (1, 2, 0, -1), value=0.5), x=randn(2, 3, 4, 5))
    for mode in ("reflect", "replicate", "circular"):
        case("pad_%s_1d" % mode, lambda x, mode=mode: F.pad(x, (2, 1), mode=mode), x=randn(2, 3, 5))
        case("pad_%s_2d" % mode, lambda x, mode=mode: F.pad(x, (1, 2, 2, -1), mode=mode), x=randn(2, 3, 4, 5))
        case("pad_%s_3d" % mode, lambda x, mode=mode: F.pad(x, (1, 1, 2, 0, 1, 1), mode=mode), x=randn(1, 2, 3, 4, 5))

    # ---- resampling
    case("interp_nearest_1d_scale", lambda x: F.interpolate(x, scale_factor=2.5, mode="nearest"), x=randn(2, 3, 4))
    case("interp_nearest_2d_size", lambda x: F.interpolate(x, size=(5, 7), mode="nearest"), x=randn(1, 2, 3, 4))
    case("interp_nearest_3d_scale", lambda x: F.interpolate(x, scale_factor=(2, 1.5, 0.5), mode="nearest"),
         x=randn(1, 2, 2, 3, 4))
    case("interp_nearest_exact_2d", lambda x: F.interpolate(x, size=(5, 7), mode="nearest-exact"), x=randn(1, 2, 3, 4))
    case("interp_linear_1d", lambda x: F.interpolate(x, size=7, mode="linear"), x=randn(2, 3, 4))
    case("interp_linear_1d_align", lambda x: F.interpolate(x, size=7, mode="linear", align_corners=True),
         x=randn(2, 3, 4))
    case("interp_linear_1d_scale", lambda x: F.interpolate(x, scale_factor=1.7, mode="linear"), x=randn(1, 2, 5))
    case("interp_bilinear_2d", lambda x: F.interpolate(x, size=(5, 7), mode="bilinear"), x=randn(2, 2, 3, 4))
    case("interp_bilinear_2d_align", lambda x: F.interpolate(x, size=(5, 7), mode="bilinear", align_corners=True),
         x=randn(2, 2, 3, 4))
    case("interp_bilinear_2d_down", lambda x: F.interpolate(x, scale_factor=(0.6, 1.5), mode="bilinear"),
         x=randn(1, 2, 7, 4))
    case("interp_bicubic_2d", lambda x: F.interpolate(x, size=(6, 5), mode="bicubic"), x=randn(1, 2, 3, 4))
    case("interp_bicubic_2d_align", lambda x: F.interpolate(x, size=(6, 5), mode="bicubic", align_corners=True),
         x=randn(1, 2, 3, 4))
    case("interp_trilinear_3d", lambda x: F.interpolate(x, size=(3, 4, 5), mode="trilinear"), x=randn(1, 2, 2, 3, 4))
    case("interp_area_2d", lambda x: F.interpolate(x, size=(3, 4), mode="area"), x=randn(1, 2, 7, 6))
    case("pixel_shuffle", lambda x: F.pixel_shuffle(x, 2), x=randn(2, 8, 3, 2))
    case("pixel_unshuffle", lambda x: F.pixel_unshuffle(x, 2), x=randn(2, 2, 4, 6))

    # ---- unfold / fold
    case("unfold", lambda x: F.unfold(x, (2, 3), dilation=(1, 2), padding=(1, 0), stride=(2, 1)), x=randn(2, 3, 5, 6))
    case("fold", lambda x: F.fold(x, (5, 6), (2, 3), dilation=(1, 2), padding=(1, 0), stride=(2, 1)),
         x=randn(2, 18, 6))

    # ---- depthwise convolutions (the direct kernel): strided, dilated, long rows (vector path)
    case("conv2d_depthwise_strided", lambda x, w, b: F.conv2d(x, w, b, stride=(1, 2), padding=(2, 1), dilation=(2, 1),
                                                              groups=3),
         x=randn(2, 3, 9, 20), w=randn(3, 1, 3, 3), b=randn(3))
    case("conv1d_depthwise_long", lambda x, w: F.conv1d(x, w, None, padding=2, groups=5),
         x=randn(2, 5, 37), w=randn(10, 1, 5))

    # ---- dense 2-d convolutions with few output channels (the direct kernel): a row of one vector and a
    # tail, output channels not a multiple of four; rows of half a vector
    case("conv2d_direct_tails", lambda x, w, b: F.conv2d(x, w, b, padding=(1, 2)),
         x=randn(1, 3, 6, 21), w=randn(6, 3, 3, 5), b=randn(6))
    case("conv2d_direct_narrow", lambda x, w: F.conv2d(x, w, None),
         x=randn(3, 5, 7, 10), w=randn(9, 5, 2, 3))
    # strides and dilations: the direct kernel reads phase planes of the padded input
    case("conv2d_direct_strided", lambda x, w, b: F.conv2d(x, w, b, stride=(2, 3), padding=(1, 2), dilation=(1, 2)),
         x=randn(2, 3, 11, 14), w=randn(5, 3, 3, 3), b=randn(5))
    case("conv2d_depthwise_multiplier", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1, groups=4),
         x=randn(2, 4, 9, 9), w=randn(8, 1, 3, 3), b=randn(8))


if __name__ == "__main__":
    main()
