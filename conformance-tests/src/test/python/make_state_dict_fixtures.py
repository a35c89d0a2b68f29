#!/usr/bin/python3
"""Writes the fixtures of StateDictInterchangeTest with Debian's python3-torch (1.13).

Run by hand from the repository root:

    /usr/bin/python3 conformance-tests/src/test/python/make_state_dict_fixtures.py

Output in conformance-tests/src/test/resources/dev/arbor/conformance/statedict/ (a few KB):
  dtypes.pt       a state dict with one tensor of every dtype torch 1.13 and Arbor share, with
                  special values (NaN payloads, -0.0, subnormals, extremes) and a transposed view
  dtypes.txt      what torch says each tensor of dtypes.pt holds
  checkpoint.pt   a training checkpoint {"model", "optimizer", "epoch"} whose model was wrapped in
                  nn.DataParallel, so its keys start with "module."
  checkpoint.txt  what torch says each tensor under "model" holds
  load_error.txt  the message of torch's load_state_dict(strict=True) for a state dict with a missing,
                  an unexpected and a mis-shaped key (made as the test makes it, see bad_state_dict)
The .txt files hold one tensor a line: key, dtype, shape (comma-separated), the bytes of its
row-major values in little-endian order (hex), separated by tabs.
"""
import collections
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "arbor", "conformance",
                   "statedict")


def dtypes():
    floats = [0.0, -0.0, 1.5, float("inf"), float("-inf"), 1e-45, 3.4028234e38, -1.17549435e-38]
    nan_payload = torch.tensor([0x7FC00001, 0xFFA00000 - 2**32, 0x00000001], dtype=torch.int32).view(torch.float32)
    grid = torch.arange(12, dtype=torch.float64).reshape(3, 4) * 0.1
    return collections.OrderedDict([
        ("float32", torch.tensor(floats, dtype=torch.float32).reshape(2, 4)),
        ("float32_nan_payloads", nan_payload),
        ("float64", torch.tensor([0.1, -1e308, 5e-324, float("nan"), -0.0], dtype=torch.float64)),
        ("float64_transposed", grid.t()),
        ("float16", torch.tensor([0.0, -0.0, 1.0, 65504.0, 6e-8, float("-inf"), float("nan")], dtype=torch.float16)),
        ("bfloat16", torch.tensor([0.0, 1.0, -3.0e38, 1e-40, float("inf"), float("nan")], dtype=torch.bfloat16)),
        ("int64", torch.tensor([-2**63, 2**63 - 1, 0, -1, 12345678901], dtype=torch.int64)),
        ("int32", torch.tensor([[-2**31, 2**31 - 1], [0, -7]], dtype=torch.int32)),
        ("int16", torch.tensor([-2**15, 2**15 - 1, 3], dtype=torch.int16)),
        ("int8", torch.tensor([-128, 127, 0, -1], dtype=torch.int8)),
        ("uint8", torch.tensor([0, 255, 128], dtype=torch.uint8)),
        ("bool", torch.tensor([[True, False, True], [False, False, True]], dtype=torch.bool)),
        ("scalar", torch.tensor(2.5, dtype=torch.float32)),
        ("empty", torch.zeros(0, 3, dtype=torch.float32)),
        ("nested.block.0.weight", torch.linspace(-1, 1, 6, dtype=torch.float32).reshape(2, 3)),
    ])


class Net(nn.Module):
    """fc1 (Linear 4 -> 8), bn (BatchNorm1d 8), fc2 (Linear 8 -> 3); StateDictInterchangeTest builds the same."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.bn = nn.BatchNorm1d(8)
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(torch.relu(self.bn(self.fc1(x))))


def checkpoint():
    torch.manual_seed(0)
    model = nn.DataParallel(Net())  # on a CPU-only machine it only wraps: keys gain "module."
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for _ in range(3):
        opt.zero_grad()
        model(torch.randn(5, 4)).square().mean().backward()
        opt.step()
    return {"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 3}


def bad_state_dict(model_sd):
    """The stripped state dict with fc2.bias removed, extra.weight added and fc1.weight of shape [8, 5]."""
    sd = collections.OrderedDict((k[len("module."):], v) for k, v in model_sd.items())
    del sd["fc2.bias"]
    sd["extra.weight"] = torch.zeros(2)
    sd["fc1.weight"] = torch.zeros(8, 5)
    return sd


def hex_of(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes().hex()


def write_lines(name, tensors):
    with open(os.path.join(OUT, name), "w") as f:
        for key, t in tensors.items():
            dtype = str(t.dtype).replace("torch.", "")
            shape = ",".join(str(d) for d in t.shape)
            f.write(f"{key}\t{dtype}\t{shape}\t{hex_of(t)}\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    sd = dtypes()
    torch.save(sd, os.path.join(OUT, "dtypes.pt"))
    write_lines("dtypes.txt", sd)

    ckpt = checkpoint()
    torch.save(ckpt, os.path.join(OUT, "checkpoint.pt"))
    write_lines("checkpoint.txt", ckpt["model"])

    try:
        Net().load_state_dict(bad_state_dict(ckpt["model"]), strict=True)
        raise SystemExit("torch accepted the bad state dict")
    except RuntimeError as e:
        with open(os.path.join(OUT, "load_error.txt"), "w") as f:
            f.write(str(e))


if __name__ == "__main__":
    main()
