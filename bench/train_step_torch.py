#!/usr/bin/env python3
"""The same training step as TrainStepBenchmark in PyTorch on the CPU, as the outside anchor.

784-256-10, LeakyReLU(0.01), CrossEntropyLoss, SGD(lr=0.01), batches preloaded as tensors.
Usage: train_step_torch.py THREADS [seconds]. Pin OMP_NUM_THREADS and OPENBLAS_NUM_THREADS
before Python starts (bench/train_step.sh does); torch.set_num_threads is set here.
Prints one JSON object per batch size with samples/s of every timed repetition.
"""
import json
import sys
import time

import torch


def main():
    threads = int(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    for batch in (64, 256):
        model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.LeakyReLU(0.01), torch.nn.Linear(256, 10))
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        lossf = torch.nn.CrossEntropyLoss()
        nb = 16
        x = torch.rand(nb * batch, 784)
        y = torch.randint(0, 10, (nb * batch,))
        xs = [x[i * batch:(i + 1) * batch] for i in range(nb)]
        ys = [y[i * batch:(i + 1) * batch] for i in range(nb)]

        def step(i):
            opt.zero_grad(set_to_none=True)
            loss = lossf(model(xs[i % nb]), ys[i % nb])
            loss.backward()
            opt.step()
            return loss

        for i in range(200):
            step(i)
        samples = []
        end = time.perf_counter() + seconds
        i = 0
        while time.perf_counter() < end or len(samples) < 10:
            reps = 50
            t0 = time.perf_counter()
            for _ in range(reps):
                step(i)
                i += 1
            samples.append(batch * reps / (time.perf_counter() - t0))
        print(json.dumps({"batch": batch, "threads": threads, "samples_per_s": samples,
                          "torch": torch.__version__, "torch_threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
