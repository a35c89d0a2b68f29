#!/usr/bin/python3
"""Exports the conformance models of the ONNX plugin's tests with PyTorch (Debian's python3-torch 1.13).

Run by hand from the repository root:  /usr/bin/python3 plugins/onnx/src/test/python/make_fixtures.py [name ...]
(the names given, or every model).
For each model it writes plugins/onnx/src/test/resources/models/<name>/:
  model.onnx      exported in eval mode with parameter names kept (TrainingMode.PRESERVE, no constant
                  folding, so BatchNorm is not fused into Conv and initializers keep state_dict names);
                  the models named *_folded are exported with torch's default constant folding instead,
                  which writes some parameters transformed under names of their own (onnx::LSTM_123)
  input.npy       the input (a fixed seed)
  output.npy      the model's output in eval mode
  state_dict.npz  the full state_dict (buffers such as num_batches_tracked included)
  grads.npz       d(sum(output * probe))/d(param) for every parameter, in eval mode
  probe.npy       the fixed weights of that loss
  meta.json       state_dict keys and shapes in order, and the module tree's repr
  modules.tsv     each leaf module (and each recurrent layer) in order: its path, a tab, its repr
  other_state_dict.npz, other_output.npy
                  (the models with recurrent, norm, embedding and reused layers) the state_dict of another
                  initialisation and its output on the same input: loaded into the imported model, it
                  must give that output, so the graph follows the parameters it was exported from
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "models")


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 32)
        self.act = nn.ReLU()
        self.drop = nn.Dropout(0.1)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        return self.fc2(self.drop(self.act(self.fc1(x))))


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        return self.fc2(torch.relu(self.fc1(torch.flatten(x, 1))))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + identity)


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU()
        self.layer1 = nn.Sequential(BasicBlock(8, 8, 1), BasicBlock(8, 8, 1))
        self.layer2 = nn.Sequential(BasicBlock(8, 16, 2), BasicBlock(16, 16, 1))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer2(self.layer1(x))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class TransformerEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(16, 32)
        layer = nn.TransformerEncoderLayer(32, 4, 64, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(32, 5)

    def forward(self, x):
        return self.head(self.encoder(self.embed(x)))


class LSTMNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 16, num_layers=2, batch_first=True)
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1])


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc1 = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())
        self.enc2 = nn.Sequential(nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU())
        self.up = nn.ConvTranspose2d(16, 8, 2, stride=2)
        self.dec = nn.Sequential(nn.Conv2d(16, 8, 3, padding=1), nn.ReLU())
        self.out = nn.Conv2d(8, 2, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(e1)
        return self.out(self.dec(torch.cat([self.up(e2), e1], 1)))


class DepthwiseSeparable(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU6())
        self.dw = nn.Sequential(nn.Conv2d(16, 16, 3, 1, 1, groups=16, bias=False), nn.BatchNorm2d(16), nn.ReLU6())
        self.pw = nn.Sequential(nn.Conv2d(16, 32, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU6())
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(32, 10)

    def forward(self, x):
        x = self.pool(self.pw(self.dw(self.stem(x))))
        return self.classifier(torch.flatten(x, 1))


class BiLSTM(nn.Module):
    """A 2-layer bidirectional, batch-first LSTM, and a Linear over every step (MatMul and Add)."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, num_layers=2, batch_first=True, bidirectional=True)
        self.head = nn.Linear(12, 3)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out)


class GRUNet(nn.Module):
    """A 2-layer GRU (sequence first), a ReLU RNN over its output, and a Linear on the last step (Gemm)."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 6, num_layers=2)
        self.rnn = nn.RNN(6, 5, nonlinearity="relu")
        self.fc = nn.Linear(5, 3)

    def forward(self, x):
        out, _ = self.gru(x)
        out, _ = self.rnn(out)
        return self.fc(out[-1])


class NormNet(nn.Module):
    """GroupNorm and InstanceNorm (affine and not) in 2-d and 1-d."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.gn = nn.GroupNorm(2, 8)
        self.relu = nn.ReLU()
        self.inorm = nn.InstanceNorm2d(8, affine=True)
        self.in1d = nn.InstanceNorm1d(8)
        self.conv1d = nn.Conv1d(8, 4, 3)
        self.gn1d = nn.GroupNorm(2, 4, eps=1e-3)
        self.fc = nn.Linear(24, 5)

    def forward(self, x):
        x = self.inorm(self.relu(self.gn(self.conv(x))))
        x = torch.squeeze(nn.functional.max_pool2d(x, (1, 8)), 3)
        x = self.gn1d(self.conv1d(self.in1d(x)))
        return self.fc(torch.flatten(x, 1))


class StatNormNet(nn.Module):
    """GroupNorm without affine parameters (the exporter writes Mul by 1 and Add of 0, and no channel count),
    and InstanceNorm1d/2d/3d with running statistics (in eval mode the exporter writes BatchNormalization
    over the input reshaped to [1, N*C, *], with the statistics tiled N times)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3, padding=1)
        self.gn = nn.GroupNorm(3, 6, affine=False)
        self.relu = nn.ReLU()
        self.in2d = nn.InstanceNorm2d(6, affine=True, track_running_stats=True)
        self.in3d = nn.InstanceNorm3d(6, momentum=0.2, track_running_stats=True)
        self.in1d = nn.InstanceNorm1d(6, eps=1e-3, affine=True, track_running_stats=True)
        self.gn1d = nn.GroupNorm(2, 6, eps=1e-3, affine=False)
        self.fc = nn.Linear(36, 4)

    def forward(self, x):
        x = self.in2d(self.relu(self.gn(self.conv(x))))
        x = torch.squeeze(self.in3d(torch.unsqueeze(x, 2)), 2)
        x = torch.squeeze(nn.functional.max_pool2d(x, (1, 6)), 3)
        x = self.gn1d(self.in1d(x))
        return self.fc(torch.flatten(x, 1))


class EmbeddingNet(nn.Module):
    """An Embedding (Gather on its weight) and a Linear over every token (MatMul and Add)."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(20, 8)
        self.proj = nn.Linear(8, 5)

    def forward(self, x):
        return self.proj(self.emb(x))


class Reused(nn.Module):
    """Layers called twice: the exporter scopes the second call lstm_1, fc_1, gn_1 and, when folding,
    reads the folded initializers again through Identity nodes."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, batch_first=True)
        self.fc = nn.Linear(6, 4)
        self.gn = nn.GroupNorm(2, 4)

    def forward(self, x):
        y, _ = self.lstm(x)
        y, _ = self.lstm(self.fc(y))
        y = self.fc(y).transpose(1, 2)
        return self.gn(self.gn(y))


MODELS = {
    "mlp": (MLP, (4, 20)),
    "lenet": (LeNet, (2, 1, 28, 28)),
    "resnet": (ResNet, (2, 3, 16, 16)),
    "transformer": (TransformerEncoder, (2, 6, 16)),
    "lstm": (LSTMNet, (2, 5, 8)),
    "unet": (UNet, (1, 3, 16, 16)),
    "depthwise": (DepthwiseSeparable, (2, 3, 16, 16)),
    "bilstm": (BiLSTM, (2, 5, 4)),
    "bilstm_folded": (BiLSTM, (2, 5, 4)),
    "gru": (GRUNet, (5, 2, 4)),
    "gru_folded": (GRUNet, (5, 2, 4)),
    "norms": (NormNet, (2, 3, 8, 8)),
    "norms_folded": (NormNet, (2, 3, 8, 8)),
    "stat_norms": (StatNormNet, (2, 3, 6, 6)),
    "stat_norms_folded": (StatNormNet, (2, 3, 6, 6)),
    "embedding": (EmbeddingNet, "tokens"),
    "embedding_folded": (EmbeddingNet, "tokens"),
    "reused": (Reused, (2, 3, 4)),
    "reused_folded": (Reused, (2, 3, 4)),
}


def randomize_buffers(model, gen):
    """Running statistics of trained-looking values (fresh ones are equal across layers and the
    exporter would merge them into one initializer); so are the norms' affine parameters of the
    models added with the recurrent and norm layers."""
    if isinstance(model, (NormNet, Reused, StatNormNet)):
        for name, p in model.named_parameters():
            if name.startswith(("gn", "inorm", "in1d", "in2d")):
                p.copy_(torch.randn(p.shape, generator=gen) * 0.5 + (1 if name.endswith("weight") else 0))
    for name, buf in model.named_buffers():
        if name.endswith("running_mean"):
            buf.copy_(torch.randn(buf.shape, generator=gen) * 0.1)
        elif name.endswith("running_var"):
            buf.copy_(torch.rand(buf.shape, generator=gen) + 0.5)
        elif name.endswith("num_batches_tracked"):
            buf.fill_(7)


def main(names):
    for name, (cls, shape) in MODELS.items():
        if names and name not in names:
            continue
        torch.manual_seed(0)
        gen = torch.Generator().manual_seed(1)
        model = cls()
        with torch.no_grad():
            randomize_buffers(model, gen)
        model.eval()
        x = torch.randint(0, 20, (2, 6), generator=gen) if shape == "tokens" else torch.randn(shape, generator=gen)
        d = os.path.join(OUT, name)
        os.makedirs(d, exist_ok=True)
        torch.onnx.export(model, x, os.path.join(d, "model.onnx"), opset_version=17,
                          training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=name.endswith("_folded"),
                          input_names=["input"], output_names=["output"])
        y = model(x)
        probe = torch.randn(y.shape, generator=gen)
        model.zero_grad()
        (y * probe).sum().backward()
        np.save(os.path.join(d, "input.npy"), x.numpy())
        np.save(os.path.join(d, "output.npy"), y.detach().numpy())
        np.save(os.path.join(d, "probe.npy"), probe.numpy())
        np.savez(os.path.join(d, "state_dict.npz"), **{k: v.numpy() for k, v in model.state_dict().items()})
        np.savez(os.path.join(d, "grads.npz"),
                 **{k: p.grad.numpy() for k, p in model.named_parameters() if p.grad is not None})
        meta = {
            "state_dict": [[k, list(v.shape)] for k, v in model.state_dict().items()],
            "parameters": [k for k, _ in model.named_parameters()],
            "repr": repr(model),
        }
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
        with open(os.path.join(d, "modules.tsv"), "w") as f:
            for path, m in model.named_modules():
                if path and (not list(m.children()) or isinstance(m, nn.RNNBase)):
                    f.write(path + "\t" + repr(m) + "\n")
        if cls in (BiLSTM, GRUNet, NormNet, EmbeddingNet, Reused, StatNormNet):
            torch.manual_seed(2)
            other = cls()
            with torch.no_grad():
                randomize_buffers(other, torch.Generator().manual_seed(3))
            other.eval()
            np.savez(os.path.join(d, "other_state_dict.npz"),
                     **{k: v.numpy() for k, v in other.state_dict().items()})
            np.save(os.path.join(d, "other_output.npy"), other(x).detach().numpy())
        print(name, "ok")


if __name__ == "__main__":
    main(sys.argv[1:])
