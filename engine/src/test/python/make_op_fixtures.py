#!/usr/bin/python3
"""Writes the PyTorch reference fixtures for the engine's op tests.

Run by hand (not by CI) with Debian's python3-torch 1.13:

    /usr/bin/python3 engine/src/test/python/make_op_fixtures.py

It writes engine/src/test/resources/fixtures/ops/index.json (one entry per case: the op, its inputs,
arguments and PyTorch's result or error) and one flat .npy buffer per NumPy dtype (float32.npy,
int64.npy, ...) that holds every input and output array, deduplicated. The index refers to an array as
'dtype:offset:shape' (offset in elements of the buffer, shape as 2x3, empty for 0-d); bfloat16 arrays
are kept in float32.npy, which holds them exactly, and the reference names the real dtype.
The Java side is dev.arbor.tensor.OpFixtureTest: it runs each case through Arbor and compares.

Cases where PyTorch 1.13 has no kernel for a dtype ("not implemented for 'Half'") are listed under
"torch_unsupported" and not compared; other PyTorch errors become cases where Arbor must fail too.
"""
import json
import math
import os
import sys

import numpy as np
import torch

torch.manual_seed(0)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'fixtures', 'ops')

DTYPES = [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.int16,
          torch.int8, torch.uint8, torch.bool]
FLOATS = [torch.float32, torch.float64, torch.float16, torch.bfloat16]
INTS = [torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8]
NAN, INF = float('nan'), float('inf')


def name(dtype):
    return str(dtype).replace('torch.', '')


BUFFERS = {}  # storage dtype name -> list of flat numpy arrays
SIZES = {}
BY_KEY = {}


def arr(t):
    """A reference 'dtype:offset:shape' to a tensor's (or NumPy array's) values in the flat <dtype>.npy buffers."""
    if isinstance(t, np.ndarray):
        dtype, a = str(t.dtype), np.array(t, order="C")
    else:
        t = t.detach()
        dtype = name(t.dtype)
        if t.dtype == torch.bfloat16:
            t = t.float()
        a = np.array(t.numpy(), order="C")  # ascontiguousarray would make 0-d arrays 1-d
    storage = str(a.dtype)
    key = (storage, a.tobytes())
    if key not in BY_KEY:
        BY_KEY[key] = SIZES.get(storage, 0)
        BUFFERS.setdefault(storage, []).append(a.reshape(-1))
        SIZES[storage] = BY_KEY[key] + a.size
    return '%s:%d:%s' % (dtype, BY_KEY[key], 'x'.join(map(str, a.shape)))


def encode(v):
    if isinstance(v, (torch.Tensor, np.ndarray)):
        return arr(v)
    if isinstance(v, (tuple, list)):
        return [encode(x) for x in v]
    if isinstance(v, torch.dtype):
        return {'dtype_name': name(v)}
    if isinstance(v, str):
        return {'str': v}
    if isinstance(v, bool):
        return {'bool': v}
    raise TypeError(type(v))


CASES = []
UNSUPPORTED = []


def case(group, op, inputs, fn, args=None, tag='', tol=None):
    """Runs fn(*inputs) in PyTorch and records the case; args are passed to the Java op as they are."""
    cid = '%s/%s%s' % (group, op, ('/' + tag) if tag else '')
    entry = {'id': cid, 'in': [encode(x) for x in inputs], 'args': args or {}}
    if tol:
        entry['tol'] = tol
    try:
        out = fn(*inputs)
    except Exception as e:  # noqa: BLE001 - PyTorch's errors are the reference
        msg = str(e).split('\n')[0]
        if 'not implemented for' in msg or 'not supported for' in msg and 'Boolean' not in msg:
            UNSUPPORTED.append(cid + ': ' + msg)
            return
        entry['error'] = msg
        CASES.append(entry)
        return
    entry['out'] = encode(out)
    CASES.append(entry)


def values(dtype):
    """Inputs for elementwise ops: special values for floats, the type's extremes for integers."""
    if dtype.is_floating_point:
        v = [-3.5, -1.0, -0.5, -0.0, 0.0, 0.25, 0.5, 1.0, 2.5, 10.0, 100.0, NAN, INF, -INF, 1e-5, -20.0, 30.0, 0.999]
        return torch.tensor(v, dtype=torch.float64).to(dtype).reshape(3, 6)
    if dtype == torch.bool:
        return torch.tensor([True, False, True, True, False, False, True, False, True, False, False, True]).reshape(2, 6)
    info = torch.iinfo(dtype)
    v = [-9, -3, -1, 0, 1, 2, 7, 100, info.max, info.min, 50, -50] if info.min < 0 else \
        [0, 1, 2, 3, 7, 100, 127, 128, 200, 255, 9, 64]
    return torch.tensor(v, dtype=torch.int64).to(dtype).reshape(2, 6)


# ---------------------------------------------------------------- unary

UNARY = {
    'neg': torch.neg, 'abs': torch.abs, 'sign': torch.sign, 'square': torch.square, 'exp': torch.exp,
    'expm1': torch.expm1, 'log': torch.log, 'log1p': torch.log1p, 'log2': torch.log2, 'sqrt': torch.sqrt,
    'rsqrt': torch.rsqrt, 'reciprocal': torch.reciprocal, 'sin': torch.sin, 'cos': torch.cos, 'tan': torch.tan,
    'asin': torch.asin, 'acos': torch.acos, 'atan': torch.atan, 'sinh': torch.sinh, 'cosh': torch.cosh,
    'tanh': torch.tanh, 'asinh': torch.asinh, 'acosh': torch.acosh, 'atanh': torch.atanh,
    'sigmoid': torch.sigmoid, 'erf': torch.erf, 'relu': torch.relu, 'silu': torch.nn.functional.silu,
    'mish': torch.nn.functional.mish, 'floor': torch.floor, 'ceil': torch.ceil, 'round': torch.round,
    'trunc': torch.trunc, 'isnan': torch.isnan, 'isinf': torch.isinf, 'logicalNot': torch.logical_not,
    'bitwiseNot': torch.bitwise_not, 'gelu': lambda x: torch.nn.functional.gelu(x),
    'geluTanh': lambda x: torch.nn.functional.gelu(x, approximate='tanh'),
    'softplus': torch.nn.functional.softplus,
}
# PyTorch's float32 GELU cancels in 1 + erf(x) for large negative x (Arbor computes in double), and
# its bfloat16 tanh-GELU rounds 1 + tanh(...) to bfloat16
UNARY_TOL = {('gelu', torch.float32): {'rtol': 1e-6, 'atol': 3e-7},
             ('geluTanh', torch.bfloat16): {'rtol': 1.6e-2, 'atol': 1e-3}}
for op, fn in UNARY.items():
    for dt in DTYPES:
        case('unary', op, [values(dt)], fn, tag=name(dt), tol=UNARY_TOL.get((op, dt)))
# a strided (transposed) input takes the kernels' non-contiguous paths
for op in ['exp', 'neg', 'sqrt', 'tanh', 'abs']:
    x = torch.randn(4, 5)
    case('unary', op, [x], lambda x, fn=UNARY[op]: fn(x.t()), args={'transpose': True}, tag='strided')

# ---------------------------------------------------------------- binary

BINARY = {
    'add': torch.add, 'sub': torch.sub, 'mul': torch.mul, 'div': torch.div, 'pow': torch.pow,
    'maximum': torch.maximum, 'minimum': torch.minimum, 'remainder': torch.remainder, 'fmod': torch.fmod,
    'floorDivide': torch.floor_divide, 'atan2': torch.atan2, 'eq': torch.eq, 'ne': torch.ne, 'lt': torch.lt,
    'le': torch.le, 'gt': torch.gt, 'ge': torch.ge, 'logicalAnd': torch.logical_and,
    'logicalOr': torch.logical_or, 'logicalXor': torch.logical_xor, 'bitwiseAnd': torch.bitwise_and,
    'bitwiseOr': torch.bitwise_or, 'bitwiseXor': torch.bitwise_xor,
}


def binary_inputs(dtype, op):
    """a (3, 4) and b (4,), broadcast; integer divisors and exponents avoid 0 and negatives."""
    if dtype.is_floating_point:
        a = torch.tensor([-3.5, -1.0, -0.0, 0.0, 0.5, 2.0, 7.25, NAN, INF, -INF, 3.0, -2.0], dtype=torch.float64)
        b = torch.tensor([2.0, -0.5, 0.0, 3.0], dtype=torch.float64)
    elif dtype == torch.bool:
        a = torch.tensor([True, False, True, False, True, True, False, False, True, False, True, False])
        b = torch.tensor([True, False, False, True])
    else:
        a = torch.tensor([-7, -3, -1, 0, 1, 2, 5, 9, 100, -100, 13, 6])
        b = torch.tensor([2, -3, 1, 4]) if op not in ('pow',) else torch.tensor([0, 1, 2, 3])
        if dtype == torch.uint8:
            a, b = a.abs(), b.abs()
    return a.to(dtype).reshape(3, 4), b.to(dtype)


for op, fn in BINARY.items():
    for dt in DTYPES:
        a, b = binary_inputs(dt, op)
        case('binary', op, [a, b], fn, tag=name(dt))
    # a 0-d second operand and a transposed first operand
    a, b = binary_inputs(torch.float32, op)
    case('binary', op, [a, b[1]], fn, tag='zero_dim')
    case('binary', op, [a.t().contiguous(), b], lambda x, y, fn=fn: fn(x.t(), y), args={'transpose': True},
         tag='strided')
    ia, ib = binary_inputs(torch.int64, op)
    if op in ('floorDivide', 'remainder', 'fmod', 'div'):
        case('binary', op, [ia, torch.zeros(4, dtype=torch.int64)], fn, tag='int_by_zero')

# mixed dtypes: every pair, a few ops
for op in ['add', 'sub', 'mul', 'div', 'maximum', 'lt']:
    for d1 in DTYPES:
        for d2 in DTYPES:
            a = torch.tensor([1.0, 0.0, 2.0, 3.0], dtype=torch.float64).to(d1)
            b = torch.tensor([2.0, 1.0, 0.0, 1.0], dtype=torch.float64).to(d2)
            case('binary', op, [a, b], BINARY[op], tag='%s_%s' % (name(d1), name(d2)))

# a Java double as the second operand: integral values act as Python ints, others as Python floats
SCALAR = {
    'add': lambda x, s: x + s, 'sub': lambda x, s: x - s, 'mul': lambda x, s: x * s, 'div': lambda x, s: x / s,
    'pow': lambda x, s: x ** s, 'rsub': lambda x, s: s - x, 'eq': lambda x, s: x == s, 'ne': lambda x, s: x != s,
    'lt': lambda x, s: x < s, 'le': lambda x, s: x <= s, 'gt': lambda x, s: x > s, 'ge': lambda x, s: x >= s,
}
for op, fn in SCALAR.items():
    for dt in DTYPES:
        for s in [2, 2.5, -1]:
            x = values(dt) if dt.is_floating_point or op != 'pow' else values(dt).abs() if dt != torch.bool else values(dt)
            case('scalar', op, [x], lambda x, fn=fn, s=s: fn(x, s), args={'scalar': s}, tag='%s_%s' % (name(dt), s))

# ---------------------------------------------------------------- type promotion (dtypes only)

PROMOTION = []
for d1 in DTYPES:
    for d2 in DTYPES:
        t1, t2 = torch.ones(2, dtype=d1), torch.ones(2, dtype=d2)
        z1, z2 = torch.ones((), dtype=d1), torch.ones((), dtype=d2)
        PROMOTION.append({'a': name(d1), 'b': name(d2), 'tensor_tensor': name(torch.result_type(t1, t2)),
                          'tensor_zerodim': name(torch.result_type(t1, z2)),
                          'zerodim_tensor': name(torch.result_type(z1, t2)),
                          'zerodim_zerodim': name(torch.result_type(z1, z2))})
    for kind, s in [('int', 2), ('float', 2.5)]:
        PROMOTION.append({'a': name(d1), 'scalar': kind,
                          'tensor_scalar': name(torch.result_type(torch.ones(2, dtype=d1), s)),
                          'zerodim_scalar': name(torch.result_type(torch.ones((), dtype=d1), s))})

# ---------------------------------------------------------------- conversions


def cast_sources(dtype):
    if dtype.is_floating_point:
        v = [-3.5, -2.7, -1.0, -0.5, -0.0, 0.0, 0.5, 1.5, 2.5, 2.7, 127.5, 128.0, 255.9, 256.0, 300.0, -129.0,
             32768.0, 65504.0, 65520.0, 70000.0, 2.0 ** 31, -2.0 ** 31 - 1000, 1e10, -1e10, 1e20, NAN, INF, -INF,
             1e-8, 3.4e38, 1e300, 1.00048828125, 0.1]
        return torch.tensor(v, dtype=torch.float64).to(dtype)
    if dtype == torch.bool:
        return torch.tensor([True, False])
    v = [-2 ** 63, -2 ** 40 - 1, -70000, -300, -129, -128, -1, 0, 1, 127, 128, 255, 256, 32767, 32768, 65504, 65520,
         2 ** 24 + 1, 2 ** 31, 2 ** 53 + 1, 2 ** 62 + 12345, 2 ** 63 - 1, 16777217, 33554435]
    return torch.tensor(v, dtype=torch.int64).to(dtype)


for d1 in DTYPES:
    for d2 in DTYPES:
        case('cast', 'to', [cast_sources(d1)], lambda x, d2=d2: x.to(d2), args={'dtype': name(d2)},
             tag='%s_%s' % (name(d1), name(d2)))

# ---------------------------------------------------------------- reductions

xf = torch.randn(3, 4, 5, dtype=torch.float64)
xi = torch.randint(-5, 6, (3, 4, 5))
xb = torch.randint(0, 2, (3, 4, 5)).bool()
DIMS = [[], [0], [1], [-1], [0, 2]]


def red_inputs():
    for dt in [torch.float32, torch.float64, torch.float16, torch.bfloat16]:
        yield name(dt), xf.to(dt)
    for dt in [torch.int64, torch.int32, torch.uint8]:
        yield name(dt), (xi.abs() if dt == torch.uint8 else xi).to(dt)
    yield 'bool', xb


HALF_TOL = {'rtol': 1e-2, 'atol': 1e-2}
STAT_TYPES = ('float32', 'float64', 'bfloat16')
for tag, x in red_inputs():
    tol = HALF_TOL if x.dtype in (torch.float16, torch.bfloat16) else None
    for dims in DIMS:
        for keep in ([False, True] if dims in ([1], [0, 2]) else [False]):
            t = '%s_%s_%s' % (tag, dims, keep)
            a = {'dims': dims, 'keepdim': keep}
            case('reduce', 'sum', [x], lambda x, d=dims, k=keep: x.sum(d, keepdim=k) if d else x.sum(), args=a, tag=t,
                 tol=tol)
            case('reduce', 'mean', [x], lambda x, d=dims, k=keep: x.mean(d, keepdim=k) if d else x.mean(), args=a,
                 tag=t, tol=tol)
            case('reduce', 'amax', [x], lambda x, d=dims, k=keep: torch.amax(x, d, keepdim=k), args=a, tag=t)
            case('reduce', 'amin', [x], lambda x, d=dims, k=keep: torch.amin(x, d, keepdim=k), args=a, tag=t)
            if len(dims) <= 1:
                case('reduce', 'any', [x], lambda x, d=dims, k=keep: x.any(d[0], keepdim=k) if d else x.any(),
                     args=a, tag=t)
                case('reduce', 'all', [x], lambda x, d=dims, k=keep: x.all(d[0], keepdim=k) if d else x.all(),
                     args=a, tag=t)
            if tag not in STAT_TYPES:
                continue
            for corr in [0, 1, 2]:
                ca = dict(a, correction=corr)
                for op, fn in [('var', torch.var), ('std', torch.std)]:
                    case('reduce', op, [x], lambda x, d=dims, k=keep, c=corr, fn=fn: fn(x, d or None, correction=c,
                                                                                      keepdim=k),
                         args=ca, tag='%s_c%d' % (t, corr), tol={'rtol': 2e-2, 'atol': 2e-2} if tol else None)
            case('reduce', 'logsumexp', [x], lambda x, d=dims, k=keep: torch.logsumexp(x, d or list(range(x.dim())),
                                                                                        keepdim=k),
                 args=a, tag=t, tol=tol)
            for p in [1, 2, INF, -INF, 0, 3, 0.5]:
                # PyTorch raises bfloat16 values to the power p in bfloat16
                case('reduce', 'norm', [x], lambda x, d=dims, k=keep, p=p: torch.linalg.vector_norm(
                    x, p, d or None, keepdim=k), args=dict(a, p=p), tag='%s_p%s' % (t, p),
                     tol={'rtol': 3e-2, 'atol': 3e-2} if tol and p in (3, 0.5) else tol)
    for dim in [0, 1, -1]:
        for keep in [False, True]:
            a = {'dim': dim, 'keepdim': keep}
            t = '%s_%d_%s' % (tag, dim, keep)
            case('reduce', 'maxDim', [x], lambda x, d=dim, k=keep: tuple(torch.max(x, d, keepdim=k)), args=a, tag=t)
            case('reduce', 'minDim', [x], lambda x, d=dim, k=keep: tuple(torch.min(x, d, keepdim=k)), args=a, tag=t)
            case('reduce', 'argmax', [x], lambda x, d=dim, k=keep: torch.argmax(x, d, keepdim=k), args=a, tag=t)
            case('reduce', 'argmin', [x], lambda x, d=dim, k=keep: torch.argmin(x, d, keepdim=k), args=a, tag=t)
        case('reduce', 'cumsum', [x], lambda x, d=dim: torch.cumsum(x, d), args={'dim': dim}, tag='%s_%d' % (tag, dim),
             tol=tol)
        case('reduce', 'cumprod', [x], lambda x, d=dim: torch.cumprod(x, d), args={'dim': dim},
             tag='%s_%d' % (tag, dim), tol=tol)
    case('reduce', 'argmaxAll', [x], torch.argmax, tag=tag)
    case('reduce', 'argminAll', [x], torch.argmin, tag=tag)
    case('reduce', 'prod', [x], lambda x: torch.prod(x, 1), args={'dim': 1, 'keepdim': False}, tag=tag)
    case('reduce', 'prodAll', [x[0, :2]], torch.prod, tag=tag)

# NaN propagation, ties, -inf slices, zeros in products, 0-d and empty inputs
nanx = torch.tensor([[1.0, NAN, 3.0, -1.0], [2.0, 2.0, -5.0, 2.0], [-INF, -INF, -INF, -INF]])
for op, fn in [('amax', lambda x: torch.amax(x, 1)), ('amin', lambda x: torch.amin(x, 1)),
               ('maxDim', lambda x: tuple(torch.max(x, 1))), ('minDim', lambda x: tuple(torch.min(x, 1))),
               ('argmax', lambda x: torch.argmax(x, 1)), ('argmin', lambda x: torch.argmin(x, 1)),
               ('logsumexp', lambda x: torch.logsumexp(x, [1])), ('sum', lambda x: x.sum(1)),
               ('cumsum', lambda x: x.cumsum(1)), ('sort', lambda x: tuple(torch.sort(x, dim=1, stable=True)))]:
    args = {'dim': 1, 'dims': [1], 'keepdim': False, 'descending': False}
    case('reduce', op, [nanx], fn, args=args, tag='nan')
    case('reduce', op, [nanx.double()], fn, args=args, tag='nan_f64')
case('reduce', 'logsumexp', [torch.tensor([[INF, 1.0], [-INF, 0.0]])], lambda x: torch.logsumexp(x, [1]),
     args={'dims': [1], 'keepdim': False}, tag='inf')
zx = torch.tensor([[2.0, 0.0, 3.0], [0.0, 0.0, 1.0], [1.5, -2.0, 4.0]], dtype=torch.float64)
case('reduce', 'prod', [zx], lambda x: torch.prod(x, 1), args={'dim': 1, 'keepdim': False}, tag='zeros')
case('reduce', 'cumprod', [zx], lambda x: torch.cumprod(x, 1), args={'dim': 1}, tag='zeros')
for tag, x in [('zero_dim', torch.tensor(2.5)), ('zero_dim_int', torch.tensor(7)),
               ('empty', torch.zeros(0)), ('empty_2d', torch.zeros(0, 3))]:
    case('reduce', 'sum', [x], lambda x: x.sum(), args={'dims': [], 'keepdim': False}, tag=tag)
    case('reduce', 'mean', [x], lambda x: x.mean() if x.is_floating_point() else x.float().mean(),
         args={'dims': [], 'keepdim': False}, tag=tag) if x.is_floating_point() else None
    case('reduce', 'prodAll', [x], torch.prod, tag=tag)
    case('reduce', 'amax', [x], lambda x: torch.amax(x), args={'dims': [], 'keepdim': False}, tag=tag)
    case('reduce', 'argmaxAll', [x], torch.argmax, tag=tag)
    case('reduce', 'any', [x], torch.any, args={'dims': [], 'keepdim': False}, tag=tag)
    case('reduce', 'all', [x], torch.all, args={'dims': [], 'keepdim': False}, tag=tag)
    case('reduce', 'cumsum', [x], lambda x: torch.cumsum(x, 0), args={'dim': 0}, tag=tag)
    case('reduce', 'norm', [x], lambda x: torch.linalg.vector_norm(x, 2), args={'dims': [], 'keepdim': False, 'p': 2},
         tag=tag)
case('reduce', 'sum', [torch.zeros(0, 3)], lambda x: x.sum(0), args={'dims': [0], 'keepdim': False}, tag='empty_dim')
case('reduce', 'maxDim', [torch.zeros(0, 3)], lambda x: tuple(torch.max(x, 0)), args={'dim': 0, 'keepdim': False},
     tag='empty_dim')
case('reduce', 'maxDim', [torch.zeros(0, 3)], lambda x: tuple(torch.max(x, 1)), args={'dim': 1, 'keepdim': False},
     tag='empty_other_dim')

# ---------------------------------------------------------------- views

base = torch.arange(24, dtype=torch.float32).reshape(2, 3, 4)


def view_case(op, fn, args, x=base, tag=''):
    def run(x):
        y = fn(x)
        ys = list(y) if isinstance(y, (tuple, list)) else [y]
        shares = [t.storage().data_ptr() == x.storage().data_ptr() for t in ys]
        return ys, shares
    entry_tag = tag or json.dumps(args, sort_keys=True)
    cid_before = len(CASES)
    case('view', op, [x], lambda x: run(x)[0], args=args, tag=entry_tag)
    if len(CASES) > cid_before and 'out' in CASES[-1]:
        CASES[-1]['shares'] = run(x)[1]


view_case('view', lambda x: x.view(4, 6), {'shape': [4, 6]})
view_case('view', lambda x: x.view(-1), {'shape': [-1]})
view_case('view', lambda x: x.view(2, -1, 2), {'shape': [2, -1, 2]})
view_case('view', lambda x: x.permute(2, 0, 1).view(4, 6), {'shape': [4, 6], 'permute': [2, 0, 1]})
view_case('view', lambda x: x.view(5, 5), {'shape': [5, 5]})
view_case('reshape', lambda x: x.reshape(6, 4), {'shape': [6, 4]})
view_case('reshape', lambda x: x.permute(2, 0, 1).reshape(4, 6), {'shape': [4, 6], 'permute': [2, 0, 1]})
view_case('reshape', lambda x: x.permute(0, 2, 1).reshape(2, 12), {'shape': [2, 12], 'permute': [0, 2, 1]})
view_case('reshape', lambda x: x[:, :, 0].reshape(-1), {'shape': [-1], 'select': [2, 0]})
view_case('permute', lambda x: x.permute(2, 0, 1), {'dims': [2, 0, 1]})
view_case('permute', lambda x: x.permute(-1, 0, 1), {'dims': [-1, 0, 1]})
view_case('permute', lambda x: x.permute(0, 0, 1), {'dims': [0, 0, 1]})
view_case('transpose', lambda x: x.transpose(0, 2), {'dim0': 0, 'dim1': 2})
view_case('transpose', lambda x: x.transpose(-1, 1), {'dim0': -1, 'dim1': 1})
view_case('t', lambda x: x.t(), {}, x=base[0])
view_case('t', lambda x: x.t(), {}, x=base[0, 0], tag='1d')
view_case('t', lambda x: x.t(), {}, tag='3d')
view_case('expand', lambda x: x[:, :1].expand(2, 5, 4), {'sizes': [2, 5, 4], 'narrow': [1, 0, 1]})
view_case('expand', lambda x: x[0, 0].expand(3, 2, 4), {'sizes': [3, 2, 4], 'select': [0, 0, 0, 0]}, tag='leading')
view_case('expand', lambda x: x[:, :1].expand(-1, 3, -1), {'sizes': [-1, 3, -1], 'narrow': [1, 0, 1]}, tag='minus1')
view_case('expand', lambda x: x.expand(2, 2, 4), {'sizes': [2, 2, 4]}, tag='bad')
for start, length in [(1, 2), (0, 3), (-2, 2)]:
    view_case('narrow', lambda x, s=start, n=length: x.narrow(1, s, n), {'dim': 1, 'start': start, 'length': length})
view_case('narrow', lambda x: x.narrow(1, 2, 2), {'dim': 1, 'start': 2, 'length': 2}, tag='too_long')
for start, end, step in [(1, 4, 2), (-3, -1, 1), (0, 100, 3), (-100, 2, 1), (3, 1, 1), (0, 4, 1)]:
    view_case('slice', lambda x, s=start, e=end, st=step: x[:, :, s:e:st],
              {'dim': 2, 'start': start, 'end': end, 'step': step})
for dim, index in [(1, -1), (0, 1), (2, 3), (-1, 0), (1, 3), (1, -4)]:
    view_case('select', lambda x, d=dim, i=index: x.select(d, i), {'dim': dim, 'index': index})
sq = torch.arange(6.0).reshape(1, 2, 1, 3, 1)
view_case('squeeze', lambda x: x.squeeze(), {}, x=sq)
for dim in [0, 2, -1, 1]:
    view_case('squeeze', lambda x, d=dim: x.squeeze(d), {'dim': dim}, x=sq)
for dim in [0, -1, 3, 1, 4, -5]:
    view_case('unsqueeze', lambda x, d=dim: x.unsqueeze(d), {'dim': dim})
view_case('flatten', lambda x: x.flatten(), {})
view_case('flatten', lambda x: x.flatten(1, 2), {'start': 1, 'end': 2})
view_case('flatten', lambda x: x.flatten(0, 1), {'start': 0, 'end': 1})
view_case('flatten', lambda x: x.permute(2, 0, 1).flatten(0, 1), {'start': 0, 'end': 1, 'permute': [2, 0, 1]})
view_case('flatten', lambda x: x.flatten(), {}, x=torch.tensor(3.0), tag='0d')
view_case('unflatten', lambda x: x.unflatten(2, (2, 2)), {'dim': 2, 'sizes': [2, 2]})
view_case('unflatten', lambda x: x.unflatten(-1, (-1, 2)), {'dim': -1, 'sizes': [-1, 2]})
view_case('unflatten', lambda x: x.unflatten(1, (3, 1)), {'dim': 1, 'sizes': [3, 1]})
for dim, size, step in [(2, 2, 1), (2, 3, 2), (0, 1, 1), (1, 3, 3), (-1, 4, 1), (2, 5, 1)]:
    view_case('unfold', lambda x, d=dim, s=size, st=step: x.unfold(d, s, st), {'dim': dim, 'size': size, 'step': step})
for size, dim in [(2, 2), (3, 2), (1, 0), (4, 1), (5, -1)]:
    view_case('split', lambda x, s=size, d=dim: x.split(s, d), {'size': size, 'dim': dim})
view_case('splitSizes', lambda x: x.split([1, 3], 2), {'sizes': [1, 3], 'dim': 2})
view_case('splitSizes', lambda x: x.split([1, 1, 1], 1), {'sizes': [1, 1, 1], 'dim': 1})
view_case('splitSizes', lambda x: x.split([1, 1], 1), {'sizes': [1, 1], 'dim': 1}, tag='bad')
for chunks, dim in [(2, 2), (3, 2), (3, 1), (5, 1), (4, -1)]:
    view_case('chunk', lambda x, c=chunks, d=dim: x.chunk(c, d), {'chunks': chunks, 'dim': dim})
view_case('chunk', lambda x: x.chunk(3, 0), {'chunks': 3, 'dim': 0}, x=torch.arange(5.0), tag='5by3')
view_case('chunk', lambda x: x.chunk(4, 0), {'chunks': 4, 'dim': 0}, x=torch.arange(6.0), tag='6by4')
for src, dst in [(0, 2), (2, 0), (-1, 1), (1, 1)]:
    view_case('movedim', lambda x, s=src, d=dst: x.movedim(s, d), {'source': src, 'destination': dst})
view_case('unbind', lambda x: x.unbind(1), {'dim': 1})
view_case('asStrided', lambda x: x.as_strided((3, 3), (4, 1), 2), {'size': [3, 3], 'stride': [4, 1], 'offset': 2})
view_case('contiguous', lambda x: x.permute(2, 0, 1).contiguous(), {'permute': [2, 0, 1]})
view_case('contiguous', lambda x: x.contiguous(), {}, tag='already')

# ---------------------------------------------------------------- indexing

src = torch.arange(12, dtype=torch.float32).reshape(3, 4)
gi0 = torch.tensor([[0, 2, 1, 0], [2, 2, 0, 1]])
gi1 = torch.tensor([[3, 0], [1, 1], [2, 0]])
case('index', 'gather', [src, gi0], lambda x, i: torch.gather(x, 0, i), args={'dim': 0})
case('index', 'gather', [src, gi1], lambda x, i: torch.gather(x, 1, i), args={'dim': 1})
case('index', 'gather', [src, gi1], lambda x, i: torch.gather(x, -1, i), args={'dim': -1}, tag='neg')
case('index', 'gather', [src.long(), gi1], lambda x, i: torch.gather(x, 1, i), args={'dim': 1}, tag='int')
case('index', 'gather', [src, gi1 + 2], lambda x, i: torch.gather(x, 1, i), args={'dim': 1}, tag='oob')
case('index', 'gather', [src, gi1[0]], lambda x, i: torch.gather(x, 1, i), args={'dim': 1}, tag='rank')
case('index', 'gather', [src, gi1.int()], lambda x, i: torch.gather(x, 1, i), args={'dim': 1}, tag='int32_index')
upd = torch.tensor([[10.0, 20.0, 30.0], [40.0, 50.0, 60.0]])
si = torch.tensor([[0, 2, 1], [1, 0, 2]])
case('index', 'scatter', [src, si, upd], lambda x, i, s: torch.scatter(x, 0, i, s), args={'dim': 0})
case('index', 'scatter', [src, si, upd], lambda x, i, s: torch.scatter(x, 1, i, s), args={'dim': 1}, tag='dim1')
case('index', 'scatterAdd', [src, torch.tensor([[0, 0, 1], [2, 0, 0]]), upd],
     lambda x, i, s: torch.scatter_add(x, 1, i, s), args={'dim': 1})
case('index', 'scatterAdd', [src, torch.tensor([[0, 0, 1], [2, 0, 0]]), upd],
     lambda x, i, s: torch.scatter_add(x, 0, i, s), args={'dim': 0}, tag='dim0')
case('index', 'scatter', [src, si + 2, upd], lambda x, i, s: torch.scatter(x, 1, i, s), args={'dim': 1}, tag='oob')
ix = torch.tensor([2, 0, 2])
for dim in [0, 1, -1]:
    case('index', 'indexSelect', [src, ix], lambda x, i, d=dim: torch.index_select(x, d, i), args={'dim': dim})
case('index', 'indexSelect', [src, ix.int()], lambda x, i: torch.index_select(x, 0, i), args={'dim': 0}, tag='int32')
case('index', 'indexSelect', [src, torch.tensor([3])], lambda x, i: torch.index_select(x, 0, i), args={'dim': 0},
     tag='oob')
case('index', 'indexSelect', [src, torch.tensor([-1])], lambda x, i: torch.index_select(x, 0, i), args={'dim': 0},
     tag='negative')
case('index', 'indexSelect', [torch.tensor(5.0), torch.tensor([0, 0])], lambda x, i: torch.index_select(x, 0, i),
     args={'dim': 0}, tag='0d')
case('index', 'indexAdd', [src, ix, torch.ones(3, 4)], lambda x, i, s: x.index_add(0, i, s), args={'dim': 0})
case('index', 'indexAdd', [src, torch.tensor([1, 1, 3]), torch.arange(9.0).reshape(3, 3)],
     lambda x, i, s: x.index_add(1, i, s), args={'dim': 1}, tag='dim1')
mask = torch.tensor([True, False, False, True])
case('index', 'maskedFill', [src, mask], lambda x, m: x.masked_fill(m, -1.5), args={'value': -1.5})
case('index', 'maskedFill', [src.long(), mask.reshape(1, 4)], lambda x, m: x.masked_fill(m, 7), args={'value': 7},
     tag='int')
case('index', 'maskedFill', [src, mask], lambda x, m: x.masked_fill(m, NAN), args={'value': NAN}, tag='nan')
case('index', 'maskedSelect', [src, mask], lambda x, m: torch.masked_select(x, m))
case('index', 'maskedSelect', [src, src > 4], lambda x, m: torch.masked_select(x, m), tag='full')
case('index', 'maskedSelect', [src[0], src > 4], lambda x, m: torch.masked_select(x, m), tag='broadcast_input')
for dim in [0, 1, -1]:
    case('index', 'cat', [src, src[:, :2] if dim != 0 else src[:1]], lambda a, b, d=dim: torch.cat([a, b], d),
         args={'dim': dim})
case('index', 'cat', [src.double(), src.int()], lambda a, b: torch.cat([a, b], 0), args={'dim': 0}, tag='promote')
case('index', 'cat', [src, torch.zeros(0)], lambda a, b: torch.cat([a, b], 0), args={'dim': 0}, tag='legacy_empty')
case('index', 'cat', [src, src[:, :2]], lambda a, b: torch.cat([a, b], 0), args={'dim': 0}, tag='bad')
for dim in [0, 1, 2, -1]:
    case('index', 'stack', [src, src + 1], lambda a, b, d=dim: torch.stack([a, b], d), args={'dim': dim})
case('index', 'stack', [src, src[:2]], lambda a, b: torch.stack([a, b], 0), args={'dim': 0}, tag='bad')
for reps in [[2, 1], [1, 3], [2, 1, 2], [1, 1]]:
    case('index', 'repeat', [src[:2, :3]], lambda x, r=reps: x.repeat(*r), args={'repeats': reps})
sx = torch.tensor([[3.0, -1.0, NAN, 2.0, -1.0, 0.0, -0.0, INF], [1.0, 1.0, 1.0, -INF, 5.0, 2.0, NAN, 2.0]])
for dim in [1, 0]:
    for desc in [False, True]:
        case('index', 'sort', [sx], lambda x, d=dim, de=desc: tuple(torch.sort(x, dim=d, descending=de, stable=True)),
             args={'dim': dim, 'descending': desc})
        case('index', 'argsort', [sx], lambda x, d=dim, de=desc: torch.sort(x, dim=d, descending=de, stable=True)[1],
             args={'dim': dim, 'descending': desc})
ints = torch.tensor([[5, 3, 5, -2, 3, 0], [1, 1, 1, 0, 9, -9]])
for desc in [False, True]:
    case('index', 'sort', [ints], lambda x, de=desc: tuple(torch.sort(x, dim=1, descending=de, stable=True)),
         args={'dim': 1, 'descending': desc}, tag='int')
    case('index', 'sort', [ints.bool()], lambda x, de=desc: tuple(torch.sort(x, dim=1, descending=de, stable=True)),
         args={'dim': 1, 'descending': desc}, tag='bool')
tk = torch.tensor([[0.5, 3.0, -1.0, 2.0, 7.0], [4.0, -2.0, 1.0, 0.0, 9.0]])
for k, dim, largest in [(2, 1, True), (3, 1, False), (1, 0, True), (5, 1, True), (0, 1, True), (6, 1, True)]:
    case('index', 'topk', [tk], lambda x, k=k, d=dim, l=largest: tuple(torch.topk(x, k, d, l)),
         args={'k': k, 'dim': dim, 'largest': largest})
cond = torch.tensor([[True, False, True, False]])
case('index', 'where', [cond, src, -src], lambda c, a, b: torch.where(c, a, b))
case('index', 'where', [cond, src.long(), torch.tensor(0.5, dtype=torch.float64)], lambda c, a, b: torch.where(c, a, b),
     tag='promote')
case('index', 'where', [cond.t(), src[0], torch.tensor(-1.0)], lambda c, a, b: torch.where(c, a, b), tag='broadcast3')
case('index', 'where', [cond, src[:2], src], lambda c, a, b: torch.where(c, a, b), tag='bad')

x3 = torch.arange(24.0).reshape(2, 3, 4)
for dims in [[0], [2], [0, 2], [-1, 1], []]:
    case('index', 'flip', [x3], lambda x, d=dims: torch.flip(x, d), args={'dims': dims})
for shifts, dims in [([1], [2]), ([-1], [0]), ([5], [1]), ([2, 1], [0, 2]), ([3], []), ([0], [1])]:
    case('index', 'roll', [x3], lambda x, s=shifts, d=dims: torch.roll(x, s, d), args={'shifts': shifts, 'dims': dims})
for diagonal in [0, 1, -1, 5, -5]:
    for op in ['tril', 'triu']:
        case('index', op, [x3], lambda x, k=diagonal, op=op: getattr(torch, op)(x, k), args={'diagonal': diagonal})
        case('index', op, [torch.ones(3, 5, dtype=torch.bool)], lambda x, k=diagonal, op=op: getattr(torch, op)(x, k),
             args={'diagonal': diagonal}, tag='bool')
case('index', 'tril', [torch.arange(3.0)], lambda x: torch.tril(x), args={'diagonal': 0}, tag='1d')
nz = torch.tensor([[0.0, 1.5, 0.0], [NAN, 0.0, -2.0]])
case('index', 'nonzero', [nz], torch.nonzero)
case('index', 'nonzero', [torch.tensor(3)], torch.nonzero, tag='0d')
case('index', 'nonzero', [torch.zeros(2, 0)], torch.nonzero, tag='empty')
case('index', 'nonzero', [torch.tensor([[True, False], [True, True]]).reshape(2, 1, 2)], torch.nonzero, tag='bool3d')
case('index', 'argwhere', [nz], torch.argwhere)
ms_mask = torch.tensor([[True, False, True, False], [False, False, True, True], [True, True, True, True]])
case('index', 'maskedScatter', [src, ms_mask, torch.arange(100.0, 112.0).reshape(3, 4)],
     lambda x, m, s: x.masked_scatter(m, s))
case('index', 'maskedScatter', [src, mask, -torch.arange(20.0)], lambda x, m, s: x.masked_scatter(m, s), tag='broadcast')
case('index', 'maskedScatter', [src, ms_mask, torch.arange(3.0)], lambda x, m, s: x.masked_scatter(m, s), tag='short')
case('index', 'maskedSelect', [src, src.gt(4).long()], lambda x, m: torch.masked_select(x, m), tag='int_mask')

# ---------------------------------------------------------------- matmul

for sa, sb in [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((5, 2, 3), (3, 4)),
               ((2, 3), (5, 3, 4)), ((5, 1, 2, 3), (4, 3, 2)), ((3,), (2, 3, 4)), ((2, 2, 3), (3,)),
               ((2, 3), (4, 5)), ((0, 3), (3, 2)), ((2, 0), (0, 3))]:
    tag = '%s_%s' % ('x'.join(map(str, sa)), 'x'.join(map(str, sb)))
    for dt in [torch.float32, torch.float64]:
        a, b = torch.randn(sa, dtype=dt), torch.randn(sb, dtype=dt)
        case('matmul', 'matmul', [a, b], torch.matmul, tag='%s_%s' % (name(dt), tag),
             tol={'rtol': 1e-5, 'atol': 1e-5} if dt == torch.float32 else None)
case('matmul', 'matmul', [torch.randint(-5, 5, (2, 3)), torch.randint(-5, 5, (3, 2))], torch.matmul, tag='int64')
big = torch.tensor([[2 ** 40 + 3, -(2 ** 35) + 7], [12345678901, 3]])
case('matmul', 'matmul', [big, big.t().contiguous() + 1], torch.matmul, tag='int64_exact')
case('matmul', 'matmul', [torch.randint(-5, 5, (2, 2, 3), dtype=torch.int32), torch.randint(-5, 5, (3,), dtype=torch.int32)],
     torch.matmul, tag='int32_batched_vector')
case('matmul', 'matmul', [torch.randn(2, 3), torch.randn(3, 2, dtype=torch.float64)], torch.matmul, tag='mixed')
case('matmul', 'matmul', [torch.randn(4, 3).t(), torch.randn(4, 2)], torch.matmul, tag='transposed',
     tol={'rtol': 1e-5, 'atol': 1e-5})
case('matmul', 'mm', [torch.randn(2, 3), torch.randn(3,)], torch.mm, tag='bad')
case('matmul', 'bmm', [torch.randn(2, 2, 3), torch.randn(2, 3, 4)], torch.bmm, tol={'rtol': 1e-5, 'atol': 1e-5})

# ---------------------------------------------------------------- creation


def created(op, fn, args, tag):
    case('create', op, [], fn, args=args, tag=tag)


for start, end, step, dt in [(0, 10, 1, 'int64'), (0, 1, 0.1, 'float32'), (5, -3, -2, 'int64'),
                             (0.5, 3, 1, 'int64'), (-1, 1, 0.25, 'float64'), (0, 5, 1, 'float16'),
                             (1, 1, 1, 'int64'), (0, 10, 3, 'int32'), (0, 2, 0.3, 'float64'), (2, 1, 1, 'int64'),
                             (0, 1, 0, 'float32')]:
    created('arange', lambda s=start, e=end, st=step, d=dt: torch.arange(s, e, st, dtype=getattr(torch, d)),
            {'start': start, 'end': end, 'step': step, 'dtype': dt}, '%s_%s_%s_%s' % (start, end, step, dt))
for start, end, steps, dt in [(0, 1, 5, 'float32'), (-1, 7, 4, 'int32'), (0, 1, 5, 'int64'), (3, 3, 1, 'float64'),
                              (0, 10, 0, 'float32'), (1, -1, 7, 'float64'), (0, 1, 11, 'float32'), (2, 8, 2, 'float16'),
                              (0, 100, 6, 'bfloat16')]:
    created('linspace', lambda s=start, e=end, n=steps, d=dt: torch.linspace(s, e, n, dtype=getattr(torch, d)),
            {'start': start, 'end': end, 'steps': steps, 'dtype': dt}, '%s_%s_%s_%s' % (start, end, steps, dt))
for n, m, dt in [(3, 3, 'float32'), (2, 4, 'int64'), (4, 2, 'bool'), (0, 3, 'float32'), (1, 1, 'float64')]:
    created('eye', lambda n=n, m=m, d=dt: torch.eye(n, m, dtype=getattr(torch, d)), {'n': n, 'm': m, 'dtype': dt},
            '%d_%d_%s' % (n, m, dt))
for value, dt in [(2.5, 'float32'), (7, 'int64'), (1, 'bool'), (-3, 'int8'), (-1, 'uint8'), (0.1, 'float16'),
                  (1.7, 'int32'), (NAN, 'float64'), (-INF, 'bfloat16')]:
    created('full', lambda v=value, d=dt: torch.full((2, 3), v, dtype=getattr(torch, d)),
            {'value': value, 'dtype': dt, 'shape': [2, 3]}, '%s_%s' % (value, dt))

# ---------------------------------------------------------------- repr


def repr_case(tag, x, transform='none'):
    fns = {'none': lambda t: t, 'requires_grad': lambda t: t.requires_grad_(True),
           'mul2': lambda t: t.requires_grad_(True) * 2, 'sum': lambda t: t.requires_grad_(True).sum(),
           'mean': lambda t: t.requires_grad_(True).mean()}
    case('repr', 'repr', [x], lambda t: repr(fns[transform](t.clone())), args={'transform': transform}, tag=tag)


g = torch.Generator().manual_seed(3)
repr_case('f32', torch.randn(2, 3, generator=g))
repr_case('f32_int', torch.tensor([1.0, 2.0, -3.0]))
repr_case('f32_sci_big', torch.tensor([1.0, 12345.0, 1e9]))
repr_case('f32_sci_small', torch.tensor([1e-5, 1.0, 0.5]))
repr_case('f32_sci_ratio', torch.tensor([0.001, 2.0, 1500.0]))
repr_case('f32_nan_inf', torch.tensor([0.0, NAN, INF, -INF, 1.5]))
repr_case('f32_nan_only', torch.tensor([0.0, NAN]))
repr_case('f32_neg_zero', torch.tensor([-0.0, 0.0, 1.0]))
repr_case('f32_neg_zero_frac', torch.tensor([-0.0, 0.5]))
repr_case('f32_halfway', torch.tensor([0.125, 0.00015, 2.5e-4, 1.00005]))
repr_case('f32_rounding', torch.tensor([0.12345, 1.99995, 9.99999, 123.45678]))
repr_case('f64', torch.randn(3, 2, dtype=torch.float64, generator=g))
repr_case('f64_big_int', torch.tensor([1e8, 2.0], dtype=torch.float64))
repr_case('f64_sci_int', torch.tensor([1e9, 2.0], dtype=torch.float64))
repr_case('f16', torch.tensor([0.1, 1.5, -2.25], dtype=torch.float16))
repr_case('bf16', torch.tensor([0.1, 1.5, -2.25], dtype=torch.bfloat16))
repr_case('i64', torch.tensor([[1, -20, 300], [4, 5, 6]]))
repr_case('i64_big', torch.tensor([2 ** 62 + 1, -(2 ** 63)]))
repr_case('i32', torch.tensor([1, 2, 3], dtype=torch.int32))
repr_case('u8', torch.tensor([0, 255, 7], dtype=torch.uint8))
repr_case('i8', torch.tensor([-128, 127], dtype=torch.int8))
repr_case('i16', torch.tensor([[-1]], dtype=torch.int16))
repr_case('bool', torch.tensor([[True, False], [False, True]]))
repr_case('0d_f32', torch.tensor(3.25))
repr_case('0d_f32_int', torch.tensor(3.0))
repr_case('0d_i64', torch.tensor(-7))
repr_case('0d_bool', torch.tensor(True))
repr_case('0d_f64', torch.tensor(1e-7, dtype=torch.float64))
repr_case('empty', torch.zeros(0))
repr_case('empty_2d', torch.zeros(2, 0))
repr_case('empty_i64', torch.zeros(0, dtype=torch.int64))
repr_case('empty_f64_3d', torch.zeros(0, 2, 3, dtype=torch.float64))
repr_case('empty_bool', torch.zeros(0, dtype=torch.bool))
repr_case('summarised_1d', torch.arange(2000, dtype=torch.float32))
repr_case('summarised_2d', torch.randn(50, 50, generator=g))
repr_case('summarised_3d_int', torch.arange(2000).reshape(10, 10, 20))
repr_case('summarised_nan', torch.cat([torch.full((1001,), NAN), torch.tensor([1.5])]))
repr_case('summarised_edge', torch.arange(1001).reshape(1001, 1))
repr_case('wrap_1d', torch.randn(30, generator=g))
repr_case('wrap_2d', torch.randn(3, 30, generator=g))
repr_case('wrap_int', torch.arange(40) * 1000)
repr_case('wrap_suffix', torch.randn(9, dtype=torch.float64, generator=g))
repr_case('wrap_suffix_grad', torch.randn(10, dtype=torch.float64, generator=g), 'requires_grad')
repr_case('wide_3d', torch.randn(2, 2, 3, generator=g))
repr_case('4d', torch.arange(16.0).reshape(2, 2, 2, 2))
repr_case('requires_grad', torch.tensor([1.0, 2.0]), 'requires_grad')
repr_case('grad_fn_mul', torch.tensor([1.0, 2.0]), 'mul2')
repr_case('grad_fn_sum', torch.tensor([1.0, 2.0]), 'sum')
repr_case('grad_fn_f64', torch.tensor([1.0, 2.5], dtype=torch.float64), 'mul2')
repr_case('grad_fn_mean', torch.tensor([1.0, 2.5]), 'mean')

# ---------------------------------------------------------------- unsigned types, against NumPy

# PyTorch 1.13 has no uint16/32/64; NumPy's wrap-around arithmetic is the reference for them. Where
# NumPy's result type differs from PyTorch's rules (sums of small unsigned types are uint64 in NumPy,
# int64 in PyTorch and Arbor), the case compares values only.
for dt in [np.uint8, np.uint16, np.uint32, np.uint64]:
    info = np.iinfo(dt)
    a = np.array([0, 1, 2, 7, 100, info.max, info.max - 1, info.max // 2 + 1, 3, 65], dtype=dt).reshape(2, 5)
    b = np.array([3, 1, info.max, 2, info.max // 2 + 5], dtype=dt)
    tag = str(np.dtype(dt))
    for op, fn in [('abs', np.abs), ('sign', np.sign), ('square', np.square), ('bitwiseNot', np.invert),
                   ('neg', np.negative)]:
        case('unsigned', op, [a], fn, tag=tag)
    for op, fn in [('add', np.add), ('sub', np.subtract), ('mul', np.multiply), ('floorDivide', np.floor_divide),
                   ('remainder', np.remainder), ('maximum', np.maximum), ('minimum', np.minimum), ('eq', np.equal),
                   ('lt', np.less), ('ge', np.greater_equal), ('bitwiseAnd', np.bitwise_and),
                   ('bitwiseOr', np.bitwise_or), ('bitwiseXor', np.bitwise_xor)]:
        case('unsigned', op, [a, b], fn, tag=tag)
    for dim in [0, 1]:
        case('unsigned', 'sum', [a], lambda x, d=dim: x.sum(d, dtype=np.int64 if x.dtype != np.uint64 else None),
             args={'dims': [dim], 'keepdim': False}, tag='%s_%d' % (tag, dim))
        case('unsigned', 'amax', [a], lambda x, d=dim: x.max(d), args={'dims': [dim], 'keepdim': False},
             tag='%s_%d' % (tag, dim))
        case('unsigned', 'amin', [a], lambda x, d=dim: x.min(d), args={'dims': [dim], 'keepdim': False},
             tag='%s_%d' % (tag, dim))
        case('unsigned', 'argmax', [a], lambda x, d=dim: x.argmax(d).astype(np.int64),
             args={'dim': dim, 'keepdim': False}, tag='%s_%d' % (tag, dim))
        case('unsigned', 'argmin', [a], lambda x, d=dim: x.argmin(d).astype(np.int64),
             args={'dim': dim, 'keepdim': False}, tag='%s_%d' % (tag, dim))
        case('unsigned', 'cumsum', [a], lambda x, d=dim: x.cumsum(d, dtype=np.int64 if x.dtype != np.uint64 else None),
             args={'dim': dim}, tag='%s_%d' % (tag, dim))
    case('unsigned', 'sort', [a], lambda x: (np.sort(x, 1, kind='stable'), np.argsort(x, 1, kind='stable').astype(np.int64)),
         args={'dim': 1, 'descending': False}, tag=tag)
    for to in ['float64', 'float32', 'int64', 'uint8', 'bool']:
        case('unsigned', 'to', [a], lambda x, to=to: x.astype(to), args={'dtype': to}, tag='%s_%s' % (tag, to))
    floats = np.array([0.0, 1.5, 2.7, 255.0, 65535.0, 4294967295.0, 2.0 ** 63, 2.0 ** 64 - 4096, 1e6, 3.0])
    in_range = floats[floats <= info.max]
    case('unsigned', 'to', [in_range], lambda x: x.astype(dt), args={'dtype': tag}, tag='float64_%s' % tag)

# ---------------------------------------------------------------- write

os.makedirs(OUT, exist_ok=True)
for old in os.listdir(OUT):
    if old.endswith('.npy') or old.endswith('.npz'):
        os.remove(os.path.join(OUT, old))
for storage, parts in BUFFERS.items():
    np.save(os.path.join(OUT, storage + '.npy'), np.concatenate(parts))
with open(os.path.join(OUT, 'index.json'), 'w') as f:
    json.dump({'generator': 'engine/src/test/python/make_op_fixtures.py', 'torch': torch.__version__,
               'numpy': np.__version__, 'cases': CASES, 'promotion': PROMOTION,
               'torch_unsupported': UNSUPPORTED}, f, indent=None, separators=(',', ':'))
    f.write('\n')
print('%d cases, %d arrays, %d unsupported by torch' % (len(CASES), len(BY_KEY), len(UNSUPPORTED)),
      file=sys.stderr)
