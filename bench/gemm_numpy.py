#!/usr/bin/env python3
"""Times numpy/OpenBLAS sgemm on the shapes of GemmBenchmark, as the outside anchor.

Usage: gemm_numpy.py THREADS [seconds-per-shape]. Set OPENBLAS_NUM_THREADS before Python
starts (bench/gemm.sh does); this script refuses to run if the BLAS is not OpenBLAS or
its thread count differs from THREADS. Prints one JSON object per shape with the
GFLOP/s of every timed repetition.
"""
import json
import os
import sys
import time

import numpy as np

SHAPES = ["256x256x256_NN", "512x512x512_NN", "1024x1024x1024_NN",
          "64x256x784_NT", "256x600x784_NT", "784x256x64_TN"]


def blas_info():
    from threadpoolctl import threadpool_info
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if not blas:
        sys.exit("gemm_numpy: numpy has no BLAS that threadpoolctl can see")
    return blas[0]


def main():
    threads = int(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    info = blas_info()
    if info.get("internal_api") != "openblas":
        sys.exit("gemm_numpy: numpy runs %s, not OpenBLAS: install libopenblas0-pthread" % info.get("filepath"))
    if info.get("num_threads") != threads:
        sys.exit("gemm_numpy: OpenBLAS uses %s threads, expected %d (set OPENBLAS_NUM_THREADS)" % (info.get("num_threads"), threads))
    rng = np.random.default_rng(42)
    for shape in SHAPES:
        dims, ops = shape.split("_")
        m, n, k = (int(x) for x in dims.split("x"))
        a = rng.standard_normal((m, k) if ops[0] == "N" else (k, m), dtype=np.float32)
        b = rng.standard_normal((k, n) if ops[1] == "N" else (n, k), dtype=np.float32)
        opa = a if ops[0] == "N" else a.T          # views: BLAS gets a transpose flag, nothing is copied
        opb = b if ops[1] == "N" else b.T
        c = np.empty((m, n), dtype=np.float32)
        for _ in range(5):
            np.matmul(opa, opb, out=c)
        flops = 2.0 * m * n * k
        samples = []
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or len(samples) < 10:
            reps = max(1, int(2e8 / flops))
            t0 = time.perf_counter()
            for _ in range(reps):
                np.matmul(opa, opb, out=c)
            samples.append(flops * reps / (time.perf_counter() - t0) / 1e9)
        print(json.dumps({"shape": shape, "threads": threads, "gflops": samples,
                          "blas": "OpenBLAS %s %s" % (info.get("version"), info.get("architecture"))}))


if __name__ == "__main__":
    main()
