#!/usr/bin/python3
"""LightGCN in PyTorch 1.13 (Debian python3-torch), the reference for CoreRec's train/lightgcn timing.

The same configuration as `pack train --model lightgcn` (and the LightGCN paper's Gowalla setting): the
symmetric-normalised bipartite adjacency D^-1/2 A D^-1/2 as a torch.sparse COO matrix over users+items,
K propagation layers by torch.sparse.mm, the layer mean (alpha_k = 1/(K+1)), BPR on (user, positive,
uniform negative not in the user's training items), L2 on the batch's layer-0 embeddings
reg * 0.5 * (|e_u|^2 + |e_i|^2 + |e_j|^2) / batch (as the paper's code), Adam, init N(0, 0.1^2).
Each epoch shuffles the training pairs and draws one negative per pair.

Prints one line per epoch: CPU seconds (user+system of this process, all threads) and wall seconds.

  bench/lightgcn/lightgcn_torch.py --data ../shared/data/gowalla/train.txt --epochs 2 --threads 1
"""
import argparse
import time

import numpy as np
import torch


def load(path):
    users, items = [], []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            u = int(parts[0])
            for i in parts[1:]:
                users.append(u)
                items.append(int(i))
    pairs = np.unique(np.stack([np.array(users, np.int64), np.array(items, np.int64)], 1), axis=0)
    return pairs, int(pairs[:, 0].max()) + 1, int(pairs[:, 1].max()) + 1


def norm_adj(pairs, n_users, n_items):
    n = n_users + n_items
    rows = np.concatenate([pairs[:, 0], pairs[:, 1] + n_users])
    cols = np.concatenate([pairs[:, 1] + n_users, pairs[:, 0]])
    deg = np.bincount(rows, minlength=n).astype(np.float64)
    inv = np.zeros(n)
    inv[deg > 0] = deg[deg > 0] ** -0.5
    vals = (inv[rows] * inv[cols]).astype(np.float32)
    idx = torch.from_numpy(np.stack([rows, cols]))
    return torch.sparse_coo_tensor(idx, torch.from_numpy(vals), (n, n)).coalesce()


class SymmetricSpMM(torch.autograd.Function):
    """y = G @ x for a symmetric sparse G, with the backward G @ dy: it skips the transpose (and the
    re-coalescing of the transposed COO matrix) that torch.sparse.mm's own backward does."""

    @staticmethod
    def forward(ctx, g, x):
        ctx.g = g
        return torch.sparse.mm(g, x)

    @staticmethod
    def backward(ctx, dy):
        return None, torch.sparse.mm(ctx.g, dy)


class LightGCN(torch.nn.Module):
    def __init__(self, graph, n_users, n_items, dim, layers, symmetric=False):
        super().__init__()
        self.graph, self.n_users, self.layers = graph, n_users, layers
        self.mm = SymmetricSpMM.apply if symmetric else torch.sparse.mm
        self.user = torch.nn.Embedding(n_users, dim)
        self.item = torch.nn.Embedding(n_items, dim)
        torch.nn.init.normal_(self.user.weight, std=0.1)
        torch.nn.init.normal_(self.item.weight, std=0.1)

    def propagate(self):
        e = torch.cat([self.user.weight, self.item.weight])
        embs = [e]
        for _ in range(self.layers):
            e = self.mm(self.graph, e)
            embs.append(e)
        out = torch.stack(embs, 1).mean(1)
        return out[: self.n_users], out[self.n_users:]

    def loss(self, u, i, j, reg):
        users, items = self.propagate()
        fu, fi, fj = users[u], items[i], items[j]
        bpr = torch.nn.functional.softplus((fu * fj).sum(1) - (fu * fi).sum(1)).mean()
        l2 = 0.5 * (self.user.weight[u].pow(2).sum() + self.item.weight[i].pow(2).sum()
                    + self.item.weight[j].pow(2).sum()) / len(u)
        return bpr + reg * l2, bpr


def negatives(users, known, n_items, rng):
    """One uniform item per user that is not among the user's training items (vectorised rejection)."""
    neg = rng.integers(0, n_items, len(users))
    bad = np.isin(users * n_items + neg, known)
    while bad.any():
        neg[bad] = rng.integers(0, n_items, int(bad.sum()))
        bad[bad] = np.isin(users[bad] * n_items + neg[bad], known)
    return neg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=2048)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--reg", type=float, default=1e-4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-steps", type=int, default=0, help="stop each epoch after this many steps (0: all)")
    ap.add_argument("--symmetric", action="store_true",
                    help="backward of each propagation as G @ dy (G is symmetric) instead of torch.sparse.mm's own")
    ap.add_argument("--csr", action="store_true", help="G as a sparse CSR tensor (implies --symmetric)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    pairs, n_users, n_items = load(a.data)
    known = np.sort(pairs[:, 0] * n_items + pairs[:, 1])
    graph = norm_adj(pairs, n_users, n_items)
    if a.csr:
        graph, a.symmetric = graph.to_sparse_csr(), True
    model = LightGCN(graph, n_users, n_items, a.dim, a.layers, a.symmetric)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    print(f"torch {torch.__version__}: {n_users} users, {n_items} items, {len(pairs)} pairs, "
          f"threads={a.threads} batch={a.batch} dim={a.dim} layers={a.layers}", flush=True)
    for ep in range(1, a.epochs + 1):
        c0, w0 = time.process_time(), time.perf_counter()
        order = rng.permutation(len(pairs))
        total, steps = 0.0, 0
        for lo in range(0, len(order), a.batch):
            if a.max_steps and steps == a.max_steps:
                break
            b = pairs[order[lo: lo + a.batch]]
            u, i = b[:, 0], b[:, 1]
            j = negatives(u, known, n_items, rng)
            loss, bpr = model.loss(torch.from_numpy(u), torch.from_numpy(i), torch.from_numpy(j), a.reg)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += bpr.item() * len(b)
            steps += 1
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        n = min(len(order), steps * a.batch)
        full = -(-len(order) // a.batch)  # steps of a whole epoch
        label = "pt-csr" if a.csr else "pt-sym" if a.symmetric else "pytorch"
        print(f"{label} threads={a.threads} epoch={ep} steps={steps} loss={total / n:.4f} "
              f"cpu_s={cpu:.1f} wall_s={wall:.1f} cpu_s_per_epoch={cpu * full / steps:.1f} "
              f"wall_s_per_epoch={wall * full / steps:.1f}", flush=True)


if __name__ == "__main__":
    main()
