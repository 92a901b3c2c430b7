#!/usr/bin/env bash
# bench-ann.sh: the ANN benchmark of issue 4, our HNSW and its peers in one run.
#
#   scripts/bench-ann.sh [DATA_DIR] [OUT_DIR]      (defaults: ../shared/data/ann, out/ann)
#
# Repeats ANN_RUNS times, one program at a time (the machine has 2 shared cores), for every
# DATA_DIR/NAME_base.fvecs:
#   hnswlib-cpp   bench/ann/peers/hnswlib_bench.cpp, g++ -O3 -march=native, Debian libhnswlib-dev
#   hnswlib-py    bench/ann/peers/hnswlib_bench.py under /usr/bin/python3, Debian python3-hnswlib
#   hnswlib-wasm  bench/ann/peers/node/hnswlib_wasm_bench.mjs under node, npm hnswlib-wasm (pinned)
#   corerec       `go run ./bench/ann -data DATA_DIR -sets ... -ef ... -also-filter` (our index, the
#                 exact scan, and filtered search at 1 %, 10 % and 50 % of the rows allowed)
#   corerec-wasm  ./bench/ann built for GOOS=js GOARCH=wasm, run under node
# Every run's JSON lines go to OUT_DIR/runN/results.jsonl; then `go run ./bench/ann/summary` writes
# the medians over runs to OUT_DIR/median.jsonl and the tables to OUT_DIR/summary.md, and a
# recall/QPS chart per dataset (unfiltered search) is drawn from the medians to
# OUT_DIR/recall_qps_NAME.png.
# Missing Debian packages and node modules are installed.
#
# Environment:
#   ANN_RUNS      repetitions of the whole run, medians taken over them (default 3)
#   ANN_EFS       comma-separated ef sweep, for the peers and our index alike (default below)
#   ANN_FILTER_EFS  ef sweep of filtered search (default 10,16,32,64)
#   ANN_DATASETS  space-separated dataset names (default: every NAME_base.fvecs in DATA_DIR)
#   ANN_STORAGES  our storages natively (default f32,f16,int8,int8+f32,int8+f16)
#   ANN_WASM_STORAGES  our storages under node (default f32,int8,int8+f32; empty: skip corerec-wasm)
#   ANN_GO_FLAGS  extra flags for `go run ./bench/ann`
#   ANN_PEERS     space-separated subset of: cpp py wasm (default: all three)
set -euo pipefail

cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/ann}
OUT=${2:-out/ann}
EFS=${ANN_EFS:-10,12,14,16,20,24,32,40,48,64,96,128,192,256}
FILTER_EFS=${ANN_FILTER_EFS:-10,16,32,64}
RUNS=${ANN_RUNS:-3}
STORAGES=${ANN_STORAGES:-f32,f16,int8,int8+f32,int8+f16}
WASM_STORAGES=${ANN_WASM_STORAGES-f32,int8,int8+f32}
PEERS=${ANN_PEERS:-cpp py wasm}

if [ ! -d "$DATA" ]; then
	echo "bench-ann: data directory $DATA is absent: skipped"
	exit 0
fi
mkdir -p "$OUT"
DATA=$(cd "$DATA" && pwd)
OUT=$(cd "$OUT" && pwd)

datasets=${ANN_DATASETS:-$(cd "$DATA" && ls -- *_base.fvecs 2>/dev/null | sed 's/_base\.fvecs$//')}
if [ -z "$datasets" ]; then
	echo "bench-ann: no *_base.fvecs in $DATA: skipped"
	exit 0
fi

install_debian() {
	local missing=()
	[ -f /usr/include/hnswlib/hnswlib.h ] || missing+=(libhnswlib-dev)
	/usr/bin/python3 -c 'import hnswlib' 2>/dev/null || missing+=(python3-hnswlib)
	command -v g++ >/dev/null || missing+=(g++)
	command -v node >/dev/null || missing+=(nodejs npm)
	if [ ${#missing[@]} -gt 0 ]; then
		echo "bench-ann: installing ${missing[*]}" >&2
		apt-get update
		DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
	fi
}

install_node() {
	local dir=bench/ann/peers/node
	if [ ! -f "$dir/node_modules/hnswlib-wasm/package.json" ]; then
		echo "bench-ann: npm ci in $dir" >&2
		(cd "$dir" && npm ci --no-audit --no-fund)
	fi
}

# run NAME CMD...: runs one benchmark program, showing its output and keeping its
# JSON lines in NAME.jsonl (NAME is a path); a failure is reported and remembered, not fatal.
failed=()
run() {
	local name=$1
	shift
	echo "bench-ann: $name: $*" >&2
	if ! "$@" | tee "$name.out" >&2; then # pipefail: the program's status counts
		echo "bench-ann: $name failed" >&2
		failed+=("$name")
	fi
	grep '^{' "$name.out" >"$name.jsonl" || true
	rm -f "$name.out"
}

install_debian
install_node
g++ -O3 -march=native -std=c++17 -o "$OUT/hnswlib_bench" bench/ann/peers/hnswlib_bench.cpp
go build -o "$OUT/annbench" ./bench/ann
if [ -n "$WASM_STORAGES" ]; then
	GOOS=js GOARCH=wasm go build -o "$OUT/annbench.wasm" ./bench/ann
fi
sets=$(echo $datasets | tr ' ' ',')

# one_run DIR: every implementation once, JSON lines in DIR/results.jsonl.
one_run() {
	local dir=$1 parts=()
	mkdir -p "$dir"
	for ds in $datasets; do
		for peer in $PEERS; do
			case $peer in
			cpp) run "$dir/hnswlib-cpp_$ds" "$OUT/hnswlib_bench" -data "$DATA" -dataset "$ds" -ef "$EFS" -tmp "$OUT" ;;
			py) run "$dir/hnswlib-py_$ds" /usr/bin/python3 bench/ann/peers/hnswlib_bench.py -data "$DATA" -dataset "$ds" -ef "$EFS" -tmp "$OUT" ;;
			wasm) run "$dir/hnswlib-wasm_$ds" node bench/ann/peers/node/hnswlib_wasm_bench.mjs -data "$DATA" -dataset "$ds" -ef "$EFS" ;;
			*) echo "bench-ann: unknown peer $peer" >&2; exit 2 ;;
			esac
			parts+=("$dir/hnswlib-${peer}_$ds.jsonl")
		done
	done
	# shellcheck disable=SC2086 # ANN_GO_FLAGS is a list of flags
	run "$dir/corerec" "$OUT/annbench" -data "$DATA" -sets "$sets" -ef "$EFS" -storages "$STORAGES" \
		-also-filter -filter-ef "$FILTER_EFS" ${ANN_GO_FLAGS:-}
	parts+=("$dir/corerec.jsonl")
	if [ -n "$WASM_STORAGES" ]; then
		run "$dir/corerec-wasm" node "$(go env GOROOT)/lib/wasm/wasm_exec_node.js" "$OUT/annbench.wasm" \
			-data "$DATA" -sets "$sets" -ef "$EFS" -storages "$WASM_STORAGES"
		parts+=("$dir/corerec-wasm.jsonl")
	fi
	cat "${parts[@]}" >"$dir/results.jsonl"
	echo "bench-ann: $(wc -l <"$dir/results.jsonl") results in $dir/results.jsonl" >&2
}

runs=()
for i in $(seq 1 "$RUNS"); do
	echo "bench-ann: run $i of $RUNS ($(date -u +%H:%M:%S))" >&2
	one_run "$OUT/run$i"
	runs+=("$OUT/run$i/results.jsonl")
done

go run ./bench/ann/summary -median "$OUT/median.jsonl" "${runs[@]}" | tee "$OUT/summary.md"
grep -v '"selectivity"' "$OUT/median.jsonl" >"$OUT/median_sweep.jsonl" # the chart: unfiltered search only
for ds in $datasets; do
	go run ./internal/plot/cmd/recallqps -in "$OUT/median_sweep.jsonl" -dataset "$ds" -out "$OUT/recall_qps_$ds.png"
	echo "bench-ann: chart $OUT/recall_qps_$ds.png" >&2
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "bench-ann: failed: ${failed[*]}" >&2
	exit 1
fi
