"""Makes the PyTorch checkpoint that examples/LoadPytorchCheckpoint loads into a hand-built module.

Run by hand with Debian's python3-torch from the repository root:

    /usr/bin/python3 examples/data/make_checkpoint.py

It writes, next to this script:
  small_cnn.pt           the state dict of SmallCnn (torch.save), with BatchNorm running statistics
  small_cnn_input.npy    an input batch
  small_cnn_output.npy   PyTorch's output for it in eval mode: what Arbor's module must reproduce
  small_cnn_state.npz    the state dict as NumPy arrays (the values the tests compare with)
  small_cnn.json         the model's parameter and buffer names and its state dict's keys, shapes and dtypes
  small_cnn_repr.txt     the model's repr, which the hand-built Java module must print too

mlp.onnx and mlp_input.npy beside it are copies of model.onnx and input.npy in
plugins/onnx/src/test/resources/models/mlp/ (an MLP 20 -> 32 -> 10 exported from PyTorch, and an input).
"""
import json
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn(self.conv(x))))
        return self.fc(torch.flatten(x, 1))


def main():
    torch.manual_seed(0)
    model = SmallCnn()
    model.train()
    with torch.no_grad():
        for _ in range(3):  # running statistics that are not the initial zeros and ones
            model(torch.randn(8, 1, 8, 8) * 2 + 0.5)
    model.eval()
    x = torch.randn(2, 1, 8, 8)
    with torch.no_grad():
        y = model(x)
    torch.save(model.state_dict(), os.path.join(HERE, "small_cnn.pt"))
    np.save(os.path.join(HERE, "small_cnn_input.npy"), x.numpy())
    np.save(os.path.join(HERE, "small_cnn_output.npy"), y.numpy())
    np.savez(os.path.join(HERE, "small_cnn_state.npz"), **{k: v.numpy() for k, v in model.state_dict().items()})
    with open(os.path.join(HERE, "small_cnn_repr.txt"), "w") as f:
        f.write(repr(model) + "\n")
    meta = {
        "parameters": [n for n, _ in model.named_parameters()],
        "buffers": [n for n, _ in model.named_buffers()],
        "state_dict": [[k, list(v.shape), str(v.dtype).replace("torch.", "")] for k, v in model.state_dict().items()],
    }
    with open(os.path.join(HERE, "small_cnn.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
