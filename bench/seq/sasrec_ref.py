#!/usr/bin/python3
"""SASRec+ reference in PyTorch: an independent implementation of the SASRec+ recipe (Klenitskiy & Vasilev
2023, "Turning Dross Into Gold Loss: is BERT4Rec really better than SASRec?") as their public code trains it,
run on our leave-one-out split, to tell whether a gap to the published ML-1M numbers is in our Go trainer or
in the data.

Recipe (as the authors' code does it for ML-1M): causal transformer, 2 blocks, 1 head, dim 64, dropout 0.1,
learned positions (200), item embeddings scaled by sqrt(d) and tied with the output layer; block =
Q = LN1(x); x = Q + MHA(Q, x, x); x = LN2(x); x = x + FFN(x) (ReLU, dropout after each of its two layers);
padded rows zeroed after the embedding and after each block; final LN; all layer norms eps 1e-8.
Init N(0, 0.02) for linear/embedding weights (zero biases) but PyTorch's default (Glorot uniform) for the
attention's packed Q/K/V projection. Training: one sequence per user per epoch, the last 201 training items
(input = first 200, labels = next items), batches of 128 right-padded to the batch's longest, positions
counted from the window start; cross-entropy over the whole catalog (plus the padding column, as their
output layer has it) at every non-padded position; Adam lr 1e-3, betas (0.9, 0.999).

Split (../shared/data/README.md): per user, last item = test, the one before = validation, the rest = train.
Validation: input = train items, train items masked; test: input = train + validation items, those masked.
Full ranking over all items; HR@10 / NDCG@10 (and @20) averaged over all users. Model selection by
validation NDCG@10; the test numbers are those of the best-validation weights.

Usage: /usr/bin/python3 bench/seq/sasrec_ref.py --data ../shared/data/ml-1m/sequences.txt --threads 1 \
         --epochs 200 --max-minutes 110 [--eval-every 1] [--seed 1]
Debian's python3-torch uses the reference BLAS; for speed run it with OpenBLAS's libblas.so.3 first on
LD_LIBRARY_PATH (see compare.sh). Prints one line per evaluation and a final JSON line.
"""

import argparse
import copy
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
from torch import nn


def log(msg):
    print(msg, flush=True)


def load_sequences(path):
    """Reads `user item item ...` lines (oldest first); returns users and sequences of dense ids 1..N."""
    users, raw = [], []
    for line in open(path):
        f = line.split()
        if len(f) < 2:
            continue
        users.append(f[0])
        raw.append([int(x) for x in f[1:]])
    ids = sorted({i for s in raw for i in s})
    dense = {item: k + 1 for k, item in enumerate(ids)}  # 0 is padding
    return users, [[dense[i] for i in s] for s in raw], len(ids)


class Block(nn.Module):
    def __init__(self, d, heads, p):
        super().__init__()
        self.ln_q = nn.LayerNorm(d, eps=1e-8)
        self.attn = nn.MultiheadAttention(d, heads, dropout=p, batch_first=True)
        self.ln_f = nn.LayerNorm(d, eps=1e-8)
        self.ff1 = nn.Linear(d, d)  # a kernel-1 Conv1d in the reference: the same map and init
        self.ff2 = nn.Linear(d, d)
        self.drop1 = nn.Dropout(p)
        self.drop2 = nn.Dropout(p)

    def forward(self, x, causal, keep):
        q = self.ln_q(x)
        a, _ = self.attn(q, x, x, attn_mask=causal, need_weights=False)
        x = self.ln_f(q + a)
        x = x + self.drop2(self.ff2(torch.relu(self.drop1(self.ff1(x)))))
        return x * keep


class SASRec(nn.Module):
    def __init__(self, n_items, maxlen, d, blocks, heads, p, std=0.02):
        super().__init__()
        self.d = d
        self.item = nn.Embedding(n_items + 1, d, padding_idx=0)
        self.pos = nn.Embedding(maxlen, d)
        self.drop = nn.Dropout(p)
        self.blocks = nn.ModuleList([Block(d, heads, p) for _ in range(blocks)])
        self.ln_out = nn.LayerNorm(d, eps=1e-8)
        for m in self.modules():
            if isinstance(m, nn.Linear):  # includes the attention's out-projection
                nn.init.normal_(m.weight, 0.0, std)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Embedding):
                nn.init.normal_(m.weight, 0.0, std)
                if m.padding_idx is not None:
                    with torch.no_grad():
                        m.weight[m.padding_idx].zero_()
        # nn.MultiheadAttention's in_proj_weight keeps torch's Glorot-uniform init, in_proj_bias zero.

    def hidden(self, ids):
        """ids: (B, T) right-padded with 0 -> (B, T, d) after the final layer norm."""
        t = ids.shape[1]
        keep = (ids != 0).unsqueeze(-1).to(torch.float32)
        x = self.item(ids) * math.sqrt(self.d)
        x = x + self.pos(torch.arange(t, device=ids.device)).unsqueeze(0)
        x = self.drop(x) * keep
        causal = torch.ones(t, t, dtype=torch.bool, device=ids.device).triu(1)  # True = not allowed
        for b in self.blocks:
            x = b(x, causal, keep)
        return self.ln_out(x)


def pad(rows, value=0):
    t = max(len(r) for r in rows)
    out = np.full((len(rows), t), value, dtype=np.int64)
    for k, r in enumerate(rows):
        out[k, :len(r)] = r
    return torch.from_numpy(out)


def train_epoch(model, opt, windows, batch, rng):
    model.train()
    order = rng.permutation(len(windows))
    total, count = 0.0, 0
    for s in range(0, len(order), batch):
        ws = [windows[k] for k in order[s:s + batch]]
        ids = pad([w[:-1] for w in ws])
        labels = pad([w[1:] for w in ws])
        h = model.hidden(ids)
        sel = labels != 0
        # Logits only at the non-padded positions: the same mean over them as CE with ignore_index.
        logits = h[sel] @ model.item.weight.t()
        loss = nn.functional.cross_entropy(logits, labels[sel])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
        count += 1
    return total / count


@torch.no_grad()
def evaluate(model, inputs, seen, targets, maxlen, batch=256, ks=(10, 20)):
    """Full ranking: score all items from the last input position, mask seen items and padding."""
    model.eval()
    order = sorted(range(len(inputs)), key=lambda u: len(inputs[u]))  # less padding; results unchanged
    hits = {k: 0.0 for k in ks}
    ndcg = {k: 0.0 for k in ks}
    kmax = max(ks)
    for s in range(0, len(order), batch):
        us = order[s:s + batch]
        rows = [inputs[u][-maxlen:] for u in us]
        ids = pad(rows)
        h = model.hidden(ids)
        last = torch.tensor([len(r) - 1 for r in rows])
        scores = h[torch.arange(len(us)), last] @ model.item.weight.t()
        scores[:, 0] = -float("inf")
        for k, u in enumerate(us):
            scores[k, seen[u]] = -float("inf")
        top = scores.topk(kmax, dim=1).indices
        tgt = torch.tensor([targets[u] for u in us]).unsqueeze(1)
        pos = (top == tgt).nonzero()
        for row, rank in pos.tolist():
            for k in ks:
                if rank < k:
                    hits[k] += 1
                    ndcg[k] += 1.0 / math.log2(rank + 2)
    n = len(inputs)
    return {f"hr@{k}": hits[k] / n for k in ks} | {f"ndcg@{k}": ndcg[k] / n for k in ks}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="../shared/data/ml-1m/sequences.txt")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--max-minutes", type=float, default=0, help="stop before an epoch that would end past it")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--eval-every", type=int, default=1)
    ap.add_argument("--patience", type=int, default=10, help="evaluations without a better val NDCG@10; 0 = off")
    ap.add_argument("--maxlen", type=int, default=200)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--heads", type=int, default=1)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    random.seed(a.seed)
    rng = np.random.default_rng(a.seed)

    users, seqs, n_items = load_sequences(a.data)
    seqs_ok = [s for s in seqs if len(s) >= 4]
    if len(seqs_ok) != len(seqs):
        log(f"# skipping {len(seqs) - len(seqs_ok)} users with fewer than 4 items")
    seqs = seqs_ok
    train = [s[:-2] for s in seqs]
    windows = [t[-(a.maxlen + 1):] for t in train]
    val_in, val_seen, val_tgt = train, [torch.tensor(t) for t in train], [s[-2] for s in seqs]
    test_in = [s[:-1] for s in seqs]
    test_seen, test_tgt = [torch.tensor(t) for t in test_in], [s[-1] for s in seqs]

    model = SASRec(n_items, a.maxlen, a.dim, a.blocks, a.heads, a.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.999))
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    log(f"# {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} data={a.data} users={len(seqs)} items={n_items} "
        f"interactions={sum(map(len, seqs))} threads={a.threads} torch={torch.__version__} load={load} "
        f"args={json.dumps(vars(a))}")

    start = time.time()
    best = {"ndcg@10": -1.0}
    best_state, best_epoch, since, epoch_s, history = None, 0, 0, 0.0, []
    epoch = 0
    for epoch in range(1, a.epochs + 1):
        if a.max_minutes and time.time() - start + epoch_s > a.max_minutes * 60:
            log(f"# stopping before epoch {epoch}: --max-minutes {a.max_minutes}")
            epoch -= 1
            break
        t0 = time.time()
        loss = train_epoch(model, opt, windows, a.batch, rng)
        epoch_s = time.time() - t0
        if epoch % a.eval_every and epoch != a.epochs:
            log(f"epoch {epoch} loss {loss:.4f} wall {time.time() - start:.0f}s")
            continue
        v = evaluate(model, val_in, val_seen, val_tgt, a.maxlen)
        history.append({"epoch": epoch, "loss": round(loss, 5), **{k: round(x, 5) for k, x in v.items()}})
        mark = ""
        if v["ndcg@10"] > best["ndcg@10"]:
            best, best_epoch, since, mark = v, epoch, 0, " *"
            best_state = copy.deepcopy(model.state_dict())
        else:
            since += 1
        load = open("/proc/loadavg").read().split()[0]
        log(f"epoch {epoch} loss {loss:.4f} val hr@10 {v['hr@10']:.4f} ndcg@10 {v['ndcg@10']:.4f} "
            f"wall {time.time() - start:.0f}s epoch_s {epoch_s:.0f} load {load}{mark}")
        if a.patience and since >= a.patience:
            log(f"# early stop: {a.patience} evaluations without a better validation NDCG@10")
            break

    model.load_state_dict(best_state)
    t = evaluate(model, test_in, test_seen, test_tgt, a.maxlen)
    res = {"data": os.path.basename(a.data), "epochs": epoch, "best_epoch": best_epoch,
           "val": {k: round(x, 4) for k, x in best.items()}, "test": {k: round(x, 4) for k, x in t.items()},
           "wall_s": round(time.time() - start), "args": vars(a), "history": history}
    log(json.dumps(res))


if __name__ == "__main__":
    sys.exit(main())
