#!/usr/bin/env bash
# The zoo rows measured in alternation: for each workload and thread count, PyTorch (Debian's
# python3-torch, torch_zoo_bench.py) and then Flint's ZooBench on the same workload, seconds
# apart, for ROUNDS rounds; the median of the per-round ratios is the row. A single full run
# cannot separate the machine's drift (PyTorch's own ResNet-18 batch-1 latency moved 24.5 ->
# 35.8 ms between two runs of one session) from a real difference.
#   benchmarks/compare/zoo_interleave.sh [ROUNDS]   (default 3; about 6 minutes a round)
# Ratios compare PyTorch's best 0.8-second window (seconds_per_call) with Flint's best JMH
# iteration, and with Flint's mean. Writes benchmarks/compare/zoo_interleaved.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
out=benchmarks/compare
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 -c "import torch, torchvision" 2>/dev/null || { echo "zoo_interleave.sh: /usr/bin/python3 lacks torch or torchvision; run benchmarks/compare/run.sh once (it installs the peers)" >&2; exit 1; }
torch_label="pytorch-$(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
# PyTorch's workload name, then ZooBench's method
work=("resnet18 latency b1:resnet18Latency1" "resnet18 inference b16:resnet18Inference16" "vgg16 latency b1:vgg16Latency1"
      "resnet18 train step b16:resnet18TrainStep16" "unet 64x64 train step b16:unetTrainStep16")
for r in $(seq 1 "$rounds"); do
  for t in 1 2; do
    for w in "${work[@]}"; do
      name=${w%%:*}
      method=${w##*:}
      echo "round $r of $rounds, $t thread(s): $name" >&2
      (cd $out && OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=$t /usr/bin/python3 torch_zoo_bench.py "$torch_label" $t "$name") | sed "s/^/$r,/" >> "$tmp/peers.csv"
      ./flint bench "ZooBench.$method\$" -p threads=$t -wi 2 -w 3 -i 3 -r 3 -rf json -rff "$tmp/flint-$r-$t-$method.json" > "$tmp/flint-$r-$t-$method.log"
      echo "$r,$t,$name,$tmp/flint-$r-$t-$method.json" >> "$tmp/flint.csv"
    done
  done
done
/usr/bin/python3 - "$tmp" "$rounds" "$out/zoo_interleaved.md" <<'PY'
import csv, json, statistics, sys, datetime, platform
tmp, rounds, dest = sys.argv[1], int(sys.argv[2]), sys.argv[3]
peer = {(int(r[0]), r[2], int(r[3])): float(r[4]) for r in csv.reader(open(f"{tmp}/peers.csv"))}
rows = {}
lines = ["| workload | threads | round | PyTorch ms | Flint best ms | Flint mean ms | ratio best | ratio mean |", "|---|---|---|---|---|---|---|---|"]
for r, t, name, path in csv.reader(open(f"{tmp}/flint.csv")):
    r, t = int(r), int(t)
    raw = json.load(open(path))[0]["primaryMetric"]["rawData"][0]
    best, mean, p = min(raw), statistics.mean(raw), peer[(r, name, t)]
    rows.setdefault((name, t), []).append((p / best, p / mean))
    lines.append(f"| {name} | {t} | {r} | {p:,.1f} | {best:,.1f} | {mean:,.1f} | {p / best:.2f}x | {p / mean:.2f}x |")
summary = ["| workload | threads | ratio best, per round | median best | median mean |", "|---|---|---|---|---|"]
for (name, t), v in rows.items():
    summary.append(f"| {name} | {t} | {' '.join(f'{b:.2f}' for b, _ in v)} | {statistics.median(b for b, _ in v):.2f}x | {statistics.median(m for _, m in v):.2f}x |")
text = [f"Zoo rows, interleaved, {datetime.date.today()}, {rounds} rounds ({platform.processor() or platform.machine()}); "
        "each round runs PyTorch, then Flint, on the same workload. Ratios > 1: Flint faster.", ""] + summary + ["", "Every round:", ""] + lines
open(dest, "w").write("\n".join(text) + "\n")
print("\n".join(text))
PY
