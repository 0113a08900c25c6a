#!/usr/bin/env bash
# Before/after in alternating rounds: the same JMH benchmarks from two built checkouts (A = before,
# B = after), A then B each round, so machine drift hits both alike. Prints every round's figures
# and the median of the per-round ratios B/A (below 1: B is faster).
#   benchmarks/compare/ab_interleave.sh DIR_A DIR_B ROUNDS 'LeNetBench.trainStep64' ['ZooBench.resnet18Latency1' ...]
# JMH_EXTRA adds JMH options (e.g. "-p threads=1"), JMH_ITERATIONS sets the measured iterations (5). Each DIR must have been built with ./flint bench's build step (benchmarks/target/classpath.txt).
set -euo pipefail
a=$1; b=$2; rounds=$3; shift 3
java_bin="$(cd "$(dirname "$0")/../.." && ./flint jdk | cut -d" " -f1)/bin/java"
run() { # dir pattern -> "param score" lines
  local dir=$1 pat=$2 out
  out=$(mktemp)
  (cd "$dir" && "$java_bin" --add-modules=jdk.incubator.vector \
      -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main \
      -jvmArgsAppend "--add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms2g -Xmn1g -XX:+AlwaysPreTouch" \
      -f 1 -wi 3 -w 2s -i ${JMH_ITERATIONS:-5} -r 2s ${JMH_EXTRA:-} -rf csv -rff "$out" "$pat" >/dev/null 2>&1)
  # CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: threads"
  tail -n +2 "$out" | awk -F, '{gsub(/"/,""); print $1 "@" $NF, $5}'
  rm -f "$out"
}
declare -A ratios
for ((r = 1; r <= rounds; r++)); do
  for pat in "$@"; do
    ra=$(run "$a" "$pat"); rb=$(run "$b" "$pat")
    while read -r key sa; do
      sb=$(awk -v k="$key" '$1 == k {print $2}' <<<"$rb")
      ratio=$(awk -v x="$sa" -v y="$sb" 'BEGIN {printf "%.3f", y / x}')
      echo "round $r  $key  A $sa  B $sb  B/A $ratio"
      ratios["$key"]+="$ratio "
    done <<<"$ra"
  done
done
for key in "${!ratios[@]}"; do
  echo "median B/A  $key  $(tr ' ' '\n' <<<"${ratios[$key]}" | grep . | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}')  (rounds: ${ratios[$key]})"
done
