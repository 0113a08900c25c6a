"""Prints the torchvision numbers pinned in TransformsValuesTest (Debian's python3-torch 1.13 /
python3-torchvision 0.14, run with /usr/bin/python3).

Images are closed-form (0.5 + 0.5 sin of the flat index) so that Java builds the same tensors.
Every transform here is torchvision.transforms.functional on float tensors (C, H, W).
Usage: /usr/bin/python3 data/src/test/python/transforms_reference.py
"""
import math

import torch
import torchvision
import torchvision.transforms.functional as TF
from torchvision.transforms import InterpolationMode


def img(shape, a=0.7, b=0.3):
    n = math.prod(shape)
    return torch.tensor([0.5 + 0.5 * math.sin(a * i + b) for i in range(n)], dtype=torch.float32).reshape(shape)


def show(name, t):
    vals = ", ".join(f"{v:.8g}f" for v in t.detach().flatten().tolist())
    print(f"// {name}: shape {list(t.shape)}\n{{{vals}}}\n")


print(f"// torch {torch.__version__}, torchvision {torchvision.__version__}\n")
x = img((3, 4, 5))
show("normalize mean (0.485, 0.456, 0.406) std (0.229, 0.224, 0.225)",
     TF.normalize(x, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]))
show("hflip", TF.hflip(x))
show("vflip", TF.vflip(x))
y = img((2, 5, 6), 0.9, 0.1)
show("center_crop (3, 4) of 5x6", TF.center_crop(y, [3, 4]))
show("center_crop (4, 3) of 5x6", TF.center_crop(y, [4, 3]))
show("center_crop (7, 9) of 5x6 (pads)", TF.center_crop(y, [7, 9]))
z = img((1, 3, 4), 0.8, 0.5)
for mode in ["constant", "edge", "reflect", "symmetric"]:
    show(f"pad [2, 1, 3, 2] {mode} fill 0.25", TF.pad(z, [2, 1, 3, 2], fill=0.25, padding_mode=mode))
r = img((2, 4, 6), 0.6, 0.2)
show("resize 7 (shorter side) bilinear", TF.resize(r, 7, InterpolationMode.BILINEAR, antialias=False))
show("resize (3, 5) bilinear", TF.resize(r, [3, 5], InterpolationMode.BILINEAR, antialias=False))
show("resize (5, 3) nearest", TF.resize(r, [5, 3], InterpolationMode.NEAREST))
show("resize 3 (shorter side) nearest", TF.resize(r, 3, InterpolationMode.NEAREST))
q = img((2, 5, 6), 0.45, 0.7)
show("rotate 30 nearest", TF.rotate(q, 30.0, InterpolationMode.NEAREST))
show("rotate -90 nearest", TF.rotate(q, -90.0, InterpolationMode.NEAREST))
show("rotate 45 bilinear", TF.rotate(q, 45.0, InterpolationMode.BILINEAR))
show("rotate 17 bilinear fill 0.5", TF.rotate(q, 17.0, InterpolationMode.BILINEAR, fill=[0.5]))
c = img((3, 3, 4), 1.1, 0.4)
show("adjust_brightness 1.3", TF.adjust_brightness(c, 1.3))
show("adjust_contrast 0.6", TF.adjust_contrast(c, 0.6))
show("adjust_contrast 1.8", TF.adjust_contrast(c, 1.8))
show("adjust_saturation 1.7", TF.adjust_saturation(c, 1.7))
show("adjust_saturation 0.3", TF.adjust_saturation(c, 0.3))
show("adjust_hue 0.2", TF.adjust_hue(c, 0.2))
show("adjust_hue -0.35", TF.adjust_hue(c, -0.35))
show("rgb_to_grayscale 3 channels", TF.rgb_to_grayscale(c, 3))
show("adjust_contrast 0.6 of one channel", TF.adjust_contrast(c[:1], 0.6))
