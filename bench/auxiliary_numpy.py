#!/usr/bin/env python3
"""The outside anchor for AuxiliaryEpochBenchmark: the same AM-Adam epoch and ADMM iteration in
numpy and scipy on OpenBLAS (float32), on the same shapes (16 384 random 784-pixel examples, 10 classes,
Leaky ReLU 0.01, softmax cross-entropy, batch 64; AM-Adam with the authors' defaults, ADMM with
beta 1, gamma 10, ridge 1e-4, 20 output steps). Written from the papers, like the Java code; the
linear solves go through LAPACK (scipy.linalg.cholesky, then two triangular solves,
scipy.linalg.solve_triangular). Prints one JSON line per (arch, method, epochs) with the seconds.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/auxiliary_numpy.py THREADS [REPEATS]
(Debian's numpy and scipy on libopenblas0-pthread; refuses another BLAS or another thread count).
"""
import json
import sys
import time

import numpy as np
import scipy.linalg as sla

N, BATCH = 16384, 64
f32 = np.float32


def leaky(z):
    return np.where(z > 0, z, f32(0.01) * z)


def dleaky(z):
    return np.where(z > 0, f32(1), f32(0.01))


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def init(sizes, rng):
    ws, bs = [], []
    for i in range(1, len(sizes)):
        bound = 1 / np.sqrt(sizes[i - 1])
        ws.append(rng.uniform(-bound, bound, (sizes[i], sizes[i - 1])).astype(f32))
        bs.append(rng.uniform(-bound, bound, sizes[i]).astype(f32))
    return ws, bs


class Adam:
    def __init__(self, shapes, lr):
        self.m = [np.zeros(s, f32) for s in shapes]
        self.v = [np.zeros(s, f32) for s in shapes]
        self.t = [0] * len(shapes)
        self.lr = lr

    def step(self, i, p, g, lr):
        self.t[i] += 1
        self.m[i] = f32(0.9) * self.m[i] + f32(0.1) * g
        self.v[i] = f32(0.999) * self.v[i] + f32(0.001) * g * g
        c1, c2 = 1 - 0.9 ** self.t[i], 1 - 0.999 ** self.t[i]
        p -= f32(lr / c1) * self.m[i] / (np.sqrt(self.v[i]) / f32(np.sqrt(c2)) + f32(1e-8))


def am_adam_epoch(x, y, ws, bs, opt, rng, mu=0.003, code_steps=5, code_lr=0.3, momentum=0.9, lr=0.008):
    n, depth = x.shape[0], len(ws)
    perm = rng.permutation(n)
    for s in range(0, n, BATCH):
        idx = perm[s:s + BATCH]
        xb, yb = x[idx], y[idx]
        rows = xb.shape[0]
        codes, h = [], xb
        for l in range(depth):
            z = h @ ws[l].T + bs[l]
            if l < depth - 1:
                codes.append(z.copy())
                h = leaky(z)
        for l in range(depth - 2, -1, -1):
            c, c0 = codes[l], codes[l].copy()
            v = np.zeros_like(c)
            for _ in range(code_steps):
                hc = leaky(c)
                out = hc @ ws[l + 1].T + bs[l + 1]
                if l + 1 == depth - 1:
                    d = (softmax(out) - yb) / f32(rows * mu)
                else:
                    d = f32(2.0 / (rows * out.shape[1])) * (out - codes[l + 1])
                g = (d @ ws[l + 1]) * dleaky(c) + f32(2.0 / (rows * c.shape[1])) * (c - c0)
                v = f32(momentum) * v + g
                c -= f32(code_lr) * (g + f32(momentum) * v)
        for l in range(depth):
            inp = xb if l == 0 else leaky(codes[l - 1])
            out = inp @ ws[l].T + bs[l]
            if l == depth - 1:
                d = (softmax(out) - yb) / f32(rows)
            else:
                d = f32(2.0 / (rows * out.shape[1])) * (out - codes[l])
            opt.step(2 * l, ws[l], d.T @ inp, lr)
            opt.step(2 * l + 1, bs[l], d.sum(axis=0), lr)


def chol_solve(factor, rhs):
    """rows of rhs times (L Lᵀ)⁻¹: solve L Lᵀ Xᵀ = rhsᵀ."""
    y = sla.solve_triangular(factor, rhs.T, lower=True, check_finite=False)
    return sla.solve_triangular(factor, y, lower=True, trans="T", check_finite=False).T


def gram(a, ridge=1e-4):
    at = np.hstack([a, np.ones((a.shape[0], 1), f32)])
    g = at.T @ at
    g += np.eye(g.shape[0], dtype=f32) * f32(ridge * np.trace(g) / g.shape[0])
    return at, sla.cholesky(g, lower=True, check_finite=False)


def admm_run(x, y, ws, bs, iterations, beta=1.0, gamma=10.0, out_steps=20):
    depth = len(ws)
    z, a, h = [], [], x
    for l in range(depth):
        zl = h @ ws[l].T + bs[l]
        z.append(zl)
        if l < depth - 1:
            h = leaky(zl)
            a.append(h.copy())
    lam = np.zeros_like(z[-1])
    x1, first = gram(x)
    for it in range(iterations):
        for l in range(depth):
            inp = x if l == 0 else a[l - 1]
            at, fac = (x1, first) if l == 0 else gram(inp)
            theta = chol_solve(fac, z[l].T @ at)
            ws[l][:], bs[l][:] = theta[:, :-1], theta[:, -1]
            m = inp @ ws[l].T + bs[l]
            if l < depth - 1:
                wn, bn = ws[l + 1], bs[l + 1]
                mm = f32(beta) * (wn.T @ wn) + f32(gamma) * np.eye(wn.shape[1], dtype=f32)
                rhs = f32(beta) * ((z[l + 1] - bn) @ wn) + f32(gamma) * leaky(z[l])
                a[l] = chol_solve(sla.cholesky(mm, lower=True, check_finite=False), rhs)
                m = inp @ ws[l].T + bs[l]
                best = None
                for s in (0.01, 1.0):
                    zz = (gamma * s * a[l] + beta * m) / (gamma * s * s + beta)
                    zz = np.minimum(zz, 0) if s == 0.01 else np.maximum(zz, 0)
                    f = gamma * (a[l] - leaky(zz)) ** 2 + beta * (zz - m) ** 2
                    best = (zz, f) if best is None else (np.where(f < best[1], zz, best[0]), np.minimum(f, best[1]))
                z[l] = best[0].astype(f32)
            else:
                zl = z[l]
                for _ in range(out_steps):
                    zl = zl - f32(1 / (0.5 + 2 * beta)) * (softmax(zl) - y + lam + f32(2 * beta) * (zl - m))
                z[l] = zl
                if it >= 5:
                    lam += f32(beta) * (z[l] - m)


def require_openblas(threads):
    from threadpoolctl import threadpool_info
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if not blas or blas[0].get("internal_api") != "openblas":
        sys.exit("auxiliary_numpy: numpy does not run OpenBLAS: install libopenblas0-pthread")
    if blas[0].get("num_threads") != threads:
        sys.exit("auxiliary_numpy: OpenBLAS uses %s threads, expected %d (set OPENBLAS_NUM_THREADS)" % (blas[0].get("num_threads"), threads))


def main():
    threads = int(sys.argv[1])
    require_openblas(threads)
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = np.random.default_rng(1)
    for _ in range(repeats):
        for arch in ([784, 256, 10], [784, 100, 100, 10]):
            x = rng.random((N, 784), dtype=f32)
            y = np.eye(10, dtype=f32)[rng.integers(0, 10, N)]
            for method in ("am-adam", "admm"):
                for epochs in (1, 3):
                    ws, bs = init(arch, rng)
                    t0 = time.perf_counter()
                    if method == "am-adam":
                        opt = Adam([p.shape for pair in zip(ws, bs) for p in pair], 0.008)
                        for _ in range(epochs):
                            am_adam_epoch(x, y, ws, bs, opt, rng)
                    else:
                        admm_run(x, y, ws, bs, epochs)
                    secs = time.perf_counter() - t0
                    print(json.dumps({"anchor": "numpy", "arch": ",".join(map(str, arch)), "method": method, "epochs": epochs, "threads": threads,
                                      "seconds": secs}), flush=True)


if __name__ == "__main__":
    main()
