"""Prints the PyTorch reference numbers pinned in ZooOpsValuesTest (run with Debian's python3-torch).

Inputs are closed-form (sin/cos of the flat index) so that Java builds the very same tensors.
Usage: /usr/bin/python3 nn/src/test/python/reference_values.py
"""
import math

import torch
import torch.nn.functional as F


def seq(shape, a, b, scale=1.0, fn=math.sin):
    n = math.prod(shape)
    return torch.tensor([scale * fn(a * i + b) for i in range(n)], dtype=torch.float32).reshape(shape)


def show(name, t):
    vals = ", ".join(f"{v:.7g}f" for v in t.detach().flatten().tolist())
    print(f"// {name}: shape {list(t.shape)}\n{{{vals}}}\n")


x = seq((1, 2, 3, 3), 0.7, 0.3)
w = seq((2, 1, 3, 3), 1.3, 0.0, 0.5, math.cos)
b = torch.tensor([0.1, -0.2])
show("conv_transpose2d stride 2 pad 1 output_padding 1 groups 2",
     F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1, groups=2))
x2 = seq((1, 1, 2, 3), 0.9, 0.1)
w2 = seq((1, 2, 2, 2), 0.4, 0.2, 1.0, math.cos)
show("conv_transpose2d dilation 2 no bias", F.conv_transpose2d(x2, w2, None, stride=1, padding=0, dilation=2))

img = seq((1, 2, 3, 4), 0.5, 0.0)
show("bilinear size (5, 7) align_corners=False", F.interpolate(img, size=(5, 7), mode="bilinear", align_corners=False))
show("bilinear size (5, 7) align_corners=True", F.interpolate(img, size=(5, 7), mode="bilinear", align_corners=True))
show("bilinear scale 1.5 align_corners=False", F.interpolate(img, scale_factor=1.5, mode="bilinear", align_corners=False))
show("bilinear size (2, 3) downsampling", F.interpolate(img, size=(2, 3), mode="bilinear", align_corners=False))
show("nearest size (5, 7)", F.interpolate(img, size=(5, 7), mode="nearest"))
show("nearest scale 2", F.interpolate(img, scale_factor=2, mode="nearest"))

p = seq((1, 1, 3, 4), 0.8, 0.5)
show("pad reflect (2, 1, 1, 2)", F.pad(p, (2, 1, 1, 2), mode="reflect"))
show("pad replicate (1, 2, 2, 0)", F.pad(p, (1, 2, 2, 0), mode="replicate"))
show("pad constant 0.5 (1, -1, 0, 1)", F.pad(p, (1, -1, 0, 1), mode="constant", value=0.5))

lrn = seq((1, 5, 2, 2), 0.37, 0.1, 2.0)
show("local_response_norm size 3 alpha 1e-2 beta 0.75 k 2", F.local_response_norm(lrn, 3, alpha=1e-2, beta=0.75, k=2.0))
show("local_response_norm size 4 defaults", F.local_response_norm(lrn, 4))

# cross-entropy with label smoothing (NnValuesTest.labelSmoothingMatchesPyTorch)
ls_logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
ls_targets = torch.tensor([0, 2])
for s in (0.1, 0.3, 1.0):
    show(f"cross_entropy label_smoothing={s} none", F.cross_entropy(ls_logits, ls_targets, reduction="none", label_smoothing=s))
    show(f"cross_entropy label_smoothing={s} mean", F.cross_entropy(ls_logits, ls_targets, label_smoothing=s))
    show(f"cross_entropy label_smoothing={s} sum", F.cross_entropy(ls_logits, ls_targets, reduction="sum", label_smoothing=s))
g = ls_logits.clone().requires_grad_(True)
F.cross_entropy(g, ls_targets, label_smoothing=0.1).backward()
show("cross_entropy label_smoothing=0.1 mean, gradient", g.grad)
