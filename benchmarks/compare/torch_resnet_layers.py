"""ResNet-18's distinct convolutions in PyTorch, one at a time: forward, input gradient and weight
gradient (aten::convolution_backward with one output selected), the shapes of Flint's
ResNetLayerBench. Best of REPS calls after two warm-up calls, in ms.
    /usr/bin/python3 benchmarks/compare/torch_resnet_layers.py THREADS [BATCH=16] [REPS=5]
(set OMP_NUM_THREADS=THREADS too)."""
import sys
import time

import torch

LAYERS = ["3x224-64k7s2", "64x56-64k3s1", "64x56-128k3s2", "64x56-128k1s2", "128x28-128k3s1", "128x28-256k3s2",
          "128x28-256k1s2", "256x14-256k3s1", "256x14-512k3s2", "256x14-512k1s2", "512x7-512k3s1"]


def best_ms(f, reps):
    for _ in range(2):
        f()
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best * 1e3


def main():
    threads = int(sys.argv[1])
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    torch.set_num_threads(threads)
    print(f"layer            forward  inputGrad  weightGrad  (ms, PyTorch {torch.__version__}, batch {batch}, {threads} threads)")
    with torch.no_grad():
        for name in LAYERS:
            c, h, o, k, s = (int(v) for v in name.replace("x", " ").replace("-", " ").replace("k", " ").replace("s", " ").split())
            p = k // 2
            x = torch.randn(batch, c, h, h)
            w = torch.randn(o, c, k, k)
            gy = torch.randn_like(torch.nn.functional.conv2d(x, w, None, s, p))
            back = lambda mask: torch.ops.aten.convolution_backward(gy, x, w, [0], [s, s], [p, p], [1, 1], False, [0, 0], 1, mask)
            f = best_ms(lambda: torch.nn.functional.conv2d(x, w, None, s, p), reps)
            dx = best_ms(lambda: back([True, False, False]), reps)
            dw = best_ms(lambda: back([False, True, False]), reps)
            print(f"{name:16s} {f:8.2f} {dx:10.2f} {dw:11.2f}")


if __name__ == "__main__":
    main()
