"""OpenBLAS SGEMM through numpy: GFLOP/s of float32 matmul at the sizes Flint's GemmBench uses.

Usage: numpy_sgemm.py LABEL [MxNxK]: all shapes, or only the one given.
Threads come from OPENBLAS_NUM_THREADS, the kernel choice from OPENBLAS_CORETYPE (set by run.sh).
Prints CSV rows: peer,workload,threads,value,unit
"""
import os
import sys
import time

import numpy as np

SHAPES = [(128, 128, 128), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048),
          (6, 50176, 25), (16, 6400, 150), (64, 120, 400)]


def best_seconds(f, min_time=1.0, repeats=5):
    f()
    times = []
    for _ in range(repeats):
        n, t0 = 0, time.perf_counter()
        while True:
            f()
            n += 1
            t = time.perf_counter() - t0
            if t >= min_time / repeats:
                break
        times.append(t / n)
    return min(times)


def main():
    label = sys.argv[1]
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "?")
    rng = np.random.default_rng(1)
    only = sys.argv[2] if len(sys.argv) > 2 else None
    for m, n, k in SHAPES:
        if only and only != f"{m}x{n}x{k}":
            continue
        a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
        b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
        c = np.empty((m, n), dtype=np.float32)
        s = best_seconds(lambda: np.matmul(a, b, out=c))
        print(f"{label},sgemm {m}x{n}x{k},{threads},{2.0 * m * n * k / s / 1e9:.2f},GFLOP/s", flush=True)


if __name__ == "__main__":
    main()
