#!/usr/bin/env python3
"""The loop `dante train --method sgd` runs, in PyTorch on the CPU: the end-to-end anchor.

Fashion-MNIST (the IDX files, pixels / 255), 784-256-10, LeakyReLU(0.01), softmax
cross-entropy, SGD(lr=0.01), PyTorch's default initialization; every epoch a fresh random
permutation, each minibatch indexed out of the training tensor (a copy, as Dante gathers
rows), forward, backward, step. No evaluation inside the timed epochs; after the last epoch
the process loads the test files and evaluates the test set once (loss and accuracy), so its
wall time is that of a script that trains and reports, the whole-process anchor.

Usage: train_e2e_torch.py DATA_DIR THREADS BATCH EPOCHS. Pin OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS before Python starts (bench/train_e2e.sh does). Prints one JSON line:
the seconds of every epoch, and the process's wall time until the first epoch ended.
"""
import gzip
import json
import os
import sys
import time

T_START = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(data_dir, stem):
    for name in (stem + ".gz", stem):
        p = os.path.join(data_dir, name)
        if os.path.exists(p):
            return p
    raise SystemExit(f"{data_dir}: no {stem}[.gz]")


def main():
    data_dir, threads, batch, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = torch.from_numpy(idx(find(data_dir, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0)
    y = torch.from_numpy(idx(find(data_dir, "train-labels-idx1-ubyte")).astype(np.int64))
    n = x.shape[0]
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.LeakyReLU(0.01), torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    lossf = torch.nn.CrossEntropyLoss()
    seconds = []
    first_wall = None
    for _ in range(epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        for s in range(0, n, batch):
            i = perm[s:s + batch]
            opt.zero_grad(set_to_none=True)
            loss = lossf(model(x[i]), y[i])
            loss.backward()
            opt.step()
        seconds.append(time.perf_counter() - t0)
        if first_wall is None:
            first_wall = time.perf_counter() - T_START
    if not np.isfinite(loss.item()):
        raise SystemExit("the loss is not finite")
    xt = torch.from_numpy(idx(find(data_dir, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0)
    yt = torch.from_numpy(idx(find(data_dir, "t10k-labels-idx1-ubyte")).astype(np.int64))
    with torch.no_grad():
        out = model(xt)
        test_loss = lossf(out, yt).item()
        test_accuracy = (out.argmax(1) == yt).float().mean().item()
    print(json.dumps({"engine": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(), "batch": batch,
                      "n": n, "epoch_seconds": seconds, "first_epoch_wall": first_wall, "final_minibatch_loss": loss.item(),
                      "test_loss": test_loss, "test_accuracy": test_accuracy}))


if __name__ == "__main__":
    main()
