"""PyTorch (Debian's python3-torch) on the workloads of Flint's LeNetBench and ConvBench.

Usage: torch_bench.py LABEL THREADS [lenet-train]: every workload, or only the LeNet-5 training step.
Prints CSV rows: peer,workload,threads,value,unit
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def seconds_per_call(f, warmup=2.0, measure=4.0):
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        f()
    best = float("inf")
    for _ in range(5):
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < measure / 5:
            f()
            n += 1
        best = min(best, (time.perf_counter() - t0) / n)
    return best


def main():
    label, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    out = lambda w, v, u: print(f"{label},{w},{threads},{v:.2f},{u}", flush=True)

    model = lenet()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(64, 1, 28, 28)
    y = torch.arange(64) % 10

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    out("lenet5 train step b64", 64 / seconds_per_call(step), "img/s")
    if len(sys.argv) > 3 and sys.argv[3] == "lenet-train":
        return
    model.eval()
    x256 = torch.randn(256, 1, 28, 28)
    x1 = torch.randn(1, 1, 28, 28)
    with torch.no_grad():
        out("lenet5 inference b256", 256 / seconds_per_call(lambda: model(x256)), "img/s")
        out("lenet5 latency b1", 1e6 * seconds_per_call(lambda: model(x1)), "us")

    shapes = {"a": (64, 1, 28, 6, 5, 2), "b": (64, 6, 14, 16, 5, 0), "c": (32, 64, 56, 64, 3, 1), "d": (32, 128, 28, 128, 3, 1)}
    for name, (n, c, hw, k, r, p) in shapes.items():
        xi = torch.randn(n, c, hw, hw, requires_grad=True)
        w = (torch.randn(k, c, r, r) * 0.1).requires_grad_()
        b = torch.zeros(k, requires_grad=True)
        with torch.no_grad():
            out(f"conv {name} forward", 1e6 * seconds_per_call(lambda: F.conv2d(xi, w, b, padding=p)), "us")

        def fb():
            xi.grad = w.grad = b.grad = None
            yy = F.conv2d(xi, w, b, padding=p)
            yy.backward(torch.ones_like(yy))

        out(f"conv {name} forward+backward", 1e6 * seconds_per_call(fb), "us")


if __name__ == "__main__":
    main()
