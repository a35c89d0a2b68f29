#!/usr/bin/python3
"""Writes the PyTorch and safetensors fixtures of the arbor-pytorch tests.

Run by hand with Debian's python3-torch (1.13) from the repository root:

    /usr/bin/python3 plugins/pytorch/src/test/python/make_fixtures.py

Output: plugins/pytorch/src/test/resources/dev/arbor/pytorch/ (a few KB each) and expected.json there,
which holds, for every tensor of every fixture, its dtype, shape, strides, storage offset, the
storage-sharing groups and the bytes of its contiguous values (hex), all computed here by torch.
The safetensors package is not available on this machine, so the reference safetensors files are
written by hand below, following the format's specification and its reference implementation's
layout (entries sorted by descending dtype then name, compact JSON header, padded with spaces to a
multiple of 8 bytes).
"""
import collections
import io
import json
import os
import pickle
import struct
import sys

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "arbor", "pytorch")
EXPECTED = {}


def hex_of(t):
    """The bytes of t's values in row-major order, little-endian, as hex."""
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes().hex()


def describe(flat):
    """Expected metadata and bytes for a {path: tensor} map, and which paths share a storage."""
    tensors = collections.OrderedDict()
    groups = collections.OrderedDict()
    for key, t in flat.items():
        tensors[key] = {
            "dtype": str(t.dtype).replace("torch.", ""),
            "shape": list(t.shape),
            "stride": list(t.stride()),
            "offset": t.storage_offset(),
            "requires_grad": t.requires_grad,
            "hex": hex_of(t),
        }
        groups.setdefault(t.storage().data_ptr(), []).append(key)
    return {"tensors": tensors, "shared": [g for g in groups.values() if len(g) > 1]}


def flatten(obj, prefix=""):
    """Tensors of a nested checkpoint by dotted path (dict keys, list indices)."""
    out = collections.OrderedDict()
    if isinstance(obj, torch.Tensor):
        out[prefix[:-1]] = obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out.update(flatten(v, f"{prefix}{k}."))
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            out.update(flatten(v, f"{prefix}{i}."))
    return out


def save_pt(name, obj, legacy=False, protocol=2):
    path = os.path.join(OUT, name)
    torch.save(obj, path, _use_new_zipfile_serialization=not legacy, pickle_protocol=protocol)
    EXPECTED[name] = describe(flatten(obj))


class Net(nn.Module):
    """Conv, BatchNorm (with num_batches_tracked) and an embedding tied to the output layer."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.bn = nn.BatchNorm2d(2)
        self.embed = nn.Embedding(5, 4)
        self.head = nn.Linear(4, 5)
        self.head.weight = self.embed.weight


def model():
    torch.manual_seed(0)
    net = Net()
    net.bn.running_mean.uniform_()
    net.bn.num_batches_tracked.fill_(7)
    return net


def dtypes():
    f = [0.0, -0.0, 1.5, -2.25, float("inf"), float("-inf"), float("nan"), 1e-45, 3.4028234e38]
    return collections.OrderedDict([
        ("float32", torch.tensor(f, dtype=torch.float32).reshape(3, 3)),
        ("float64", torch.tensor([0.1, -1e308, 5e-324, float("nan"), float("-inf")], dtype=torch.float64)),
        ("float16", torch.tensor([0.0, -0.0, 1.0, 65504.0, 6e-8, float("inf"), float("nan")], dtype=torch.float16)),
        ("bfloat16", torch.tensor([0.0, 1.0, -3.0e38, 1e-40, float("inf"), float("nan")], dtype=torch.bfloat16)),
        ("int64", torch.tensor([-2**63, 2**63 - 1, 0, -1, 12345678901], dtype=torch.int64)),
        ("int32", torch.tensor([[-2**31, 2**31 - 1], [0, -7]], dtype=torch.int32)),
        ("int16", torch.tensor([-2**15, 2**15 - 1, 3], dtype=torch.int16)),
        ("int8", torch.tensor([-128, 127, 0, -1], dtype=torch.int8)),
        ("uint8", torch.tensor([0, 255, 128], dtype=torch.uint8)),
        ("bool", torch.tensor([True, False, True], dtype=torch.bool)),
        ("scalar", torch.tensor(2.5, dtype=torch.float32)),
        ("empty", torch.zeros(0, 3, dtype=torch.float32)),
    ])


def views():
    base = torch.arange(24, dtype=torch.float32)
    grid = base.view(4, 6)
    return collections.OrderedDict([
        ("base", base),
        ("grid", grid),
        ("rows", grid[1:3]),
        ("transposed", grid.t()),
        ("column", grid[:, 2]),
        ("strided", grid[::2, 1::3]),
        ("element", base[5]),
        ("expanded", torch.arange(3, dtype=torch.int64).view(3, 1).expand(3, 4)),
        ("alone", torch.ones(2, 2, dtype=torch.float64)),
    ])


def checkpoint():
    net = model()
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    x = torch.randn(2, 1, 5, 5)
    net.bn(net.conv(x)).sum().backward()
    net.head(net.embed(torch.tensor([1, 2]))).sum().backward()
    opt.step()
    return {
        "model": net.state_dict(),
        "optimizer": opt.state_dict(),
        "epoch": 3,
        "best_loss": 0.25,
        "big": 2**70,
        "name": "run-1",
        "note": None,
        "done": False,
        "tags": ["a", "b"],
        "pair": (1, -2),
        "dtype": torch.float16,
    }


class Evil:
    """What an attacker pickles: unpickling it would call os.system."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


class EvalCall:
    def __reduce__(self):
        return (eval, ("1+1",))


class ExecCall:
    def __reduce__(self):
        return (exec, ("print(1)",))


class Unknown:
    """A class the reader does not know (torch.save of an arbitrary object)."""

    def __init__(self):
        self.x = 1


def reference_safetensors(name, tensors, metadata, order=None):
    """Writes a safetensors file by hand; order=None sorts as the reference writer does."""
    rank = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64",
            "I64", "U64"]
    items = list(tensors.items())
    if order is None:
        items.sort(key=lambda kv: kv[0])
        items.sort(key=lambda kv: rank.index(kv[1][0]), reverse=True)
    header = collections.OrderedDict()
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    blobs = []
    for key, (dtype, shape, blob) in items:
        header[key] = collections.OrderedDict([("dtype", dtype), ("shape", shape),
                                               ("data_offsets", [offset, offset + len(blob)])])
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def safetensors_fixtures():
    """Every safetensors dtype; the torch dtypes checked against torch, the unsigned ones against numpy."""
    tensors = collections.OrderedDict()
    expected = collections.OrderedDict()
    names = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
             torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
             torch.bool: "BOOL"}
    for key, t in dtypes().items():
        tensors[key] = (names[t.dtype], list(t.shape), bytes.fromhex(hex_of(t)))
    unsigned = collections.OrderedDict([
        ("uint16", ("U16", np.array([[0, 65535], [1, 300]], dtype="<u2"))),
        ("uint32", ("U32", np.array([0, 4294967295, 70000], dtype="<u4"))),
        ("uint64", ("U64", np.array([0, 18446744073709551615, 2**40], dtype="<u8"))),
    ])
    for key, (name, arr) in unsigned.items():
        tensors[key] = (name, list(arr.shape), arr.tobytes())
    for key, (dtype, shape, blob) in tensors.items():
        expected[key] = {"dtype": dtype, "shape": shape, "hex": blob.hex()}
    reference_safetensors("reference.safetensors", tensors, collections.OrderedDict([("format", "pt")]))
    reference_safetensors("unordered.safetensors", tensors, None, order="as given")
    EXPECTED["reference.safetensors"] = {"tensors": expected}
    EXPECTED["unordered.safetensors"] = {"tensors": expected}


def main():
    os.makedirs(OUT, exist_ok=True)
    sd = model().state_dict()
    save_pt("model_zip.pt", sd)
    save_pt("model_legacy.pt", sd, legacy=True)
    save_pt("model_legacy_p4.pt", sd, legacy=True, protocol=4)
    save_pt("dtypes_zip.pt", dtypes())
    save_pt("dtypes_legacy.pt", dtypes(), legacy=True)
    save_pt("views_zip.pt", views())
    save_pt("views_legacy.pt", views(), legacy=True)
    save_pt("checkpoint_zip.pt", checkpoint())
    save_pt("checkpoint_zip_p4.pt", checkpoint(), protocol=4)
    save_pt("checkpoint_legacy.pt", checkpoint(), legacy=True)
    # torch.save to a buffer names the archive folder "archive" instead of the file's stem.
    buf = io.BytesIO()
    torch.save(sd, buf)
    with open(os.path.join(OUT, "in_memory.pt"), "wb") as f:
        f.write(buf.getvalue())
    EXPECTED["in_memory.pt"] = describe(flatten(sd))

    # Hostile files: each would run code under a plain pickle.load / torch.load(weights_only=False).
    torch.save({"weight": torch.ones(2), "payload": Evil()}, os.path.join(OUT, "hostile_os_system.pt"))
    torch.save({"model": sd, "extra": [1, {"callback": Evil()}]}, os.path.join(OUT, "hostile_nested.pt"))
    torch.save(Unknown(), os.path.join(OUT, "hostile_unknown.pt"))
    torch.save({"payload": Evil()}, os.path.join(OUT, "hostile_legacy.pt"), _use_new_zipfile_serialization=False)
    with open(os.path.join(OUT, "hostile_eval_p4.pkl"), "wb") as f:
        pickle.dump({"x": EvalCall()}, f, protocol=4)
    with open(os.path.join(OUT, "hostile_exec_p2.pkl"), "wb") as f:
        pickle.dump([ExecCall()], f, protocol=2)
    with open(os.path.join(OUT, "hostile_exec_p0.pkl"), "wb") as f:
        pickle.dump(ExecCall(), f, protocol=0)

    # Plain data in every pickle protocol, for the unpickler's text and binary opcodes.
    plain = {"int": 7, "neg": -300000, "big": -2**80, "float": -1.25, "str": "h\u00e9llo \u2603\n",
             "bytes": b"\x00\xff", "list": [1, [2, 3], ()], "tuple": (None, True, False), "set": {3},
             "frozen": frozenset([4]), "nested": {"a": {"b": [1.5]}}, 5: "int key", (1, 2): "tuple key"}
    for protocol in range(6):
        with open(os.path.join(OUT, f"plain_p{protocol}.pkl"), "wb") as f:
            pickle.dump(plain, f, protocol=protocol)

    safetensors_fixtures()
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(EXPECTED, f, indent=1)
        f.write("\n")
    print("wrote", len(os.listdir(OUT)), "files to", os.path.normpath(OUT), "with torch", torch.__version__,
          file=sys.stderr)


if __name__ == "__main__":
    main()
