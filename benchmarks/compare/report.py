"""Merges Flint's JMH CSV and the peers' CSV rows into one Markdown table with ratios.

Usage: report.py JMH_CSV PEERS_CSV OUT_MD
"""
import csv
import sys
from collections import defaultdict

jmh_csv, peers_csv, out_md = sys.argv[1:4]

flint = {}  # (workload, threads) -> (value, unit)
fma_peak = None
for row in csv.DictReader(open(jmh_csv)):
    bench, _, metric = row["Benchmark"].partition(":")  # secondary metrics: "...Class.method:gc.alloc.rate.norm"
    name = bench.rsplit(".", 2)
    cls, method = name[-2], name[-1] + (":" + metric if metric else "")
    us = float(row["Score"])
    threads = row.get("Param: threads") or "1"
    if method.endswith(":gc.alloc.rate.norm"):  # present when the suite ran with -prof gc
        base = method.split(":")[0]
        if cls == "LeNetBench" and base.startswith("trainStep64"):
            label = "lenet5 train step b64 allocation" + (" (no scope)" if base.endswith("NoScope") else "")
            flint[(label, threads)] = (us / 2**20, "MiB/step")
        continue
    if ":" in method:
        continue
    if cls == "GemmBench":
        m, n, k = map(int, row["Param: shape"].split("x"))
        flint[(f"sgemm {m}x{n}x{k}", threads)] = (2.0 * m * n * k / (us * 1e-6) / 1e9, "GFLOP/s")
    elif cls == "FmaPeakBench":
        fma_peak = 2.0 * 16 * 12 * 100_000 / (us * 1e-6) / 1e9
    elif cls == "LeNetBench":
        if method == "trainStep64":
            flint[("lenet5 train step b64", threads)] = (64 / (us * 1e-6), "img/s")
        elif method == "trainStep64NoScope":
            flint[("lenet5 train step b64 (no scope)", threads)] = (64 / (us * 1e-6), "img/s")
        elif method == "inference256":
            flint[("lenet5 inference b256", threads)] = (256 / (us * 1e-6), "img/s")
        elif method == "latency1":
            flint[("lenet5 latency b1", threads)] = (us, "us")
    elif cls == "ZooBench":
        names = {"resnet18Latency1": "resnet18 latency b1", "resnet18Inference16": "resnet18 inference b16",
                 "resnet18TrainStep16": "resnet18 train step b16", "vgg16Latency1": "vgg16 latency b1",
                 "unetTrainStep16": "unet 64x64 train step b16"}
        if method in names:
            flint[(names[method], threads)] = (us, "ms")
    elif cls == "ConvBench":
        what = "forward" if method == "forward" else "forward+backward"
        flint[(f"conv {row['Param: conv']} {what}", threads)] = (us, "us")

peers = defaultdict(dict)  # (workload, threads) -> peer -> value
for peer, workload, threads, value, unit in csv.reader(open(peers_csv)):
    peers[(workload, threads)][peer] = float(value)

names = sorted({p for d in peers.values() for p in d})
lines = ["| workload | threads | unit | Flint | " + " | ".join(names) + " | Flint / best peer |",
         "|---|---|---|---|" + "---|" * len(names) + "---|"]
for (workload, threads), (value, unit) in sorted(flint.items()):
    row = peers.get((workload, threads), {})
    cells = [f"{row[p]:.1f}" if p in row else "" for p in names]
    fmt = f"{value:.2f}" if unit == "MiB/step" else f"{value:.1f}"
    ratio = ""
    if row:
        lower_is_better = unit in ("us", "ms")
        best = min(row.values()) if lower_is_better else max(row.values())
        ratio = f"{(best / value if lower_is_better else value / best):.2f}x"
    lines.append(f"| {workload} | {threads} | {unit} | {fmt} | " + " | ".join(cells) + f" | {ratio} |")
if fma_peak:
    lines.append("")
    lines.append(f"Measured fp32 FMA peak (one core, FmaPeakBench): {fma_peak:.0f} GFLOP/s.")
lines.append("")
lines.append("Ratios > 1 mean Flint is faster (for times, best peer time / Flint time).")
open(out_md, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
