#!/usr/bin/env python3
"""The anchor for FactorizationBenchmark: scipy.linalg on OpenBLAS, float32, the same shapes
(cholesky of d×d, d = 101, 257, 785; cho_solve-style two triangular solves of 16 384 rows), the
input restored before each call as the Java benchmark does. Prints one JSON line per case with
every timed repetition's milliseconds.

Usage: OPENBLAS_NUM_THREADS=T /usr/bin/python3 bench/factorization_scipy.py T [seconds-per-case]
"""
import json
import sys
import time

import numpy as np
import scipy.linalg as sla

ROWS = 16384


def main():
    threads = int(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
    from threadpoolctl import threadpool_info
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if not blas or blas[0].get("internal_api") != "openblas" or blas[0].get("num_threads") != threads:
        sys.exit("factorization_scipy: need OpenBLAS on %d threads, found %s" % (threads, blas))
    rng = np.random.default_rng(1)
    for d in (101, 257, 785):
        g = rng.standard_normal((2 * d, d)).astype(np.float32)
        spd = g.T @ g + d * np.eye(d, dtype=np.float32)
        factor = sla.cholesky(spd, lower=True, check_finite=False)
        rhs = rng.standard_normal((ROWS, d)).astype(np.float32)

        def chol():
            w = spd.copy()
            return sla.cholesky(w, lower=True, overwrite_a=True, check_finite=False)

        def solve():
            w = rhs.T.copy()          # columns are right-hand sides for LAPACK
            y = sla.solve_triangular(factor, w, lower=True, overwrite_b=True, check_finite=False)
            return sla.solve_triangular(factor, y, lower=True, trans="T", overwrite_b=True, check_finite=False)

        for name, f in (("cholesky", chol), ("choleskySolve", solve)):
            for _ in range(3):
                f()
            ms, end = [], time.perf_counter() + seconds
            while time.perf_counter() < end:
                t0 = time.perf_counter()
                f()
                ms.append((time.perf_counter() - t0) * 1000)
            print(json.dumps({"anchor": "scipy", "benchmark": name, "d": d, "threads": threads, "ms": ms}), flush=True)


if __name__ == "__main__":
    main()
