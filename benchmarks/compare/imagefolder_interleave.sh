#!/usr/bin/env bash
# Flint's image-folder pipeline against torchvision's on the same files, alternating, at 1 and 2
# workers: decode (PNG and JPEG), RandomResizedCrop, flip, normalise, batch. Prints every round
# and the median of the per-round ratios Flint / torchvision of images per second (above 1: Flint
# is faster).
#   benchmarks/compare/imagefolder_interleave.sh [ROUNDS] [IMAGES] [SIDE] [FORMAT: mixed|png|jpg]
# Needs Debian's python3-torchvision and a built benchmarks module (./flint bench's build step).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}; images=${2:-4000}; side=${3:-64}; format=${4:-mixed}
java_bin="$(./flint jdk | cut -d" " -f1)/bin/java"
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
dir=${FLINT_CACHE:-$HOME/.cache/flint}/bench-imagefolder-$images-$side-$format
if [[ ! -d "$dir" ]]; then
  "$java_bin" -cp "$cp" dev.flint.benchmarks.ImageFolders make "$dir.part" "$images" "$side" "$format" && mv "$dir.part" "$dir"
fi
declare -A ratios
for ((r = 1; r <= rounds; r++)); do
  for w in 1 2; do
    f=$("$java_bin" --add-modules=jdk.incubator.vector -cp "$cp" dev.flint.benchmarks.ImageFolders run "$dir" "$w" 2 2>/dev/null | tail -1)
    t=$(/usr/bin/python3 benchmarks/compare/torch_imagefolder.py "$dir" "$w" 2 2>/dev/null | tail -1)
    fr=$(awk '{print $4}' <<<"$f"); tr_=$(awk '{print $4}' <<<"$t")
    ratio=$(awk -v a="$fr" -v b="$tr_" 'BEGIN {printf "%.3f", a / b}')
    echo "round $r  workers $w  flint $fr  torchvision $tr_  images/s  ratio $ratio"
    ratios[$w]+="$ratio "
  done
done
for w in 1 2; do
  echo "median flint/torchvision  workers $w  $(tr ' ' '\n' <<<"${ratios[$w]}" | grep . | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}')  (rounds: ${ratios[$w]})"
done
