#!/usr/bin/python3
"""Writes the HDF5 fixtures Arbor's HDF5 tests read, with h5py, and what each must read as.

Run by hand from the repository root after changing it (Debian's python3-h5py and python3-torch):
    /usr/bin/python3 plugins/hdf5/src/test/python/make_fixtures.py

Each FILE.h5 gets a FILE.txt manifest: one line per tensor Arbor must read, in the order it must
read them, "key<TAB>dtype<TAB>shape (comma-separated)<TAB>little-endian bytes in hex". The bad_*.h5
files are HDF5 that no tensor reader should accept; the tests expect a clear error for each.
"""
import os
import sys

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "arbor", "hdf5")
rng = np.random.default_rng(20240611)

ARBOR_DTYPE = {
    "float16": "float16", "float32": "float32", "float64": "float64", "int8": "int8", "int16": "int16",
    "int32": "int32", "int64": "int64", "uint8": "uint8", "uint16": "uint16", "uint32": "uint32",
    "uint64": "uint64", "bool": "bool",
}


def line(key, arr):
    arr = np.array(arr, order="C")  # keeps 0-d arrays 0-d
    little = arr.astype(arr.dtype.newbyteorder("<"))
    shape = ",".join(str(d) for d in arr.shape)
    return f"{key}\t{ARBOR_DTYPE[arr.dtype.name]}\t{shape}\t{little.tobytes().hex()}\n"


def manifest_in_walk_order(path, name):
    """The order docs/HDF5-LAYOUT.md gives for files other tools wrote: depth first, by name,
    following hard links only (as h5py's visititems, but a dataset linked twice is listed twice)."""
    lines = []

    def walk(group, prefix):
        for child in sorted(group.keys()):
            if not isinstance(group.get(child, getlink=True), h5py.HardLink):
                continue
            obj = group[child]
            if isinstance(obj, h5py.Group):
                walk(obj, prefix + child + ".")
            elif obj.dtype.kind in "fiub" and obj.shape is not None:
                lines.append(line(prefix + child, obj[()]))

    with h5py.File(path, "r") as f:
        walk(f, "")
    with open(os.path.join(OUT, name), "w") as m:
        m.writelines(lines)


def values(shape, dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return rng.standard_normal(shape).astype(dtype)
    if dtype.kind == "b":
        return rng.integers(0, 2, shape).astype(bool)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, shape, dtype=dtype.newbyteorder("="), endpoint=True).astype(dtype)


def plain():
    """Datasets as other tools write them: compressed and chunked, big-endian, compact, nested."""
    path = os.path.join(OUT, "h5py_plain.h5")
    with h5py.File(path, "w") as f:
        f.create_dataset("conv/weight", data=values((4, 3, 3, 3), "f4"), chunks=(2, 3, 3, 3),
                         compression="gzip", compression_opts=4, shuffle=True)
        f.create_dataset("conv/bias", data=values((4,), "f8"), compression="gzip")
        # partial chunks at both edges, big-endian storage
        f.create_dataset("big_endian", data=values((5, 7), ">f4"), chunks=(2, 3), compression="gzip")
        f.create_dataset("ints/i8", data=values((9,), "i1"), chunks=(4,), compression="lzf")
        f.create_dataset("ints/i16", data=values((3, 3), ">i2"))
        f.create_dataset("ints/i32", data=values((2, 5), "i4"), chunks=(1, 5), fletcher32=True)
        f.create_dataset("ints/i64", data=values((4,), "i8"))
        for t in ("u1", "u2", "u4", "u8"):
            f.create_dataset("unsigned/" + t, data=values((3,), t), compression="gzip")
        f.create_dataset("half", data=values((3, 4), "f2"), compression="gzip")
        f.create_dataset("flags", data=values((6,), bool))
        f.create_dataset("scalar", data=np.float64(2.5))
        f.create_dataset("empty", shape=(0, 5), dtype="f4")
        f.create_dataset("never_written", shape=(3,), dtype="i4")
        f.create_dataset("deep/a/b/c/d", data=values((2,), "i8"))
        f.create_dataset("name.with.dots", data=values((2,), "f4"))
        # an enum other than h5py's bool reads as its base integer type
        f.create_dataset("enum", data=np.array([0, 2, 1], dtype="u1"),
                         dtype=h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 2}, basetype="u1"))
        # compact layout: the data lives in the object header
        space = h5py.h5s.create_simple((2, 2))
        plist = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        plist.set_layout(h5py.h5d.COMPACT)
        plist.set_obj_track_times(False)  # reproducible bytes
        d = h5py.h5d.create(f.id, b"compact", h5py.h5t.IEEE_F32LE, space, plist)
        d.write(h5py.h5s.ALL, h5py.h5s.ALL, values((2, 2), "f4"))
        f["soft_link"] = h5py.SoftLink("/conv/weight")  # soft links are not followed
        f["conv/weight_alias"] = f["conv/weight"]  # a second hard link: the tensor under both keys
        f["conv"].attrs["note"] = "attributes of groups are ignored"
    manifest_in_walk_order(path, "h5py_plain.txt")


def latest():
    """New-style groups and chunk indexes (libver latest): dense link storage in a fractal heap,
    fixed-array, extensible-array and v2 B-tree chunk indexes, a user block before the superblock."""
    path = os.path.join(OUT, "h5py_latest.h5")
    with h5py.File(path, "w", libver="latest", userblock_size=512) as f:
        g = f.create_group("many")
        for i in range(20):  # more than 8 links: stored densely
            g.create_dataset(f"w{i:02d}", data=values((2,), "f4"))
        f.create_dataset("fixed_array", data=values((6, 4), "f4"), chunks=(2, 2), compression="gzip")
        f.create_dataset("extensible", data=values((7, 3), "i4"), chunks=(2, 3), maxshape=(None, 3))
        f.create_dataset("btree_v2", data=values((5, 5), "f8"), chunks=(2, 2), maxshape=(None, None),
                         compression="gzip")
        f.create_dataset("single_chunk", data=values((3, 3), "f4"), chunks=(3, 3), compression="gzip")
    manifest_in_walk_order(path, "h5py_latest.txt")


def keras_layers():
    """Weights of a small Keras 2 model, Keras layouts (kernel [in, out], HWIO, ...)."""
    return [
        ("dense", [("dense/kernel:0", values((5, 3), "f4")), ("dense/bias:0", values((3,), "f4"))]),
        ("conv2d", [("conv2d/kernel:0", values((3, 3, 2, 4), "f4")), ("conv2d/bias:0", values((4,), "f4"))]),
        ("batch_normalization", [(f"batch_normalization/{n}:0", values((4,), "f4"))
                                 for n in ("gamma", "beta", "moving_mean", "moving_variance")]),
        ("flatten", []),
        ("depthwise_conv2d", [("depthwise_conv2d/depthwise_kernel:0", values((3, 3, 4, 2), "f4"))]),
        ("conv1d", [("conv1d/kernel:0", values((3, 2, 3), "f4")), ("conv1d/bias:0", values((3,), "f4"))]),
        ("embedding", [("embedding/embeddings:0", values((10, 4), "f4"))]),
        ("sequential", [("dense_1/kernel:0", values((3, 2), "f4")), ("dense_1/bias:0", values((2,), "f4"))]),
    ]


def keras_to_pytorch(layer, weights):
    """What Keras-to-PyTorch converters produce, checked against each layer's Keras semantics."""
    import torch
    import torch.nn.functional as F
    out = []
    own = {name.split("/")[-1].split(":")[0]: w for name, w in weights}
    prefix = layer if layer != "sequential" else "sequential.dense_1"
    if "kernel" in own and own["kernel"].ndim == 2:
        k, b = own["kernel"], own["bias"]
        x = rng.standard_normal((2, k.shape[0])).astype("f4")
        w = np.ascontiguousarray(k.T)
        assert np.allclose(x @ k + b, F.linear(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b)).numpy(),
                           atol=1e-5)
        out += [(prefix + ".weight", w), (prefix + ".bias", b)]
    elif "kernel" in own:
        k, b = own["kernel"], own["bias"]
        w = np.ascontiguousarray(np.moveaxis(k, (-1, -2), (0, 1)))  # [k..., in, out] -> [out, in, k...]
        spatial = k.ndim - 2
        x = rng.standard_normal((1,) + (6,) * spatial + (k.shape[-2],)).astype("f4")  # channels last
        keras = keras_conv(x, k) + b
        conv = F.conv2d if spatial == 2 else F.conv1d
        torch_out = conv(torch.from_numpy(np.moveaxis(x, -1, 1).copy()), torch.from_numpy(w), torch.from_numpy(b))
        assert np.allclose(keras, np.moveaxis(torch_out.numpy(), 1, -1), atol=1e-4)
        out += [(prefix + ".weight", w), (prefix + ".bias", b)]
    elif "depthwise_kernel" in own:
        k = own["depthwise_kernel"]  # [kh, kw, in, m]
        kh, kw, cin, m = k.shape
        w = np.ascontiguousarray(k.transpose(2, 3, 0, 1).reshape(cin * m, 1, kh, kw))
        x = rng.standard_normal((1, 6, 6, cin)).astype("f4")
        keras = np.concatenate([keras_conv(x[..., c:c + 1], k[:, :, c:c + 1, :]) for c in range(cin)], axis=-1)
        torch_out = F.conv2d(torch.from_numpy(np.moveaxis(x, -1, 1).copy()), torch.from_numpy(w), groups=cin)
        assert np.allclose(keras, np.moveaxis(torch_out.numpy(), 1, -1), atol=1e-4)
        out.append((prefix + ".weight", w))
    elif "gamma" in own:
        out += [(prefix + ".weight", own["gamma"]), (prefix + ".bias", own["beta"]),
                (prefix + ".running_mean", own["moving_mean"]), (prefix + ".running_var", own["moving_variance"]),
                (prefix + ".num_batches_tracked", np.int64(0))]
    elif "embeddings" in own:
        out.append((prefix + ".weight", own["embeddings"]))
    return out


def keras_conv(x, k):
    """Keras ConvND, valid padding, stride 1: x [1, s..., in], k [k..., in, out] -> [1, s'..., out]."""
    spatial = k.ndim - 2
    outer = [x.shape[1 + i] - k.shape[i] + 1 for i in range(spatial)]
    y = np.zeros([1] + outer + [k.shape[-1]], dtype=np.float64)
    for pos in np.ndindex(*outer):
        window = x[(0,) + tuple(slice(p, p + s) for p, s in zip(pos, k.shape[:spatial]))]
        y[(0,) + pos] = np.tensordot(window, k, axes=spatial + 1)
    return y


def write_keras(group, layers, split_layer_names):
    names = np.array([n.encode() for n, _ in layers])
    if split_layer_names:  # how Keras stores a list past HDF5's 64 KiB header limit
        group.attrs["layer_names0"] = names[:4]
        group.attrs["layer_names1"] = names[4:]
    else:
        group.attrs["layer_names"] = names
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.11.0"
    for name, weights in layers:
        g = group.create_group(name)
        g.attrs["weight_names"] = np.array([w.encode() for w, _ in weights]) if weights else np.array([])
        for wname, w in weights:
            g.create_dataset(wname, data=w)


def keras():
    layers = keras_layers()
    expected = [line(k, v) for name, weights in layers for k, v in keras_to_pytorch(name, weights)]
    # model.save("m.h5"): the weights under /model_weights, the model's configuration at the root
    with h5py.File(os.path.join(OUT, "keras_model.h5"), "w") as f:
        f.attrs["model_config"] = b'{"class_name": "Sequential", "config": {}}'
        f.attrs["keras_version"] = b"2.11.0"
        write_keras(f.create_group("model_weights"), layers, split_layer_names=False)
        f.create_group("optimizer_weights")
    # model.save_weights("w.h5"): the weights at the root, here with layer_names split in two
    with h5py.File(os.path.join(OUT, "keras_weights.h5"), "w") as f:
        write_keras(f, layers, split_layer_names=True)
    for name in ("keras_model.txt", "keras_weights.txt"):
        with open(os.path.join(OUT, name), "w") as m:
            m.writelines(expected)


def bad():
    """Files no tensor reader accepts, each with one problem."""
    def make(name, fill):
        with h5py.File(os.path.join(OUT, name), "w") as f:
            f.create_dataset("ok", data=np.arange(3, dtype="f4"))
            fill(f)

    make("bad_compound.h5", lambda f: f.create_dataset(
        "weights/record", data=np.zeros(2, dtype=[("a", "f4"), ("b", "i4")])))
    make("bad_string.h5", lambda f: f.create_dataset("weights/name", data=np.array([b"abc", b"de"])))
    make("bad_vlen.h5", lambda f: f.create_dataset(
        "weights/ragged", shape=(2,), dtype=h5py.vlen_dtype(np.dtype("i4"))))
    make("bad_null_dataspace.h5", lambda f: f.create_dataset("weights/nothing", data=h5py.Empty("f4")))
    # a few KB that claim 4 GB of chunked, never written data
    make("bad_huge_chunked.h5", lambda f: f.create_dataset(
        "weights/huge", shape=(1 << 30,), chunks=(1 << 16,), dtype="f4"))
    # contiguous storage is allocated on first write, so this claims 8 GB and stores nothing
    make("bad_huge_unwritten.h5", lambda f: f.create_dataset("weights/huge", shape=(1 << 30,), dtype="f8"))

    # the data address in the dataset's layout message points far past the end of the file; the
    # superblock (version 0) and object headers (version 1) have no checksums to update
    path = os.path.join(OUT, "bad_data_past_end.h5")
    with h5py.File(path, "w") as f:
        address = f.create_dataset("weights/w", data=np.arange(4, dtype="f4")).id.get_offset()
    with open(path, "r+b") as raw:
        data = bytearray(raw.read())
        layout = b"\x03\x01" + address.to_bytes(8, "little")
        at = data.index(layout)
        data[at + 2:at + 10] = (address + (1 << 40)).to_bytes(8, "little")
        raw.seek(0)
        raw.write(data)

    # a filter whose jhdf decoder allocates what the data says (LZ4): optional, so HDF5 writes the
    # dataset without the plugin and stores the filter in the pipeline
    with h5py.File(os.path.join(OUT, "bad_lz4_filter.h5"), "w") as f:
        space = h5py.h5s.create_simple((8,))
        plist = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        plist.set_chunk((4,))
        plist.set_filter(32004, h5py.h5z.FLAG_OPTIONAL)
        f.create_group("weights")
        h5py.h5d.create(f.id, b"weights/lz4", h5py.h5t.IEEE_F32LE, space, plist).write(
            h5py.h5s.ALL, h5py.h5s.ALL, np.arange(8, dtype="f4"))

    # LZF's third parameter, the size of a decoded chunk, raised to 2 GB
    path = os.path.join(OUT, "bad_lzf_size.h5")
    with h5py.File(path, "w") as f:
        f.create_dataset("weights/lzf", data=np.arange(64, dtype="f4"), chunks=(16,), compression="lzf")
    with open(path, "r+b") as raw:
        data = bytearray(raw.read())
        params = b"".join(v.to_bytes(4, "little") for v in (4, 261, 64))  # h5py's: version, 261, chunk bytes
        at = data.index(params) + 8
        data[at:at + 4] = (0x7FFFFFFF).to_bytes(4, "little")
        raw.seek(0)
        raw.write(data)

    # claims Arbor's layout in a version from the future
    with h5py.File(os.path.join(OUT, "bad_future_version.h5"), "w") as f:
        f.attrs["format"] = "arbor-state-dict"
        f.attrs["format_version"] = np.int64(9)
        f.attrs["producer"] = "arbor 9.0"
        f.create_dataset("w", data=np.arange(3, dtype="f4"))

    def keras_file(name, layer_fill):
        with h5py.File(os.path.join(OUT, name), "w") as f:
            f.attrs["layer_names"] = np.array([b"dense"])
            layer_fill(f)

    keras_file("bad_keras_layer_is_dataset.h5", lambda f: f.create_dataset("dense", data=np.zeros(3, "f4")))

    def weight_is_group(f):
        g = f.create_group("dense")
        g.attrs["weight_names"] = np.array([b"dense/kernel:0"])
        g.create_group("dense/kernel:0")
    keras_file("bad_keras_weight_is_group.h5", weight_is_group)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    plain()
    latest()
    keras()
    bad()
    print("wrote fixtures to", os.path.normpath(OUT), file=sys.stderr)
