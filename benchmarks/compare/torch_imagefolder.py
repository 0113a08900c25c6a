"""torchvision's side of ImageFolders: ImageFolder + RandomResizedCrop(side*7/8) + RandomHorizontalFlip
+ ToTensor + Normalize, DataLoader(batch 64, shuffle, num_workers=WORKERS); one warm-up pass, then
images/s over PASSES passes. Usage: /usr/bin/python3 torch_imagefolder.py DIR WORKERS PASSES"""
import sys
import time

import torch
import torchvision
from torchvision import transforms as T

root, workers, passes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(1)
probe = torchvision.datasets.ImageFolder(root)
side = probe[0][0].size[0]
tf = T.Compose([T.RandomResizedCrop(side * 7 // 8), T.RandomHorizontalFlip(), T.ToTensor(),
                T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
ds = torchvision.datasets.ImageFolder(root, transform=tf)
loader = torch.utils.data.DataLoader(ds, batch_size=64, shuffle=True, num_workers=workers,
                                     persistent_workers=workers > 0)


def one_pass():
    n = 0
    for x, y in loader:
        n += x.shape[0]
    return n


one_pass()
t0 = time.perf_counter()
images = sum(one_pass() for _ in range(passes))
secs = time.perf_counter() - t0
print(f"torchvision workers {workers}: {images / secs:.1f} images/s ({images} images in {secs:.2f} s)")
