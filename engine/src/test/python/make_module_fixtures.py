#!/usr/bin/python3
"""Writes the PyTorch reference fixtures for Arbor's Module system, optimizers and schedulers.

Run by hand with Debian's python3-torch (1.13), not by the build:

    /usr/bin/python3 engine/src/test/python/make_module_fixtures.py

It writes small JSON files to engine/src/test/resources/dev/arbor/nn/ (floats are float32 values
written exactly). The Java tests under engine/src/test/java/dev/arbor/nn and dev/arbor/optim read
them and build the same models and runs.
"""
import collections
import json
import math
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "arbor", "nn")


def values(t):
    """A tensor as a flat list of Python floats (exact for float32) and its shape."""
    if t is None:
        return None
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(path), os.path.getsize(path), "bytes")


# ---------------------------------------------------------------------------- module tree

class Block(nn.Module):
    """A ResNet basic block whose activation is shared with other blocks, with a projection when needed."""

    def __init__(self, cin, cout, stride, act):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.act = act
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        else:
            self.register_module("downsample", None)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(collections.OrderedDict([
            ("conv", nn.Conv2d(3, 8, 3, 1, 1, bias=False)),
            ("bn", nn.BatchNorm2d(8)),
            ("relu", nn.ReLU(inplace=True)),
        ]))
        act = nn.ReLU()
        self.layers = nn.ModuleList([Block(8, 8, 1, act), Block(8, 16, 2, act)])
        self.shared = self.layers[0]
        self.heads = nn.ModuleDict({"cls": nn.Linear(16, 10), "aux": nn.Linear(16, 10, bias=False)})
        self.heads["aux"].weight = self.heads["cls"].weight
        self.register_buffer("scale", torch.ones(1))
        self.register_buffer("calls", torch.zeros((), dtype=torch.long), persistent=False)
        self.temperature = nn.Parameter(torch.ones(1))
        self.register_parameter("unused", None)
        self.register_module("extra", None)
        self.pair = nn.Bilinear(4, 5, 3)
        self.flat = nn.Flatten()
        self.unflat = nn.Unflatten(1, (2, 8))
        self.ident = nn.Identity()
        self.plist = nn.ParameterList([nn.Parameter(torch.zeros(3, 4)), nn.Parameter(torch.zeros(5, dtype=torch.float64))])
        self.pdict = nn.ParameterDict({"alpha": nn.Parameter(torch.zeros(2)), "beta": nn.Parameter(torch.zeros(2, 3))})


def named_params(module, remove_duplicate):
    """named_parameters(remove_duplicate=...) as PyTorch 2 defines it (1.13 lacks the argument)."""
    memo = set()
    out = []
    for prefix, m in module.named_modules(remove_duplicate=remove_duplicate):
        for k, v in m._parameters.items():
            if v is None or v in memo:
                continue
            if remove_duplicate:
                memo.add(v)
            out.append([prefix + ("." if prefix else "") + k, list(v.shape)])
    return out


def tree_fixture():
    net = Net()
    containers = {
        "sequential_numbered": repr(nn.Sequential(nn.Linear(4, 2), nn.Identity(), nn.Flatten(0, 1))),
        "module_list": repr(nn.ModuleList([nn.Linear(2, 2), nn.ModuleList([nn.Identity()])])),
        "module_dict": repr(nn.ModuleDict({"b": nn.Linear(1, 2, bias=False), "a": nn.Unflatten(0, (1, 1))})),
        "parameter_list_one": repr(nn.ParameterList([nn.Parameter(torch.zeros(2, 3))])),
        "parameter_list_two": repr(nn.ParameterList([nn.Parameter(torch.zeros(2, 3)),
                                                      nn.Parameter(torch.zeros(4, dtype=torch.float16))])),
        "parameter_dict": repr(nn.ParameterDict({"a": nn.Parameter(torch.zeros(2, 3)),
                                                 "b": nn.Parameter(torch.zeros(2, dtype=torch.float64))})),
        "empty_sequential": repr(nn.Sequential()),
        "empty_parameter_list": repr(nn.ParameterList()),
    }
    write("module_tree.json", {
        "repr": repr(net),
        "named_modules": [[n, type(m).__name__] for n, m in net.named_modules()],
        "named_modules_all": [[n, type(m).__name__] for n, m in net.named_modules(remove_duplicate=False)],
        "named_children": [[n, type(m).__name__] for n, m in net.named_children()],
        "named_parameters": named_params(net, True),
        "named_parameters_all": named_params(net, False),
        "named_buffers": [[n, list(b.shape), str(b.dtype)] for n, b in net.named_buffers()],
        "state_dict": [[k, list(v.shape), str(v.dtype)] for k, v in net.state_dict().items()],
        "containers": containers,
    })


# ---------------------------------------------------------------------------- layers and hooks

def layers_fixture():
    torch.manual_seed(1)
    out = {}
    lin = nn.Linear(4, 3)
    x = torch.randn(2, 5, 4, requires_grad=True)
    u = torch.randn(2, 5, 3)
    y = lin(x)
    (y * u).sum().backward()
    out["linear"] = {"weight": values(lin.weight), "bias": values(lin.bias), "input": values(x), "upstream": values(u),
                     "output": values(y), "grad_input": values(x.grad), "grad_weight": values(lin.weight.grad),
                     "grad_bias": values(lin.bias.grad)}

    bil = nn.Bilinear(3, 4, 2)
    x1 = torch.randn(5, 3, requires_grad=True)
    x2 = torch.randn(5, 4, requires_grad=True)
    u = torch.randn(5, 2)
    y = bil(x1, x2)
    (y * u).sum().backward()
    out["bilinear"] = {"weight": values(bil.weight), "bias": values(bil.bias), "input1": values(x1),
                       "input2": values(x2), "upstream": values(u), "output": values(y),
                       "grad_input1": values(x1.grad), "grad_input2": values(x2.grad),
                       "grad_weight": values(bil.weight.grad), "grad_bias": values(bil.bias.grad)}

    # full backward hook on a Linear: grad_input for the one input, grad_output for the one output
    seen = {}
    lin.zero_grad()
    x = torch.randn(4, 4, requires_grad=True)
    u = torch.randn(4, 3)
    h = lin.register_full_backward_hook(lambda m, gi, go: seen.update(gi=gi, go=go))
    (lin(x) * u).sum().backward()
    h.remove()
    out["hook_linear"] = {"input": values(x), "upstream": values(u), "grad_input": [values(g) for g in seen["gi"]],
                          "grad_output": [values(g) for g in seen["go"]]}

    # two outputs of which the loss uses one; three inputs of which one requires grad
    class Pair(nn.Module):
        def forward(self, a, b, scale):
            return a * b * scale, a.sum(dim=1)

    seen = {}
    pair = Pair()
    a = torch.randn(3, 2, requires_grad=True)
    b = torch.randn(3, 2)
    u = torch.randn(3, 2)
    pair.register_full_backward_hook(lambda m, gi, go: seen.update(gi=gi, go=go))
    first, _ = pair(a, b, 1.5)
    (first * u).sum().backward()
    out["hook_pair"] = {"a": values(a), "b": values(b), "scale": 1.5, "upstream": values(u),
                        "grad_input": [values(g) for g in seen["gi"]], "grad_output": [values(g) for g in seen["go"]]}

    # no input requires grad: the hook still runs, with None for the input
    seen = {}
    lin.zero_grad()
    x = torch.randn(2, 4)
    h = lin.register_full_backward_hook(lambda m, gi, go: seen.update(gi=gi, go=go))
    lin(x).sum().backward()
    h.remove()
    out["hook_no_input_grad"] = {"input": values(x), "grad_input": [values(g) for g in seen["gi"]],
                                 "grad_output": [values(g) for g in seen["go"]]}

    out["gains"] = {n: nn.init.calculate_gain(n) for n in ["linear", "conv2d", "sigmoid", "tanh", "relu",
                                                          "leaky_relu", "selu"]}
    out["gains"]["leaky_relu(0.2)"] = nn.init.calculate_gain("leaky_relu", 0.2)
    out["fans"] = [[shape, list(nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape)))]
                   for shape in [[3, 4], [8, 3, 3, 3], [6, 2, 5], [16, 4, 2, 3, 3]]]
    write("layers.json", out)


# ---------------------------------------------------------------------------- optimizers

OPTIMIZERS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.3}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.1, "weight_decay": 0.05}),
    ("SGD", {"lr": 0.1, "momentum": 0.8, "weight_decay": 0.05, "nesterov": True, "maximize": True}),
    ("Adam", {}),
    ("Adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "maximize": True}),
    ("Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1, "maximize": True}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.01, "amsgrad": True}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True, "maximize": True}),
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.01, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5, "weight_decay": 0.1, "maximize": True}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.1}),
    ("Adagrad", {"lr": 0.1, "weight_decay": 0.1}),
    ("Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-6}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.1, "maximize": True}),
]


def state_json(opt, params):
    """The optimizer's per-parameter state by parameter index, tensors as values."""
    out = {}
    for i, p in enumerate(params):
        entry = {}
        for k, v in opt.state.get(p, {}).items():
            entry[k] = values(v) if torch.is_tensor(v) else v
        out[str(i)] = entry
    return out


def optim_fixture():
    torch.manual_seed(2)
    init = [torch.randn(3, 4), torch.randn(5)]
    grads = [[torch.randn(3, 4), torch.randn(5)] for _ in range(3)]
    grads[1][1] = None  # the second parameter gets no gradient in step 2: optimizers skip it
    runs = []
    for name, kwargs in OPTIMIZERS:
        params = [nn.Parameter(t.clone()) for t in init]
        opt = getattr(torch.optim, name)(params, **kwargs)
        after = []
        for g in grads:
            for p, gp in zip(params, g):
                p.grad = None if gp is None else gp.clone()
            opt.step()
            after.append([values(p) for p in params])
        sd = opt.state_dict()
        runs.append({"optimizer": name, "options": {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()},
                     "after_step": after, "state": state_json(opt, params),
                     "param_group_keys": list(sd["param_groups"][0].keys())})

    # parameter groups with their own options
    params = [nn.Parameter(t.clone()) for t in init]
    opt = torch.optim.SGD([{"params": [params[0]]}, {"params": [params[1]], "lr": 0.01, "momentum": 0.5}],
                          lr=0.1, momentum=0.9)
    for g in grads:
        for p, gp in zip(params, g):
            p.grad = None if gp is None else gp.clone()
        opt.step()
    groups = {"after": [values(p) for p in params],
              "param_groups": [{k: v for k, v in grp.items() if k in ("lr", "momentum", "params")}
                               for grp in opt.state_dict()["param_groups"]]}
    write("optim.json", {"init": [values(t) for t in init],
                         "grads": [[values(g) for g in step] for step in grads],
                         "runs": runs, "groups": groups})


# ---------------------------------------------------------------------------- schedulers and clipping

def schedule(make_opt, make_sched, steps=30, momentum=False):
    opt = make_opt()
    sched = make_sched(opt)
    lrs = [[g["lr"] for g in opt.param_groups]]
    moms = [[g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups]] if momentum else None
    for _ in range(steps):
        opt.step()
        sched.step()
        lrs.append(list(sched.get_last_lr()))
        if momentum:
            moms.append([g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups])
    return {"lrs": lrs, "momentums": moms, "state_keys": sorted(sched.state_dict().keys())}


def scheduler_fixture():
    def sgd():
        a, b = nn.Parameter(torch.zeros(1)), nn.Parameter(torch.zeros(1))
        return torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.01}], lr=0.1, momentum=0.9)

    def adam():
        return torch.optim.Adam([nn.Parameter(torch.zeros(1))], lr=1e-3)

    sched = torch.optim.lr_scheduler
    out = {
        "StepLR": schedule(sgd, lambda o: sched.StepLR(o, step_size=7, gamma=0.5)),
        "MultiStepLR": schedule(sgd, lambda o: sched.MultiStepLR(o, milestones=[5, 12, 12, 20], gamma=0.3)),
        "ExponentialLR": schedule(sgd, lambda o: sched.ExponentialLR(o, gamma=0.9)),
        "CosineAnnealingLR": schedule(sgd, lambda o: sched.CosineAnnealingLR(o, T_max=10, eta_min=0.001)),
        "LambdaLR": schedule(sgd, lambda o: sched.LambdaLR(o, lambda e: 0.95 ** e)),
        "OneCycleLR_cos": schedule(sgd, lambda o: sched.OneCycleLR(o, max_lr=[1.0, 0.1], total_steps=30),
                                   momentum=True),
        "OneCycleLR_linear": schedule(sgd, lambda o: sched.OneCycleLR(o, max_lr=0.5, total_steps=30, pct_start=0.25,
                                                                       anneal_strategy="linear", div_factor=10.0,
                                                                       final_div_factor=100.0), momentum=True),
        "OneCycleLR_three_phase": schedule(sgd, lambda o: sched.OneCycleLR(o, max_lr=0.5, epochs=5, steps_per_epoch=6,
                                                                            three_phase=True), momentum=True),
        "OneCycleLR_adam": schedule(adam, lambda o: sched.OneCycleLR(o, max_lr=0.01, total_steps=30,
                                                                      base_momentum=0.8, max_momentum=0.9),
                                    momentum=True),
        "OneCycleLR_no_momentum": schedule(sgd, lambda o: sched.OneCycleLR(o, max_lr=0.5, total_steps=30,
                                                                            cycle_momentum=False), momentum=True),
    }
    write("schedulers.json", out)


def clip_fixture():
    torch.manual_seed(3)
    grads = [torch.randn(3, 4), torch.randn(5), torch.randn(2, 2, 2)]
    cases = []
    for max_norm, norm_type in [(1.0, 2.0), (100.0, 2.0), (0.5, 1.0), (0.5, math.inf), (0.7, 3.5)]:
        params = [nn.Parameter(torch.zeros_like(g)) for g in grads]
        for p, g in zip(params, grads):
            p.grad = g.clone()
        total = nn.utils.clip_grad_norm_(params, max_norm, norm_type)
        cases.append({"max_norm": max_norm, "norm_type": "inf" if math.isinf(norm_type) else norm_type,
                      "total_norm": float(total), "grads": [values(p.grad) for p in params]})
    params = [nn.Parameter(torch.zeros_like(g)) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    nn.utils.clip_grad_value_(params, 0.5)
    write("clip_grad.json", {"grads": [values(g) for g in grads], "norm_cases": cases,
                             "value_0.5": [values(p.grad) for p in params]})


if __name__ == "__main__":
    tree_fixture()
    layers_fixture()
    optim_fixture()
    scheduler_fixture()
    clip_fixture()
