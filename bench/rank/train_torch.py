#!/usr/bin/python3
"""PyTorch 1.13 side of the ranking benchmark (run through run.sh).

Reads the split, spec and hyperparameters the Go side wrote to OUT, trains the same
architectures (logistic regression, DeepFM, DCN-v2) with the same features, initialisation,
optimiser (lazy Adam on embedding rows = SparseAdam, Adam elsewhere), batch size, learning
rate and early stopping, and reports test AUC and logloss. Then it loads the Go-trained
weights into the same modules, checks their logits against Go's on the 1,000-candidate
request, times the forward pass single-threaded and exports it to ONNX for onnxruntime-node.

    /usr/bin/python3 bench/rank/train_torch.py OUT [--speed-only]
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_split(path, spec):
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = [line.rstrip("\n").split("\t") for line in f]
    cols = list(zip(*rows)) if rows else [[] for _ in header]
    out = {"label": torch.tensor(np.array(cols[0], dtype=np.float32))}
    dense = []
    for i, fl in enumerate(spec["fields"], start=1):
        assert header[i] == fl["name"]
        if fl["kind"] == "cat":
            out[fl["name"]] = torch.tensor(np.array(cols[i], dtype=np.int64))
        elif fl["kind"] == "multi":
            ids, offs = [], []
            for s in cols[i]:
                offs.append(len(ids))
                if s:
                    ids.extend(int(x) for x in s.split("|"))
            out[fl["name"]] = (torch.tensor(ids, dtype=torch.int64), torch.tensor(offs, dtype=torch.int64))
        else:
            dense.append(np.array(cols[i], dtype=np.float32))
    out["dense"] = torch.tensor(np.stack(dense, axis=1)) if dense else None
    out["n"] = len(rows)
    return out


def bag_matrix(ids, offs, n, vocab):
    """Mean-bag weights as an n×vocab matrix (the ONNX-friendly form of EmbeddingBag(mean))."""
    m = torch.zeros(n, vocab)
    ends = torch.cat([offs[1:], torch.tensor([len(ids)])])
    for i in range(n):
        a, b = int(offs[i]), int(ends[i])
        for c in ids[a:b].tolist():
            m[i, c] += 1.0 / (b - a)
    return m


class Ranker(nn.Module):
    """DCN-v2 (parallel, full-rank cross), DeepFM or LR over the spec's fields; parameter
    names follow the Go trainer's (emb.F, cross.L.w, deep.L.w, lin.F, out.w, ...)."""

    def __init__(self, spec, matmul_bags=False):
        super().__init__()
        self.spec, self.model, self.k = spec, spec["model"], spec["embed_dim"]
        self.matmul_bags = matmul_bags
        self.fields = [f for f in spec["fields"] if f["kind"] != "dense"]
        self.n_dense = sum(1 for f in spec["fields"] if f["kind"] == "dense")
        self.d = self.k * len(self.fields) + self.n_dense
        self.emb, self.lin = nn.ModuleDict(), nn.ModuleDict()
        for f in self.fields:
            if self.model != "lr":
                self.emb[f["name"]] = self._table(f, self.k, 0.01)
            if self.model != "dcn":
                self.lin[f["name"]] = self._table(f, 1, 0.0)
        if self.model != "dcn" and self.n_dense:
            self.lin_dense = nn.Parameter(torch.zeros(1, self.n_dense))
        if self.model == "dcn":
            self.cross_w = nn.ParameterList()
            self.cross_b = nn.ParameterList()
            for _ in range(spec["cross"]["layers"]):
                self.cross_w.append(nn.Parameter(torch.empty(self.d, self.d).uniform_(-0.5 / self.d, 0.5 / self.d)))
                self.cross_b.append(nn.Parameter(torch.zeros(1, self.d)))
        self.deep = nn.ModuleList()
        width = self.d
        for h in (spec.get("deep") or []) if self.model != "lr" else []:
            layer = nn.Linear(width, h)
            nn.init.uniform_(layer.weight, -1 / math.sqrt(width), 1 / math.sqrt(width))
            nn.init.zeros_(layer.bias)
            self.deep.append(layer)
            width = h
        out = {"dcn": self.d + width if self.deep else self.d, "deepfm": width if self.deep else 0, "lr": 0}[self.model]
        self.out_w = nn.Parameter(torch.empty(1, out).uniform_(-1 / math.sqrt(max(out, 1)), 1 / math.sqrt(max(out, 1)))) if out else None
        self.out_b = nn.Parameter(torch.zeros(1, 1))

    def _table(self, f, dim, std):
        t = nn.EmbeddingBag(f["vocab"], dim, mode="mean", sparse=True) if f["kind"] == "multi" else nn.Embedding(f["vocab"], dim, sparse=True)
        nn.init.normal_(t.weight, 0.0, std) if std > 0 else nn.init.zeros_(t.weight)
        return t

    def _lookup(self, table, f, x):
        v = x[f["name"]]
        if f["kind"] != "multi":
            return table(v)
        if self.matmul_bags:
            return v @ table.weight
        return table(v[0], v[1])

    def forward(self, x):
        embs = [self._lookup(self.emb[f["name"]], f, x) for f in self.fields] if self.model != "lr" else []
        dense = x["dense"]
        logit = self.out_b
        if self.model != "dcn":
            for f in self.fields:
                logit = logit + self._lookup(self.lin[f["name"]], f, x)
            if self.n_dense:
                logit = logit + dense @ self.lin_dense.t()
            if self.model == "lr":
                return logit.squeeze(1)
        x0 = torch.cat(embs + ([dense] if self.n_dense else []), dim=1)
        h = x0
        for layer in self.deep:
            h = F.relu(layer(h))
        if self.model == "dcn":
            xl = x0
            for w, b in zip(self.cross_w, self.cross_b):
                xl = x0 * (xl @ w.t() + b) + xl
            z = torch.cat([xl, h], dim=1) if self.deep else xl
            return (z @ self.out_w.t() + self.out_b).squeeze(1)
        e = torch.stack(embs, dim=1)  # n × fields × k
        fm = 0.5 * (e.sum(1).pow(2) - e.pow(2).sum(1)).sum(1, keepdim=True)
        logit = logit + fm
        if self.deep:
            logit = logit + h @ self.out_w.t()
        return logit.squeeze(1)

    def go_names(self):
        """Maps Go parameter names to this module's tensors."""
        m = {}
        for name, t in self.emb.items():
            m["emb." + name] = t.weight
        for name, t in self.lin.items():
            m["lin." + name] = t.weight
        if hasattr(self, "lin_dense"):
            m["lin.dense"] = self.lin_dense
        if self.model == "dcn":
            for i, (w, b) in enumerate(zip(self.cross_w, self.cross_b)):
                m[f"cross.{i}.w"], m[f"cross.{i}.b"] = w, b
        for i, layer in enumerate(self.deep):
            m[f"deep.{i}.w"], m[f"deep.{i}.b"] = layer.weight, layer.bias.view(1, -1)
        if self.out_w is not None:
            m["out.w"] = self.out_w
        m["out.b"] = self.out_b
        return m


def subset(data, spec, idx):
    out = {"n": len(idx), "label": data["label"][idx]}
    for f in spec["fields"]:
        v = data.get(f["name"])
        if f["kind"] == "cat":
            out[f["name"]] = v[idx]
        elif f["kind"] == "multi":
            ids, offs = v
            ends = torch.cat([offs[1:], torch.tensor([len(ids)])])
            parts = [ids[offs[i]:ends[i]] for i in idx.tolist()]
            lens = torch.tensor([len(p) for p in parts], dtype=torch.int64)
            out[f["name"]] = (torch.cat(parts) if parts else ids[:0], torch.cumsum(lens, 0) - lens)
    out["dense"] = data["dense"][idx] if data["dense"] is not None else None
    return out


def auc(scores, labels):
    order = np.argsort(scores, kind="mergesort")
    s, l = scores[order], labels[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        ranks[i:j] = (i + j + 1) / 2.0
        i = j
    pos = l.sum()
    neg = len(l) - pos
    if pos == 0 or neg == 0:
        return 0.5
    return float((ranks[l > 0.5].sum() - pos * (pos + 1) / 2) / (pos * neg))


def logloss(logits, labels):
    x = logits.astype(np.float64)
    return float(np.mean(np.maximum(x, 0) - x * labels + np.log1p(np.exp(-np.abs(x)))))


def predict(model, data, spec):
    with torch.inference_mode():
        out = []
        for lo in range(0, data["n"], 4096):
            idx = torch.arange(lo, min(lo + 4096, data["n"]))
            out.append(model(subset(data, spec, idx)))
        return torch.cat(out).numpy()


def train(spec, hp, splits, lr, seed=1):
    torch.manual_seed(seed)
    model = Ranker(spec)
    sparse = [p for n, p in model.named_parameters() if n.startswith(("emb.", "lin.")) and n != "lin_dense"]
    dense = [p for n, p in model.named_parameters() if not (n.startswith(("emb.", "lin.")) and n != "lin_dense")]
    opts = [torch.optim.SparseAdam(sparse, lr=lr)] + ([torch.optim.Adam(dense, lr=lr)] if dense else [])
    tr, va, te = splits
    best, best_epoch, state, epochs = -1.0, -1, None, 0
    g = torch.Generator().manual_seed(seed)
    t0 = time.time()
    for epoch in range(hp["epochs"]):
        model.train()
        perm = torch.randperm(tr["n"], generator=g)
        for lo in range(0, tr["n"], hp["batch_size"]):
            b = subset(tr, spec, perm[lo:lo + hp["batch_size"]])
            loss = F.binary_cross_entropy_with_logits(model(b), b["label"])
            for o in opts:
                o.zero_grad()
            loss.backward()
            for o in opts:
                o.step()
        epochs = epoch + 1
        v = auc(predict(model, va, spec), va["label"].numpy())
        if v > best:
            best, best_epoch = v, epoch
            state = {k: t.clone() for k, t in model.state_dict().items()}
        elif epoch - best_epoch >= hp["patience"]:
            break
    model.load_state_dict(state)
    lt = predict(model, te, spec)
    return {"test_auc": auc(lt, te["label"].numpy()), "test_logloss": logloss(lt, te["label"].numpy()),
            "valid_auc": best, "best_epoch": best_epoch + 1, "epochs": epochs, "seconds": time.time() - t0}


def load_go_weights(model, wdir):
    index = json.load(open(os.path.join(wdir, "weights.json")))
    names = model.go_names()
    assert set(index) == set(names), (sorted(index), sorted(names))
    with torch.no_grad():
        for name, (r, c) in index.items():
            v = np.fromfile(os.path.join(wdir, name + ".f32"), dtype="<f4").reshape(r, c)
            names[name].copy_(torch.from_numpy(v).view_as(names[name]))


def speed(out, model_name, hp):
    """Go's weights in torch: parity with Go's logits, forward timing, ONNX export."""
    wdir = os.path.join(out, "weights", model_name)
    spec = json.load(open(os.path.join(wdir, "spec.json")))
    model = Ranker(spec, matmul_bags=True)
    load_go_weights(model, wdir)
    model.eval()
    req = load_split(os.path.join(out, "request.tsv"), spec)
    x = {"dense": req["dense"]}
    for f in spec["fields"]:
        if f["kind"] == "cat":
            x[f["name"]] = req[f["name"]]
        elif f["kind"] == "multi":
            ids, offs = req[f["name"]]
            x[f["name"]] = bag_matrix(ids, offs, req["n"], f["vocab"])
    go = np.fromfile(os.path.join(wdir, "request_logits.f32"), dtype="<f4")
    with torch.inference_mode():
        ours = model(x).numpy()
        diff = float(np.max(np.abs(ours - go)))
        times = []
        for i in range(hp["reps"] + 30):
            if i == 30:
                cpu0 = time.process_time()
            t0 = time.perf_counter()
            model(x)
            if i >= 30:
                times.append((time.perf_counter() - t0) * 1e6)
        cpu = (time.process_time() - cpu0) / hp["reps"] * 1e6
    times.sort()
    res = {"median_us": times[len(times) // 2], "p90_us": times[len(times) * 9 // 10], "cpu_us_per_call": cpu,
           "max_abs_diff_vs_go": diff}
    names = [k for k in x]
    onnx_path = os.path.join(wdir, "model.onnx")

    class Wrap(nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, *args):
            return self.m(dict(zip(names, args)))

    torch.onnx.export(Wrap(model), tuple(x[k] for k in names), onnx_path, input_names=names,
                      output_names=["logit"], opset_version=13,
                      dynamic_axes={**{k: {0: "n"} for k in names}, "logit": {0: "n"}})
    inputs = {k: {"dtype": "int64" if v.dtype == torch.int64 else "float32", "shape": list(v.shape),
                  "data": v.flatten().tolist()} for k, v in x.items()}
    json.dump({"inputs": inputs, "reps": hp["reps"], "expected": ours.tolist()}, open(os.path.join(wdir, "onnx_inputs.json"), "w"))
    return res


def main():
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--speed-only", action="store_true")
    ap.add_argument("--seeds", type=int, default=1)
    args = ap.parse_args()
    out = args.out
    torch.set_num_threads(1)
    hp = json.load(open(os.path.join(out, "hparams.json")))
    base = json.load(open(os.path.join(out, "weights", "dcn", "spec.json")))
    if not args.speed_only:
        splits = [load_split(os.path.join(out, n + ".tsv"), base) for n in ("train", "valid", "test")]
    results = {}
    only_speed = args.speed_only
    for model in () if only_speed else ("lr", "deepfm", "dcn"):
        spec = json.load(open(os.path.join(out, "weights", model, "spec.json")))
        lr = hp["lr_logistic"] if model == "lr" else hp["lr"]
        aucs = []
        for seed in range(1, args.seeds + 1):
            r = train(spec, hp, splits, lr, seed)
            results[f"{model}/seed={seed}"] = r
            aucs.append(r["test_auc"])
            print(f"torch {model:6s} seed {seed} test AUC {r['test_auc']:.4f} logloss {r['test_logloss']:.4f} "
                  f"(valid AUC {r['valid_auc']:.4f}, best epoch {r['best_epoch']} of {r['epochs']}, {r['seconds']:.1f}s)", flush=True)
        if len(aucs) > 1:
            print(f"torch {model:6s} test AUC over {len(aucs)} seeds: {np.mean(aucs):.4f} ± {np.std(aucs, ddof=1):.4f} (sd)", flush=True)
    for model in ("dcn", "deepfm"):
        r = speed(out, model, hp)
        results[model + "_forward"] = r
        print(f"torch {model:6s} forward, 1000 candidates, 1 thread: median {r['median_us']:.0f} µs, "
              f"p90 {r['p90_us']:.0f} µs, {r['cpu_us_per_call']:.0f} µs CPU/call; "
              f"max |logit − Go's| {r['max_abs_diff_vs_go']:.2e}", flush=True)
    name = "torch_forward.json" if only_speed else "torch_metrics.json"
    json.dump(results, open(os.path.join(out, name), "w"), indent=2)


if __name__ == "__main__":
    main()
