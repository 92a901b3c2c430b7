#!/usr/bin/python3
"""Runs LightGCN training steps in PyTorch for TestTorchParity (train/lightgcn/torch_parity_test.go).

It uses the model of the PyTorch peer in CoreRec's LightGCN benchmark (bench/lightgcn/lightgcn_torch.py:
normalised sparse adjacency, torch.sparse.mm per layer, layer mean, BPR + L2 on the batch's layer-0 rows,
Adam), starts from the layer-0 table the Go trainer drew, runs the given batches of (user, positive,
negative) triples, and writes each step's BPR loss and the final table. It does the same once more with one
layer fewer, which the test requires to disagree.

  torch_steps.py IN.json OUT.json
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "bench", "lightgcn"))
from lightgcn_torch import LightGCN, norm_adj  # noqa: E402


def run(cfg, layers):
    users, items, dim = cfg["users"], cfg["items"], cfg["dim"]
    pairs = np.array(cfg["pairs"], dtype=np.int64).reshape(-1, 2)
    graph = norm_adj(pairs, users, items)
    model = LightGCN(graph, users, items, dim, layers)
    ego = torch.tensor(cfg["ego"], dtype=torch.float32).reshape(users + items, dim)
    with torch.no_grad():
        model.user.weight.copy_(ego[:users])
        model.item.weight.copy_(ego[users:])
    opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    losses = []
    for batch in cfg["batches"]:
        b = torch.tensor(batch, dtype=torch.int64).reshape(-1, 3)
        loss, bpr = model.loss(b[:, 0], b[:, 1], b[:, 2], cfg["reg"])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(bpr.item())
    final = torch.cat([model.user.weight, model.item.weight]).detach().reshape(-1)
    return losses, final.tolist()


def main():
    with open(sys.argv[1]) as f:
        cfg = json.load(f)
    torch.set_num_threads(1)
    losses, ego = run(cfg, cfg["layers"])
    _, fewer = run(cfg, cfg["layers"] - 1)
    with open(sys.argv[2], "w") as f:
        json.dump({"torch": torch.__version__, "losses": losses, "ego": ego, "ego_fewer_layers": fewer}, f)


if __name__ == "__main__":
    main()
