#!/usr/bin/python3
"""Order checks on ML-1M sequence files (issue 6).

1. Share of adjacent item pairs within users in ascending item-id order (0.5 when ties carry no id order):
     python3 bench/seq/order_check.py ../shared/data/ml-1m/sequences.txt
2. With --published FILE: compare the order of our copy with lines of the published SASRec copy
   (`ml-1m.txt` of the SASRec repositories, one `user item item ...` line per user or `user item` per line;
   its users and items are renumbered by first appearance, so items are matched by which users hold them).
   FILE may be an excerpt (its first users); our file must have the same item set (sequences_items_min5.txt).
     python3 bench/seq/order_check.py ../shared/data/ml-1m/sequences_items_min5.txt --published excerpt.txt
   Each published user is matched to the one user of ours with the same length whose overlaps with the users
   matched so far are the same sizes. An item's signature is the set of matched users that hold it; where
   the signature sequences of a matched pair differ, the two copies order those items differently (a lower
   bound on the differences: items with equal signatures are not told apart).
"""

import argparse
import statistics


def read(path):
    seqs = {}
    for line in open(path):
        f = [int(x) for x in line.split()]
        if len(f) >= 2:
            seqs.setdefault(f[0], []).extend(f[1:])
    return seqs


def ascending_share(seqs):
    up = n = 0
    for s in seqs.values():
        for a, b in zip(s, s[1:]):
            n += 1
            up += a < b
    return up, n


def greedy(ours, pub, oset, pset, match):
    """Matches published users to ours in passes until no more match uniquely."""
    while True:
        added = False
        for u, s in pub.items():
            if u in match:
                continue
            cand = [v for v, t in ours.items() if len(t) == len(s) and v not in match.values()
                    and all(len(pset[u] & pset[a]) == len(oset[v] & oset[b]) for a, b in match.items())]
            if len(cand) == 1:
                match[u], added = cand[0], True
        if not added:
            return match


def align(ours, pub):
    """Seeds the first published user with each same-length user of ours; keeps the seed matching most."""
    oset = {v: set(t) for v, t in ours.items()}
    pset = {u: set(s) for u, s in pub.items()}
    first = next(iter(pub))
    best = {}
    for v in [v for v, t in ours.items() if len(t) == len(pub[first])]:
        m = greedy(ours, pub, oset, pset, {first: v})
        if len(m) > len(best):
            best = m
    for u, s in pub.items():
        if u not in best:
            print(f"published user {u} (length {len(s)}): not matched uniquely, skipped")
    return best, oset, pset


def compare(ours, pub):
    match, oset, pset = align(ours, pub)
    def psig(x): return tuple(u for u in match if x in pset[u])
    def osig(y): return tuple(u for u in match if y in oset[match[u]])
    pos = diff = test = val = up_p = up_o = npair = 0
    shifts, disc, pairs = [], 0, 0
    for u, v in sorted(match.items()):
        s, t = pub[u], ours[v]
        ps, os_ = [psig(x) for x in s], [osig(y) for y in t]
        d = sum(a != b for a, b in zip(ps, os_))
        pos, diff = pos + len(s), diff + d
        test += ps[-1] != os_[-1]
        val += ps[-2] != os_[-2]
        print(f"published user {u:5d} = our user {v:5d}: length {len(s):4d}, order differs at >= {d} positions"
              f"{'; test item differs' if ps[-1] != os_[-1] else ''}"
              f"{'; validation item differs' if ps[-2] != os_[-2] else ''}")
        groups = {}
        for y in t:
            groups.setdefault(osig(y), []).append(y)
        uniq = {x: groups[psig(x)][0] for x in s if len(groups.get(psig(x), [])) == 1}
        sp = [uniq[x] for x in s if x in uniq]           # uniquely identified items, published order
        so = [y for y in t if y in set(sp)]              # the same items, our order
        for a, b in zip(sp, sp[1:]):
            up_p += a < b
        for a, b in zip(so, so[1:]):
            up_o += a < b
        npair += max(len(sp) - 1, 0)
        where = {y: k for k, y in enumerate(t)}
        p_ours = [where[uniq[x]] for x in s if x in uniq]
        p_pub = [k for k, x in enumerate(s) if x in uniq]
        shifts += [abs(a - b) for a, b in zip(p_ours, p_pub)]
        disc += sum(1 for i in range(len(p_ours)) for j in range(i + 1, len(p_ours)) if p_ours[i] > p_ours[j])
        pairs += len(p_ours) * (len(p_ours) - 1) // 2
    print(f"matched users {len(match)} of {len(pub)}, positions {pos}: order differs at >= {diff} "
          f"({diff / pos:.1%}); test item differs for {test}, validation item for {val}")
    if npair:
        print(f"uniquely identified items {len(shifts)}: at another position {sum(x > 0 for x in shifts)} "
              f"({sum(x > 0 for x in shifts) / len(shifts):.1%}), shift mean {statistics.mean(shifts):.2f} max "
              f"{max(shifts)}; discordant pairs {disc}/{pairs} ({disc / max(pairs, 1):.2%}); ascending adjacent "
              f"(original ids): published order {up_p}/{npair} = {up_p / npair:.3f}, ours {up_o}/{npair} = "
              f"{up_o / npair:.3f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--published")
    a = ap.parse_args()
    ours = read(a.data)
    up, n = ascending_share(ours)
    print(f"{a.data}: {up} of {n} adjacent pairs ascending = {up / n:.4f}")
    if a.published:
        compare(ours, read(a.published))


if __name__ == "__main__":
    main()
