"""PyTorch (Debian's python3-torch + torchvision) on the workloads of Flint's ZooBench.

Usage: torch_zoo_bench.py LABEL THREADS [WORKLOAD]. Prints CSV rows: peer,workload,threads,value,unit
(ms per call); with WORKLOAD (one of the workload names below, e.g. "unet 64x64 train step b16"),
only that one.
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

from torch_bench import seconds_per_call


def double_conv(i, o):
    return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(),
                         nn.Conv2d(o, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU())


class UNet(nn.Module):
    """The same U-Net as Flint's UNet(1, 11, 16, 3, SAME, batchNorm=true)."""

    def __init__(self, cin=1, cout=11, w=16, depth=3):
        super().__init__()
        self.depth = depth
        self.encoder = nn.ModuleList([double_conv(cin if l == 0 else w << (l - 1), w << l) for l in range(depth + 1)])
        self.up = nn.ModuleList([nn.ConvTranspose2d(2 * (w << l), w << l, 2, 2) for l in reversed(range(depth))])
        self.decoder = nn.ModuleList([double_conv(2 * (w << l), w << l) for l in reversed(range(depth))])
        self.head = nn.Conv2d(w, cout, 1)

    def forward(self, x):
        skips = []
        for l in range(self.depth):
            x = self.encoder[l](x)
            skips.append(x)
            x = F.max_pool2d(x, 2)
        x = self.encoder[self.depth](x)
        for i in range(self.depth):
            x = self.up[i](x)
            x = self.decoder[i](torch.cat([skips[self.depth - 1 - i], x], 1))
        return self.head(x)


def main():
    label, threads = sys.argv[1], int(sys.argv[2])
    only = sys.argv[3] if len(sys.argv) > 3 else None
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    out = lambda w, v: print(f"{label},{w},{threads},{v:.3f},ms", flush=True)
    resnet = torchvision.models.resnet18()
    vgg = torchvision.models.vgg16()
    x1 = torch.randn(1, 3, 224, 224)
    x16 = torch.randn(16, 3, 224, 224)
    y16 = torch.arange(16) * 37 % 1000
    unet = UNet()
    uopt = torch.optim.SGD(unet.parameters(), lr=0.01, momentum=0.9)
    scenes = torch.rand(16, 1, 64, 64)
    pix = (torch.arange(16 * 64 * 64) // 97) % 11
    opt = torch.optim.SGD(resnet.parameters(), lr=0.01, momentum=0.9)

    def step(model, opt, x, loss_fn):
        opt.zero_grad()
        loss = loss_fn(model(x))
        loss.backward()
        opt.step()

    def inference(model, x):
        model.eval()
        return lambda: model(x)

    def training(model, opt, x, loss_fn):
        model.train()
        return lambda: step(model, opt, x, loss_fn)

    workloads = {
        "resnet18 latency b1": lambda: inference(resnet, x1),
        "resnet18 inference b16": lambda: inference(resnet, x16),
        "vgg16 latency b1": lambda: inference(vgg, x1),
        "resnet18 train step b16": lambda: training(resnet, opt, x16, lambda o: F.cross_entropy(o, y16)),
        "unet 64x64 train step b16": lambda: training(unet, uopt, scenes,
                                                      lambda o: F.cross_entropy(o.permute(0, 2, 3, 1).reshape(-1, 11), pix)),
    }
    if only is not None and only not in workloads:
        sys.exit(f"torch_zoo_bench.py: unknown workload {only!r}; one of {list(workloads)}")
    for name, make in workloads.items():
        if only is None or name == only:
            call = make()
            if "train" in name:
                out(name, 1e3 * seconds_per_call(call))
            else:
                with torch.no_grad():
                    out(name, 1e3 * seconds_per_call(call))


if __name__ == "__main__":
    main()
