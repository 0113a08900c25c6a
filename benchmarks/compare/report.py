"""Merges Flint's JMH results (JSON) and the peers' CSV rows into one Markdown table with ratios.

Usage: report.py JMH_JSON PEERS_CSV OUT_MD

Every peer script times rounds of ~0.8 s and reports its best round; Flint's figure is likewise its
best JMH measurement iteration (1-2 s each), so both sides are read with the same statistic. The
mean of Flint's iterations is shown next to it.
"""
import csv
import json
import sys
from collections import defaultdict

jmh_json, peers_csv, out_md = sys.argv[1:4]


def per_second(count, us):
    return count / (us * 1e-6)


flint = {}  # (workload, threads) -> (best, mean, unit)
fma_peak = None
for run in json.load(open(jmh_json)):
    name = run["benchmark"].rsplit(".", 2)
    cls, method = name[-2], name[-1]
    params = run.get("params", {})
    threads = params.get("threads", "1")
    metric = run["primaryMetric"]
    raw = [x for fork in metric["rawData"] for x in fork]
    best, mean = min(raw), metric["score"]  # times per call (us/op, or ms/op for ZooBench): lower is better
    if cls == "LeNetBench" and method.startswith("trainStep64"):
        alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if alloc:  # present when the suite ran with -prof gc
            label = "lenet5 train step b64 allocation" + (" (no scope)" if method.endswith("NoScope") else "")
            flint[(label, threads)] = (alloc["score"] / 2**20, alloc["score"] / 2**20, "MiB/step")
    if cls == "GemmBench":
        m, n, k = map(int, params["shape"].split("x"))
        flops = 2.0 * m * n * k
        flint[(f"sgemm {m}x{n}x{k}", threads)] = (per_second(flops, best) / 1e9, per_second(flops, mean) / 1e9, "GFLOP/s")
    elif cls == "FmaPeakBench":
        fma_peak = per_second(2.0 * 16 * 12 * 100_000, best) / 1e9
    elif cls == "LeNetBench":
        rates = {"trainStep64": ("lenet5 train step b64", 64), "trainStep64NoScope": ("lenet5 train step b64 (no scope)", 64),
                 "inference256": ("lenet5 inference b256", 256)}
        if method in rates:
            label, count = rates[method]
            flint[(label, threads)] = (per_second(count, best), per_second(count, mean), "img/s")
        elif method == "latency1":
            flint[("lenet5 latency b1", threads)] = (best, mean, "us")
    elif cls == "ZooBench":
        names = {"resnet18Latency1": "resnet18 latency b1", "resnet18Inference16": "resnet18 inference b16",
                 "resnet18TrainStep16": "resnet18 train step b16", "vgg16Latency1": "vgg16 latency b1",
                 "unetTrainStep16": "unet 64x64 train step b16"}
        if method in names:
            flint[(names[method], threads)] = (best, mean, "ms")
    elif cls == "ConvBench":
        what = "forward" if method == "forward" else "forward+backward"
        flint[(f"conv {params['conv']} {what}", threads)] = (best, mean, "us")

peers = defaultdict(dict)  # (workload, threads) -> peer -> value
for peer, workload, threads, value, unit in csv.reader(open(peers_csv)):
    peers[(workload, threads)][peer] = float(value)

names = sorted({p for d in peers.values() for p in d})
lines = ["| workload | threads | unit | Flint (best) | Flint (mean) | " + " | ".join(names) + " | Flint best / best peer |",
         "|---|---|---|---|---|" + "---|" * len(names) + "---|"]
for (workload, threads), (value, mean, unit) in sorted(flint.items()):
    row = peers.get((workload, threads), {})
    cells = [f"{row[p]:.1f}" if p in row else "" for p in names]
    fmt = (lambda v: f"{v:.2f}") if unit == "MiB/step" else (lambda v: f"{v:.1f}")
    ratio = ""
    if row:
        lower_is_better = unit in ("us", "ms")
        best = min(row.values()) if lower_is_better else max(row.values())
        ratio = f"{(best / value if lower_is_better else value / best):.2f}x"
    lines.append(f"| {workload} | {threads} | {unit} | {fmt(value)} | {fmt(mean)} | " + " | ".join(cells) + f" | {ratio} |")
if fma_peak:
    lines.append("")
    lines.append(f"Measured fp32 FMA peak (one core, FmaPeakBench, best iteration): {fma_peak:.0f} GFLOP/s.")
lines.append("")
lines.append("Ratios > 1 mean Flint is faster (for times, best peer time / Flint time). Peers report their best "
             "round of ~0.8 s; Flint's ratio uses its best JMH iteration, the same statistic; its mean is shown too.")
open(out_md, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
