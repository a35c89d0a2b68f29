#!/usr/bin/python3
"""Exports the ONNX plugin's conformance models with a dynamic batch dimension, for OnnxModelBenchmark.

The models, their seeds and their export settings are those of the plugin's fixture generator
(plugins/onnx/src/test/python/make_fixtures.py, imported here); the only difference is that input and
output dimension 0 is the symbolic "batch", so ONNX Runtime and Arbor run the same file at batch 1 and 32
(the test fixtures have their example batch fixed in the graph).

Run by hand from the repository root (Debian's python3-torch 1.13):
    /usr/bin/python3 benchmarks/src/main/python/make_onnx_models.py
It writes benchmarks/src/main/resources/onnx-models/<name>.onnx for every model.
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "plugins", "onnx", "src", "test", "python"))
import make_fixtures  # noqa: E402  (the conformance models)

OUT = os.path.join(HERE, "..", "resources", "onnx-models")
# The models issue 4 benchmarks (the fixture generator has more, for the tests only).
BENCHMARKED = ("mlp", "lenet", "resnet", "transformer", "lstm", "unet", "depthwise")


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in BENCHMARKED:
        cls, shape = make_fixtures.MODELS[name]
        torch.manual_seed(0)
        gen = torch.Generator().manual_seed(1)
        model = cls()
        with torch.no_grad():
            make_fixtures.randomize_buffers(model, gen)
        model.eval()
        x = torch.randn(shape, generator=gen)
        torch.onnx.export(model, x, os.path.join(OUT, name + ".onnx"), opset_version=17,
                          training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False,
                          input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
        print(name, "ok")


if __name__ == "__main__":
    main()
