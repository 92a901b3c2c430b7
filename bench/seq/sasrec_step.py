#!/usr/bin/python3
"""SASRec training step in PyTorch, the peer of train/seq's BenchmarkStep.

The same model and data shape as the Go benchmark: batch 128 full windows of 200 items drawn uniformly
from a 3,706-item catalog (ML-1M's size), dim 64, 2 pre-norm blocks (layer norm, 1-head causal attention
with dropout 0.1 on the probabilities, output projection, residual; layer norm, ReLU feed-forward of width
64, residual), a final layer norm, item embeddings tied to the output, cross-entropy over the whole
catalog at every position, Adam lr 1e-3. Written for Debian's python3-torch 1.13 (no fused attention).

    /usr/bin/python3 bench/seq/sasrec_step.py --threads 1 --steps 10 --warmup 2

Prints one JSON line: threads, seconds per step (wall) and CPU-seconds per step (user+system of the
process, getrusage).
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads, ffn, dropout):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d, eps=1e-6)
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-6)
        self.ffn1 = nn.Linear(d, ffn)
        self.ffn2 = nn.Linear(ffn, d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, causal):
        b, n, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=-1)
        q = q.view(b, n, h, d // h).transpose(1, 2)
        k = k.view(b, n, h, d // h).transpose(1, 2)
        v = v.view(b, n, h, d // h).transpose(1, 2)
        s = q @ k.transpose(-1, -2) / math.sqrt(d // h)
        s = s.masked_fill(causal, float("-inf"))
        a = self.drop(torch.softmax(s, dim=-1)) @ v
        a = a.transpose(1, 2).reshape(b, n, d)
        x = x + self.drop(self.out(a))
        return x + self.drop(self.ffn2(F.relu(self.ffn1(self.ln2(x)))))


class SASRec(nn.Module):
    def __init__(self, items, maxlen, d, blocks, heads, ffn, dropout):
        super().__init__()
        self.items = nn.Embedding(items, d)
        self.pos = nn.Embedding(maxlen, d)
        self.blocks = nn.ModuleList(Block(d, heads, ffn, dropout) for _ in range(blocks))
        self.ln = nn.LayerNorm(d, eps=1e-6)
        self.drop = nn.Dropout(dropout)
        self.scale = math.sqrt(d)
        for p in self.parameters():
            if p.dim() > 1:
                nn.init.normal_(p, std=0.02)

    def forward(self, ids):
        n = ids.shape[1]
        x = self.items(ids) * self.scale + self.pos(torch.arange(n))
        x = self.drop(x)
        causal = torch.ones(n, n, dtype=torch.bool).triu(1)
        for blk in self.blocks:
            x = blk(x, causal)
        return self.ln(x) @ self.items.weight.t()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--maxlen", type=int, default=200)
    ap.add_argument("--items", type=int, default=3706)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--heads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = SASRec(args.items, args.maxlen, args.dim, args.blocks, args.heads, args.dim, 0.1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    seqs = torch.randint(0, args.items, (args.batch, args.maxlen + 1))
    inputs, targets = seqs[:, :-1], seqs[:, 1:]

    def step():
        opt.zero_grad()
        logits = model(inputs)
        loss = F.cross_entropy(logits.reshape(-1, args.items), targets.reshape(-1))
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    for _ in range(args.steps):
        loss = step()
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    print(json.dumps({"impl": "pytorch " + torch.__version__, "threads": args.threads,
                      "s_per_step": round(wall / args.steps, 4), "cpu_s_per_step": round(cpu / args.steps, 4),
                      "loss": round(loss, 4)}))


if __name__ == "__main__":
    main()
