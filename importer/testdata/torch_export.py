"""Writes a small model the way a PyTorch user would export one, for importer's round-trip test.

usage: /usr/bin/python3 torch_export.py OUTDIR   (Debian python3-torch; numpy comes with it)

OUTDIR receives items.npy + item_ids.txt, users.npy + user_ids.txt, the same items as float64 and in
Fortran order (items_f8.npy, items_fortran.npy), a user tower (tower.safetensors: nn.Sequential
Linear-ReLU-Linear under "mlp.", feature standardisation, unknown-id row, per-user ID embeddings) and
expected.json: PyTorch's own top-10 for every stored user vector and for tower-encoded users.
safetensors is written by hand (8-byte little-endian header length, JSON header, raw little-endian data)
because Debian has no python3-safetensors.
"""
import json
import struct
import sys

import numpy as np
import torch

out = sys.argv[1]
torch.manual_seed(7)
n_items, n_users, dim, id_dim, n_feat, hidden, k = 200, 50, 16, 8, 5, 32, 10

items = torch.randn(n_items, dim)
users = torch.randn(n_users, dim)
np.save(f"{out}/items.npy", items.numpy())
np.save(f"{out}/items_f8.npy", items.numpy().astype(np.float64))
np.save(f"{out}/items_fortran.npy", np.asfortranarray(items.numpy()))
np.save(f"{out}/users.npy", users.numpy())
with open(f"{out}/item_ids.txt", "w") as f:
    f.write("".join(f"item-{i}\n" for i in range(n_items)))
with open(f"{out}/user_ids.txt", "w") as f:
    f.write("".join(f"user-{u}\n" for u in range(n_users)))

mlp = torch.nn.Sequential(torch.nn.Linear(id_dim + n_feat, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, dim))
ids = torch.randn(n_users, id_dim)
unknown = ids.mean(0)
mean = torch.randn(n_feat)
inv_std = torch.rand(n_feat) + 0.5
tensors = {f"mlp.{name}": p.detach() for name, p in mlp.state_dict().items()}
tensors.update({"features.mean": mean, "features.inv_std": inv_std, "unknown": unknown, "ids": ids})

header, blobs, offset = {}, [], 0
for name in sorted(tensors):
    raw = tensors[name].contiguous().numpy().astype("<f4").tobytes()
    header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)
head = json.dumps(header).encode()
head += b" " * (-len(head) % 8)
with open(f"{out}/tower.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(head)) + head + b"".join(blobs))

def topk(q):
    scores = q.double() @ items.double().T
    return torch.topk(scores, k, dim=-1).indices.tolist()

feats = torch.randn(n_users, n_feat)
with torch.no_grad():
    def tower(id_rows):
        x = torch.cat([id_rows, (feats - mean) * inv_std], dim=1)
        return torch.nn.functional.normalize(mlp(x), dim=1)
    known = tower(ids)
    cold = tower(unknown.expand(n_users, id_dim))

json.dump({"k": k, "features": feats.tolist(), "users_topk": topk(users),
           "tower_known_topk": topk(known), "tower_unknown_topk": topk(cold)},
          open(f"{out}/expected.json", "w"))
