#!/usr/bin/python3
"""The two-tower training step of BenchmarkTwoTowerStep, in PyTorch 1.13 (CPU).

Not run by the Go tests. Run with Debian's interpreter, one thread count at a time:

    /usr/bin/python3 train/nn/testdata/twotower_step.py --threads 1
    /usr/bin/python3 train/nn/testdata/twotower_step.py --threads 2

Configuration (same as the Go benchmark): 6,040 users x 3,706 items, ID embeddings of dim 64,
towers 64 -> 128 (ReLU) -> 64, L2-normalised outputs, batch 1024, in-batch softmax (InfoNCE over
u.v^T / tau, targets on the diagonal), Adam (lr 1e-3). Batches are uniform random (user, item)
pairs drawn up front from a fixed seed. Prints wall-clock and CPU examples/s.
"""
import argparse
import time

import torch
import torch.nn.functional as F

USERS, ITEMS, DIM, HIDDEN, BATCH, TAU = 6040, 3706, 64, 128, 1024, 0.05


class Tower(torch.nn.Module):
    def __init__(self, n, sparse):
        super().__init__()
        self.emb = torch.nn.Embedding(n, DIM, sparse=sparse)
        self.fc1 = torch.nn.Linear(DIM, HIDDEN)
        self.fc2 = torch.nn.Linear(HIDDEN, DIM)

    def forward(self, ids):
        h = F.relu(self.fc1(self.emb(ids)))
        return F.normalize(self.fc2(h), dim=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--sparse", action="store_true",
                    help="sparse embedding grads with SparseAdam (lazy) instead of dense Adam")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)

    user, item = Tower(USERS, args.sparse), Tower(ITEMS, args.sparse)
    params = list(user.parameters()) + list(item.parameters())
    if args.sparse:
        emb = [user.emb.weight, item.emb.weight]
        dense = [p for p in params if all(p is not e for e in emb)]
        opts = [torch.optim.SparseAdam(emb, lr=1e-3), torch.optim.Adam(dense, lr=1e-3)]
    else:
        opts = [torch.optim.Adam(params, lr=1e-3)]

    nb = 64
    uids = torch.randint(0, USERS, (nb, BATCH))
    iids = torch.randint(0, ITEMS, (nb, BATCH))
    target = torch.arange(BATCH)

    def step(i):
        u = user(uids[i % nb])
        v = item(iids[i % nb])
        loss = F.cross_entropy(u @ v.t() / TAU, target)
        for o in opts:
            o.zero_grad(set_to_none=True)
        loss.backward()
        for o in opts:
            o.step()
        return loss

    for i in range(args.warmup):
        step(i)
    w0, c0 = time.perf_counter(), time.process_time()
    for i in range(args.steps):
        loss = step(i)
    w1, c1 = time.perf_counter(), time.process_time()
    n = args.steps * BATCH
    print(f"pytorch {torch.__version__} threads={args.threads} sparse={args.sparse} "
          f"steps={args.steps} loss={loss.item():.4f} "
          f"wall={n / (w1 - w0):.0f} examples/s cpu={n / (c1 - c0):.0f} examples/cpu-s "
          f"ms/step={(w1 - w0) * 1e3 / args.steps:.2f}")


if __name__ == "__main__":
    main()
