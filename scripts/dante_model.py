#!/usr/bin/env python3
"""Load a Dante model file (model.safetensors) with numpy alone and predict, as `dante predict` does.

Usage:
    python3 scripts/dante_model.py MODEL [csv:FILE | tsv:FILE | txt:FILE]

MODEL is a run directory or its model.safetensors. Without data, prints the architecture.
With data given by path, reads the rows the way the model's training data was read (the
`dante.input` metadata: columns, one-hot levels, classes, fitted scaling) and prints the same
CSV as `dante predict`: row, predicted class and probabilities (or scores), or the outputs.
Only numpy is needed; the results agree with Dante's to float32 rounding (tested to 1e-5).
"""
import csv
import gzip
import json
import os
import struct
import sys

import numpy as np


def load(path):
    """(layers, metadata): layers as (weight [out, in], bias or None, activation spec)."""
    if os.path.isdir(path):
        path = os.path.join(path, "model.safetensors")
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    meta = header["__metadata__"]
    if meta.get("format") != "dante-mlp":
        raise SystemExit(f"{path}: not a Dante model (format {meta.get('format')!r})")
    sizes = [int(s) for s in meta["sizes"].split(",")]
    acts = meta["activations"].split(",")
    bias = [b == "true" for b in meta["bias"].split(",")]

    def tensor(name):
        t = header[name]
        if t["dtype"] != "F32":
            raise SystemExit(f"{path}: {name} is {t['dtype']}, expected F32")
        a, b = t["data_offsets"]
        return np.frombuffer(data[a:b], dtype="<f4").reshape(t["shape"])

    layers = []
    for l in range(len(sizes) - 1):
        layers.append((tensor(f"layers.{l}.weight"), tensor(f"layers.{l}.bias") if bias[l] else None, acts[l]))
    return layers, meta


def activate(spec, z):
    parts = spec.split(":")
    kind = parts[0]
    if kind in ("relu", "leaky-relu", "generalized-relu"):
        a = 0.0 if kind == "relu" else float(parts[1])
        b = float(parts[2]) if kind == "generalized-relu" else 1.0
        return np.where(z > 0, np.float32(b) * z, np.float32(a) * z).astype(np.float32)
    if kind == "sigmoid":
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
    if kind == "tanh":
        return np.tanh(z).astype(np.float32)
    if kind == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    if kind == "identity":
        return z
    raise SystemExit(f"unknown activation {spec!r}")


def forward(layers, x):
    for w, b, act in layers:
        z = x @ w.T
        if b is not None:
            z = z + b
        x = activate(act, z.astype(np.float32))
    return x


def rows(spec, enc):
    """Feature rows of a text file, encoded as in training."""
    kind, path = spec.split(":", 1)
    if enc is None or enc["format"] != "text" or kind not in ("csv", "tsv", "txt"):
        raise SystemExit("this loader reads text files for models trained on text files")
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    delim = enc["delimiter"]
    columns, features, target = enc["columns"], enc["features"], enc["target"]
    where = []                       # per feature: (column index, level or None)
    for f in features:
        if f in columns:
            where.append((columns.index(f), None))
            continue
        eq = f.find("=")
        while eq > 0 and f[:eq] not in columns:
            eq = f.find("=", eq + 1)
        where.append((columns.index(f[:eq]), f[eq + 1:]))
    at = None
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        lines = (line.replace("\ufeff", "").rstrip("\r\n") for line in fh)
        for line in lines:
            if not line.strip():
                continue
            fields = line.split() if delim == "whitespace" else next(csv.reader([line], delimiter=delim))
            if at is None:
                if enc["header"]:
                    names = [x.strip() for x in fields]
                    at = [names.index(c) if c in names else -1 for c in columns]
                    continue
                with_target = len(fields) == len(columns)
                t = columns.index(target)
                at, pos = [], 0
                for c in range(len(columns)):
                    if not with_target and c == t:
                        at.append(-1)
                    else:
                        at.append(pos)
                        pos += 1
            x = np.zeros(len(features), dtype=np.float32)
            for j, (c, level) in enumerate(where):
                v = fields[at[c]].strip()
                x[j] = (1.0 if v == level else 0.0) if level is not None else np.float32(v)
            yield x


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    layers, meta = load(sys.argv[1])
    enc = json.loads(meta["dante.input"]) if "dante.input" in meta else None
    if len(sys.argv) < 3:
        print(meta["sizes"], meta["activations"], meta.get("loss"))
        return
    x = np.array(list(rows(sys.argv[2], enc)), dtype=np.float32)
    if enc.get("shift") is not None:
        x = ((x - np.array(enc["shift"], dtype=np.float32)) * np.array(enc["scale"], dtype=np.float32)).astype(np.float32)
    y = forward(layers, x)
    classes = enc.get("classes")
    ts = enc.get("target_scaling")
    if classes is None and ts is not None:      # regression trained on scaled targets: back to the file's units, as dante predict answers
        y = y.astype(np.float64) * ts["scale"] + ts["shift"]
        if ts["kind"].startswith("log1p+"):
            y = np.expm1(y)
        y = y.astype(np.float32)
    prob = layers[-1][2] in ("softmax", "sigmoid")
    out = csv.writer(sys.stdout, lineterminator="\n")
    if classes is not None:
        head = ["row", "predicted"] + ([("p" if prob else "score")] if y.shape[1] == 1 else [("p_" if prob else "score_") + c for c in classes])
    else:
        head = ["row"] + ([target] if y.shape[1] == 1 and (target := enc.get("target")) else [f"output_{j}" for j in range(y.shape[1])])
    out.writerow(head)
    for i, r in enumerate(y):
        line = [i + 1]
        if classes is not None:
            line.append(classes[int(r[0] > 0.5)] if len(r) == 1 else classes[int(np.argmax(r))])
        line.extend(repr(float(v)) for v in r)
        out.writerow(line)


if __name__ == "__main__":
    main()
