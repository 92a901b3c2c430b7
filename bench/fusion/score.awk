# Scores a recommendation file (user<TAB>item,item,...) against the leave-one-out split of a sequences
# file (user item item ..., oldest first: the last item is the test item, the one before it validation,
# the rest train), HR@10 and NDCG@10 over all users and over the users whose test item has at most MAX
# training interactions (default 5). Recommendations must already exclude each user's seen items
# (pack recommend --exclude-seen), as pack eval assumes.
#
#   awk -v MAX=5 -f score.awk Beauty.txt recs.tsv
BEGIN { if (MAX == "") MAX = 5 }
FNR == NR {
  n = NF - 1
  test[$1] = $NF
  for (i = 2; i <= NF - 2; i++) count[$i]++
  next
}
{
  split($0, f, "\t"); u = f[1]
  if (!(u in test)) next
  seen[u] = 1
  k = split(f[2], items, ",")
  for (r = 1; r <= k && r <= 10; r++) if (items[r] == test[u]) { hit[u] = 1; gain[u] = log(2) / log(r + 1) }
}
END {
  for (u in test) {
    all++; h += hit[u]; g += gain[u]
    if (count[test[u]] + 0 <= MAX) { cold++; ch += hit[u]; cg += gain[u] }
  }
  printf "{\"users\":%d,\"hr@10\":%.4f,\"ndcg@10\":%.4f,\"few_users\":%d,\"few_max_train\":%d,\"few_hr@10\":%.4f,\"few_ndcg@10\":%.4f}\n",
    all, h / all, g / all, cold, MAX, ch / cold, cg / cold
}
