#!/usr/bin/env python3
"""PyTorch's side of the GPU benchmark (run by run-on-gpu.sh after Arbor's, on the same GPU).

Measures what dev.arbor.cuda.GpuBenchmark measures, the same way: float32 SGEMM (TF32 off) at 4096
and 8192 in GFLOP/s, and the forward pass of the ResNet-style and Transformer conformance models
(the classes of plugins/onnx/src/test/python/make_fixtures.py, so the architectures are the ones
Arbor loads from their ONNX export) at batch 32 in ms, eager, no grad, after warm-up, synchronized
around the timed loop. Then prints Arbor's figures beside PyTorch's with the ratios and the targets
of issue 6 (GEMM at least 0.9x torch.mm's rate, model forward at most 1.5x PyTorch eager's time).

usage: bench_torch.py --arbor ARBOR.json --fixtures make_fixtures.py --models MODELS_DIR [--out TORCH.json]
"""
import argparse
import importlib.util
import json
import time

import numpy as np
import torch

BATCH = 32


def timed(fn, warmup, rounds, iterations):
    """Milliseconds per call: the median of rounds of iterations calls, as GpuBenchmark.time measures."""
    for _ in range(warmup):
        fn()
    per_round = []
    for _ in range(rounds):
        torch.cuda.synchronize()
        start = time.perf_counter()
        for _ in range(iterations):
            fn()
        torch.cuda.synchronize()
        per_round.append((time.perf_counter() - start) * 1e3 / iterations)
    return sorted(per_round)[rounds // 2]


def sgemm_gflops(n):
    g = torch.Generator(device="cuda").manual_seed(n)
    a = torch.randn(n, n, device="cuda", generator=g)
    b = torch.randn(n, n, device="cuda", generator=g)
    ms = timed(lambda: torch.mm(a, b), 3, 5, 3 if n >= 8192 else 10)
    return 2.0 * n ** 3 / (ms / 1e3) / 1e9


def model_forward_ms(fixtures, name, models_dir):
    cls = {"resnet": fixtures.ResNet, "transformer": fixtures.TransformerEncoder}[name]
    torch.manual_seed(0)
    model = cls().cuda().eval()
    sample = np.load(f"{models_dir}/{name}/input.npy")
    reps = -(-BATCH // sample.shape[0])
    x = torch.from_numpy(np.concatenate([sample] * reps)[:BATCH]).cuda()
    with torch.no_grad():
        return timed(lambda: model(x), 50, 7, 30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arbor", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--models", required=True)
    ap.add_argument("--out")
    args = ap.parse_args()

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    spec = importlib.util.spec_from_file_location("make_fixtures", args.fixtures)
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)

    ours = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__, "cuda": torch.version.cuda}
    for n in (4096, 8192):
        ours[f"sgemm_{n}_gflops"] = sgemm_gflops(n)
    for name in ("resnet", "transformer"):
        ours[f"{name}_b{BATCH}_ms"] = model_forward_ms(fixtures, name, args.models)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(ours, f, indent=1)

    with open(args.arbor) as f:
        arbor = json.load(f)
    print(f"GPU: {ours['device']}; PyTorch {ours['torch']} (CUDA {ours['cuda']}); TF32 off on both sides")
    print(f"{'figure':<22} {'Arbor':>12} {'PyTorch':>12} {'ratio':>8}  target")
    # (figure, the target's test of Arbor / PyTorch, the target)
    rows = [(f"sgemm_{n}_gflops", lambda r: r >= 0.9, ">= 0.90 of torch.mm") for n in (4096, 8192)]
    rows += [(f"{m}_b{BATCH}_ms", lambda r: r <= 1.5, "<= 1.5x eager") for m in ("resnet", "transformer")]
    for key, met, target in rows:
        t = ours[key]
        a = arbor.get(key)
        if a is None:
            error = arbor.get(key.rsplit("_", 1)[0] + "_error", "missing")
            print(f"{key:<22} {'error':>12} {t:12.3f}           {error}")
            continue
        r = a / t
        print(f"{key:<22} {a:12.3f} {t:12.3f} {r:8.2f}  {target}: {'met' if met(r) else 'MISSED'}")


if __name__ == "__main__":
    main()
