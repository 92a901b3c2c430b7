#!/usr/bin/python3
"""hnswlib_bench.py: the Debian python3-hnswlib peer of the ANN benchmark (issue 4).

Run by scripts/bench-ann.sh with the system interpreter:
    /usr/bin/python3 bench/ann/peers/hnswlib_bench.py -data DIR -dataset NAME -ef 10,20,40 [-tmp DIR]

Prints one JSON line per ef, in the schema of bench/ann/peers/hnswlib_bench.cpp, with
impl "hnswlib-py". Build and search use num_threads=1, so all work runs on the calling
thread and time.thread_time() is its CPU time. Queries go to knn_query as one batch per
pass (how a Python caller gets hnswlib's speed); qps is the median of 3 passes, after
one untimed warm-up pass at the first ef.
recall10 is tie-aware (exact float64 distances against the 10th true distance in
NAME_gtd.fvecs, +1e-6 relative slack). bytes_per_vec is the size of the file written by
save_index / N; load_s is the wall time of load_index on that file.
"""

import argparse
import json
import os
import sys
import time

import hnswlib
import numpy as np


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    if raw.size == 0:
        raise ValueError(f"{path}: empty")
    dim = int(raw[0])
    if dim <= 0 or raw.size % (dim + 1) != 0:
        raise ValueError(f"{path}: bad dimension {dim}")
    rows = raw.reshape(-1, dim + 1)
    if not (rows[:, 0] == dim).all():
        raise ValueError(f"{path}: rows of different dimensions")
    return np.ascontiguousarray(rows[:, 1:]).view(dtype)


def load(data, name):
    p = os.path.join(data, name)
    base = read_vecs(p + "_base.fvecs", np.float32)
    query = read_vecs(p + "_query.fvecs", np.float32)
    gt = read_vecs(p + "_gt.ivecs", np.int32)
    gtd = read_vecs(p + "_gtd.fvecs", np.float32)
    with open(p + "_metric.txt") as f:
        metric = f.read().strip()
    if metric not in ("ip", "l2"):
        raise ValueError(f"{p}_metric.txt: want ip or l2, got {metric!r}")
    if query.shape[1] != base.shape[1] or len(gt) != len(query) or len(gtd) != len(query):
        raise ValueError(f"{p}: base, query and ground-truth shapes disagree")
    return base, query, gtd, metric


def recall10(base, query, gtd, metric, labels):
    """Tie-aware recall@10 with exact float64 distances."""
    b = base.astype(np.float64)
    q = query.astype(np.float64)
    hits = 0
    for i in range(len(query)):
        ids = labels[i][:10]
        cand = b[ids]
        if metric == "ip":
            dist = -(cand @ q[i])
        else:
            dist = ((cand - q[i]) ** 2).sum(axis=1)
        thr = float(gtd[i, 9])
        hits += int((dist <= thr + 1e-6 * abs(thr)).sum())
    return hits / (10 * len(query))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-data", required=True)
    ap.add_argument("-dataset", required=True)
    ap.add_argument("-ef", required=True, help="comma-separated ef values")
    ap.add_argument("-M", type=int, default=16)
    ap.add_argument("-efc", type=int, default=200)
    ap.add_argument("-tmp", default="/tmp")
    a = ap.parse_args()
    efs = [int(x) for x in a.ef.split(",") if x]
    base, query, gtd, metric = load(a.data, a.dataset)
    n, dim = base.shape

    t0 = time.thread_time()
    index = hnswlib.Index(space=metric, dim=dim)
    index.init_index(max_elements=n, ef_construction=a.efc, M=a.M, random_seed=100)
    index.set_num_threads(1)
    index.add_items(base, np.arange(n), num_threads=1)
    build = time.thread_time() - t0

    path = os.path.join(a.tmp, f"hnswlib_bench_py_{a.dataset}.bin")
    index.save_index(path)
    bytes_per_vec = os.path.getsize(path) / n
    w0 = time.perf_counter()
    loaded = hnswlib.Index(space=metric, dim=dim)
    loaded.load_index(path, max_elements=n)
    load_s = time.perf_counter() - w0
    del loaded
    os.remove(path)

    index.set_ef(efs[0])
    index.knn_query(query, k=10, num_threads=1)  # warm-up, untimed
    for ef in efs:
        index.set_ef(ef)
        times = []
        for _ in range(3):
            c0 = time.thread_time()
            labels, _ = index.knn_query(query, k=10, num_threads=1)
            times.append(time.thread_time() - c0)
        times.sort()
        rec = {
            "impl": "hnswlib-py", "dataset": a.dataset, "storage": "f32",
            "M": a.M, "efc": a.efc, "ef": ef,
            "recall10": round(recall10(base, query, gtd, metric, labels), 4),
            "qps": round(len(query) / times[1]),
            "build_cpu_s": round(build, 3),
            "bytes_per_vec": round(bytes_per_vec, 1),
            "load_s": round(load_s, 6), "threads": 1,
        }
        print(json.dumps(rec, separators=(",", ":")), flush=True)


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError) as e:
        print(f"hnswlib_bench.py: {e}", file=sys.stderr)
        sys.exit(1)
