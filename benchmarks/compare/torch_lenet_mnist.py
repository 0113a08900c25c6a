"""The same recipe as `./flint run` in PyTorch: LeNet-5 on MNIST, 8 epochs, batch 64, SGD with
momentum 0.9 and weight decay 5e-4, lr 0.05 decayed x0.8 per epoch, inputs normalised with (0.1307, 0.3081).

Usage: torch_lenet_mnist.py MNIST_DIR THREADS. Prints per-epoch accuracy and the wall time.
"""
import gzip
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    rank = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def load(d, split):
    x = idx(f"{d}/{split}-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    y = idx(f"{d}/{split}-labels-idx1-ubyte.gz").astype(np.int64)
    return torch.from_numpy((x - 0.1307) / 0.3081).unsqueeze(1), torch.from_numpy(y)


def main():
    d, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    xtr, ytr = load(d, "train")
    xte, yte = load(d, "t10k")
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, 0.8)
    start = time.perf_counter()
    for epoch in range(1, 9):
        model.train()
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 64):
            b = perm[i:i + 64]
            opt.zero_grad()
            F.cross_entropy(model(xtr[b]), ytr[b]).backward()
            opt.step()
        sched.step()
        model.eval()
        with torch.no_grad():
            acc = sum((model(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, 10000, 1000)) / 100
        print(f"epoch {epoch}: test accuracy {acc:.2f}%  {time.perf_counter() - start:.1f}s", flush=True)
    print(f"pytorch-{torch.__version__},lenet5 mnist 8 epochs,{threads},{time.perf_counter() - start:.1f},s")


if __name__ == "__main__":
    main()
