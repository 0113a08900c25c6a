#!/usr/bin/env bash
# Side-by-side run: Flint's JMH suite and the peers on the same workloads and thread counts, in
# one go, on this machine. Writes benchmarks/compare/results.md (and the raw CSVs next to it).
#   benchmarks/compare/run.sh            full run (about 30 minutes on 2 cores)
#   QUICK=1 benchmarks/compare/run.sh    shorter JMH iterations (about 13 minutes; wider error)
# Peers: OpenBLAS sgemm through numpy (auto core type and forced SkylakeX, 1 and 2 threads),
# Debian's PyTorch (1 and 2 intra-op threads, OpenBLAS limited to 1 thread), PyTorch 2.7.1 through
# DJL 0.36.0 (djl/, LeNet-5 and conv rows) and Deeplearning4j 1.0.0-M2.1 (dl4j/, LeNet-5 rows), both
# standalone Maven projects built here with Flint's JDK, at 1 and 2 threads. A JVM peer that does not
# build or run (e.g. offline without its jars in ~/.m2) is skipped with a warning; see
# benchmarks/compare/{djl,dl4j}{-build,}.log. QUICK=1 also halves the JVM peers' timing windows.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=benchmarks/compare
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

need=()
/usr/bin/python3 -c "import numpy" 2>/dev/null || need+=(python3-numpy)
/usr/bin/python3 -c "import torch" 2>/dev/null || need+=(python3-torch)
/usr/bin/python3 -c "import torchvision" 2>/dev/null || need+=(python3-torchvision)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || need+=(libopenblas0-pthread)
if (( ${#need[@]} )); then
  echo "compare: installing ${need[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

peers=$out/peers.csv
: > "$peers"

# JVM peers: standalone Maven projects (not modules of Flint's build), built once with Flint's JDK.
jdk=$(./flint jdk | awk '{print $1}')
build_peer() { # DIR: packages benchmarks/compare/DIR (classes + target/lib); warns and fails if it can't
  if (cd "$out/$1" && JAVA_HOME=$jdk mvn -B -ntp -q package) > "$out/$1-build.log" 2>&1; then
    return 0
  fi
  echo "compare: WARNING: could not build the $1 peer (see $out/$1-build.log); skipping it" >&2
  return 1
}
run_peer() { # NAME CMD...: appends CMD's CSV rows to $peers and its stderr to $out/NAME.log; warns on failure
  local name=$1; shift
  if ! "$@" >> "$peers" 2>> "$out/$name.log"; then
    echo "compare: WARNING: the $name peer failed (see $out/$name.log); its rows are missing or partial" >&2
  fi
  grep -h "^$name:" "$out/$name.log" | tail -1 >&2 || true  # the threads/backend it actually used
}
djl=; dl4j=
: > "$out/djl.log"; : > "$out/dl4j.log"
if build_peer djl; then djl=1; fi
if build_peer dl4j; then dl4j=1; fi
jvm=("$jdk/bin/java" --enable-native-access=ALL-UNNAMED)

for t in 1 2; do
  OPENBLAS_NUM_THREADS=$t /usr/bin/python3 $out/numpy_sgemm.py openblas-auto >> "$peers"
  OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=$t /usr/bin/python3 $out/numpy_sgemm.py openblas-skylakex >> "$peers"
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=$t /usr/bin/python3 $out/torch_bench.py "pytorch-$(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null)" $t >> "$peers"
  (cd $out && OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=$t /usr/bin/python3 torch_zoo_bench.py "pytorch-$(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null)" $t) >> "$peers"
  # PyTorch 2.7.1 (DJL's own libtorch, natives from the Maven jars, no download): t intra-op threads.
  if [[ -n $djl ]]; then
    run_peer djl env OMP_NUM_THREADS=$t "${jvm[@]}" -Dai.djl.offline=true \
      -Dai.djl.pytorch.num_threads=$t -Dai.djl.pytorch.num_interop_threads=1 \
      -cp "$out/djl/target/classes:$out/djl/target/lib/*" DjlBench djl-pytorch-2.7.1 $t
  fi
  # Deeplearning4j (ND4J native AVX-512 build): t OpenMP threads for libnd4j and OpenBLAS.
  if [[ -n $dl4j ]]; then
    run_peer dl4j env OMP_NUM_THREADS=$t "${jvm[@]}" \
      -cp "$out/dl4j/target/classes:$out/dl4j/target/lib/*" Dl4jBench dl4j-1.0.0-M2.1 $t
  fi
done

# The same MNIST recipe as ./flint run, in PyTorch, with 2 threads (wall time of the 8 epochs).
OPENBLAS_NUM_THREADS=1 /usr/bin/python3 $out/torch_lenet_mnist.py ../shared/datasets/mnist 2 | tee $out/torch-mnist.log | tail -1 >> "$peers"

iters=(-wi 5 -w 2 -i 5 -r 2)
[[ -n "${QUICK:-}" ]] && iters=(-wi 3 -w 1 -i 3 -r 1)
./flint bench 'GemmBench|FmaPeakBench|ConvBench|LeNetBench|ZooBench' "${iters[@]}" -prof gc -rf json -rff "$out/flint-jmh.json"
/usr/bin/python3 $out/report.py "$out/flint-jmh.json" "$peers" "$out/results.md"
