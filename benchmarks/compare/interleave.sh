#!/usr/bin/env bash
# The headline targets measured in alternation: each round runs a peer and then Flint on the same
# workload, so that each ratio compares two measurements seconds apart. The machines here drift by
# 20-60% over minutes, which a full run (peers first, Flint half an hour later) cannot separate
# from a real difference; the median of the per-round ratios can.
#   benchmarks/compare/interleave.sh [ROUNDS]   (default 5; about 2 minutes a round)
# Workloads: SGEMM 1024^3 against the better OpenBLAS (auto and SkylakeX kernels), and the LeNet-5
# training step at batch 64 against PyTorch 1.13 (Debian), at 1 and 2 threads.
# Writes benchmarks/compare/interleaved.md. Needs what run.sh installs (python3-numpy, python3-torch).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
out=benchmarks/compare
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pkg in numpy torch; do
  /usr/bin/python3 -c "import $pkg" 2>/dev/null || { echo "interleave.sh: /usr/bin/python3 lacks $pkg; run benchmarks/compare/run.sh once (it installs the peers)" >&2; exit 1; }
done
torch_label="pytorch-$(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds" >&2
  for t in 1 2; do
    OPENBLAS_NUM_THREADS=$t /usr/bin/python3 $out/numpy_sgemm.py openblas-auto 1024x1024x1024 | sed "s/^/$r,/" >> "$tmp/peers.csv"
    OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=$t /usr/bin/python3 $out/numpy_sgemm.py openblas-skylakex 1024x1024x1024 | sed "s/^/$r,/" >> "$tmp/peers.csv"
  done
  ./flint bench 'GemmBench' -p shape=1024x1024x1024 -p threads=1,2 -wi 3 -w 1 -i 5 -r 1 -rf json -rff "$tmp/gemm-$r.json" > "$tmp/gemm-$r.log"
  for t in 1 2; do
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=$t /usr/bin/python3 $out/torch_bench.py "$torch_label" $t lenet-train | sed "s/^/$r,/" >> "$tmp/peers.csv"
  done
  # 8 warm-up seconds: at 2 threads the JIT's compiler threads share both cores with the compute
  # threads, and the step reaches its steady state only after about 6 one-second iterations.
  ./flint bench 'LeNetBench.trainStep64$' -p threads=1,2 -wi 8 -w 1 -i 5 -r 1 -rf json -rff "$tmp/lenet-$r.json" > "$tmp/lenet-$r.log"
done
/usr/bin/python3 - "$tmp" "$rounds" "$out/interleaved.md" <<'PY'
import csv, json, statistics, sys, datetime, platform
tmp, rounds, dest = sys.argv[1], int(sys.argv[2]), sys.argv[3]
peers = {}  # (round, workload, threads) -> best peer value, its name
for row in csv.reader(open(f"{tmp}/peers.csv")):
    r, peer, work, t, v = int(row[0]), row[1], row[2], int(row[3]), float(row[4])
    key = (r, work, t)
    if key not in peers or v > peers[key][0]:
        peers[key] = (v, peer)
flint = {}
for r in range(1, rounds + 1):
    for name, work, conv in (("gemm", "sgemm 1024x1024x1024", lambda us: 2 * 1024 ** 3 / us / 1e3),
                             ("lenet", "lenet5 train step b64", lambda us: 64e6 / us)):
        for b in json.load(open(f"{tmp}/{name}-{r}.json")):
            t = int(b["params"]["threads"])
            best_us = min(x for it in b["primaryMetric"]["rawData"] for x in it)
            flint[(r, work, t)] = conv(best_us)
lines = ["| workload | threads | unit | round | Flint (best iteration) | best peer (best round) | peer | ratio |",
         "|---|---|---|---|---|---|---|---|"]
summary = ["| workload | threads | ratios, round by round | median | min | max |", "|---|---|---|---|---|---|"]
for work, unit in (("sgemm 1024x1024x1024", "GFLOP/s"), ("lenet5 train step b64", "img/s")):
    for t in (1, 2):
        ratios = []
        for r in range(1, rounds + 1):
            pv, pn = peers[(r, work, t)]
            fv = flint[(r, work, t)]
            ratios.append(fv / pv)
            lines.append(f"| {work} | {t} | {unit} | {r} | {fv:,.1f} | {pv:,.1f} | {pn} | {fv / pv:.2f}x |")
        summary.append(f"| {work} | {t} | {' '.join(f'{x:.2f}' for x in ratios)} | {statistics.median(ratios):.2f}x | {min(ratios):.2f}x | {max(ratios):.2f}x |")
text = [f"Interleaved run of {datetime.date.today()}, {rounds} rounds ({platform.processor() or platform.machine()}); "
        "each round runs the peers, then Flint, on the same workload. Ratios > 1: Flint faster.", ""] + summary + ["", "Every round:", ""] + lines
open(dest, "w").write("\n".join(text) + "\n")
print("\n".join(text))
PY
