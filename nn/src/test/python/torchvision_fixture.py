"""Writes the torchvision fixture of ZooTest and prints torchvision's parameter counts.

- nn/src/test/resources/dev/flint/nn/models/resnet18_w16.safetensors: the state_dict of
  torchvision's own ResNet class (BasicBlock, [2, 2, 2, 2], 10 classes) at base width 16 instead
  of 64 (about 0.7 M parameters), after a few training-mode forwards so that BatchNorm's running
  statistics and int64 num_batches_tracked are not at their initial values; plus "input"
  (2x3x32x32) and "logits" (eval mode), in a second file resnet18_w16_io.safetensors.
- stdout: parameter counts of the torchvision models (pinned in ZooTest).

safetensors is written by hand (8-byte little-endian header length, JSON header, raw data), so
only Debian's python3-torch and python3-torchvision are needed:
    /usr/bin/python3 nn/src/test/python/torchvision_fixture.py
"""
import json
import os
import struct
import sys

import torch
import torchvision
from torchvision.models import resnet
from torchvision.models.segmentation import fcn_resnet50

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def save_safetensors(tensors, path):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        data = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt", "source": f"torchvision {torchvision.__version__}, torch {torch.__version__}"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


class NarrowResNet(resnet.ResNet):
    """torchvision's ResNet with widths 16/32/64/128: the same classes, forward and names."""

    def __init__(self, block, layers, num_classes, width):
        self._width = width
        super().__init__(block, layers, num_classes=num_classes)
        self.conv1 = torch.nn.Conv2d(3, width, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(width)
        self.fc = torch.nn.Linear(8 * width * block.expansion, num_classes)

    def _make_layer(self, block, planes, blocks, stride=1, dilate=False):
        if planes == 64:
            self.inplanes = self._width
        return super()._make_layer(block, planes * self._width // 64, blocks, stride, dilate)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "nn/src/test/resources/dev/flint/nn/models"
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    model = NarrowResNet(resnet.BasicBlock, [2, 2, 2, 2], 10, 16)
    for m in model.modules():  # non-trivial affine parameters, as after training
        if isinstance(m, torch.nn.BatchNorm2d):
            torch.nn.init.uniform_(m.weight, 0.5, 1.5)
            torch.nn.init.uniform_(m.bias, -0.2, 0.2)
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(torch.randn(4, 3, 32, 32) * 1.5 + 0.2)
    model.eval()
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        logits = model(x)
    save_safetensors(model.state_dict(), os.path.join(out_dir, "resnet18_w16.safetensors"))
    save_safetensors({"input": x, "logits": logits}, os.path.join(out_dir, "resnet18_w16_io.safetensors"))
    print("fixture parameters:", sum(p.numel() for p in model.parameters()))

    m = torchvision.models
    counts = {
        "alexnet": m.alexnet(), "vgg11": m.vgg11(), "vgg11_bn": m.vgg11_bn(), "vgg16": m.vgg16(), "vgg16_bn": m.vgg16_bn(),
        "resnet18": m.resnet18(), "resnet34": m.resnet34(), "resnet50": m.resnet50(),
        "googlenet": m.googlenet(aux_logits=False, init_weights=False),
        "googlenet_aux": m.googlenet(aux_logits=True, init_weights=False),
        "fcn_resnet50": fcn_resnet50(weights=None, weights_backbone=None),
    }
    for name, model in counts.items():
        print(f"{name}: {sum(p.numel() for p in model.parameters())}")


if __name__ == "__main__":
    main()
