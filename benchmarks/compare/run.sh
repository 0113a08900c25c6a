#!/usr/bin/env bash
# Side-by-side run: Flint's JMH suite and the peers on the same workloads and thread counts, in
# one go, on this machine. Writes benchmarks/compare/results.md (and the raw CSVs next to it).
#   benchmarks/compare/run.sh            full run (about 25 minutes on 2 cores)
#   QUICK=1 benchmarks/compare/run.sh    shorter JMH iterations (about 10 minutes; wider error)
# Peers: OpenBLAS sgemm through numpy (auto core type and forced SkylakeX, 1 and 2 threads) and
# Debian's PyTorch (1 and 2 intra-op threads, OpenBLAS limited to 1 thread). DJL/PyTorch 2.x
# and Deeplearning4j are not wired in yet (see docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=benchmarks/compare
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

need=()
/usr/bin/python3 -c "import numpy" 2>/dev/null || need+=(python3-numpy)
/usr/bin/python3 -c "import torch" 2>/dev/null || need+=(python3-torch)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || need+=(libopenblas0-pthread)
if (( ${#need[@]} )); then
  echo "compare: installing ${need[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

peers=$out/peers.csv
: > "$peers"
for t in 1 2; do
  OPENBLAS_NUM_THREADS=$t /usr/bin/python3 $out/numpy_sgemm.py openblas-auto >> "$peers"
  OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=$t /usr/bin/python3 $out/numpy_sgemm.py openblas-skylakex >> "$peers"
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=$t /usr/bin/python3 $out/torch_bench.py "pytorch-$(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null)" $t >> "$peers"
done

# The same MNIST recipe as ./flint run, in PyTorch, with 2 threads (wall time of the 8 epochs).
OPENBLAS_NUM_THREADS=1 /usr/bin/python3 $out/torch_lenet_mnist.py ../shared/datasets/mnist 2 | tee $out/torch-mnist.log | tail -1 >> "$peers"

iters=(-wi 5 -w 2 -i 5 -r 2)
[[ -n "${QUICK:-}" ]] && iters=(-wi 3 -w 1 -i 3 -r 1)
./flint bench 'GemmBench|FmaPeakBench|ConvBench|LeNetBench' "${iters[@]}" -rf csv -rff "$out/flint-jmh.csv"
/usr/bin/python3 $out/report.py "$out/flint-jmh.csv" "$peers" "$out/results.md"
