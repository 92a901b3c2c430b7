#!/usr/bin/env bash
# bench-ann.sh: the ANN benchmark of issue 4, our HNSW and its peers in one run.
#
#   scripts/bench-ann.sh [DATA_DIR] [OUT_DIR]      (defaults: ../shared/data/ann, out/ann)
#
# Runs, one at a time (the machine has 2 shared cores), for every DATA_DIR/NAME_base.fvecs:
#   hnswlib-cpp   bench/ann/peers/hnswlib_bench.cpp, g++ -O3 -march=native, Debian libhnswlib-dev
#   hnswlib-py    bench/ann/peers/hnswlib_bench.py under /usr/bin/python3, Debian python3-hnswlib
#   hnswlib-wasm  bench/ann/peers/node/hnswlib_wasm_bench.mjs under node, npm hnswlib-wasm (pinned)
# then `go run ./bench/ann -data DATA_DIR -sets ... -ef ...` (our index and exact scan), and writes every JSON
# line to OUT_DIR/results.jsonl and a recall/QPS chart per dataset to
# OUT_DIR/recall_qps_NAME.png. Missing Debian packages and node modules are installed.
#
# Environment:
#   ANN_EFS       comma-separated ef sweep, for the peers and our index alike (default below)
#   ANN_DATASETS  space-separated dataset names (default: every NAME_base.fvecs in DATA_DIR)
#   ANN_GO_FLAGS  extra flags for `go run ./bench/ann`
#   ANN_PEERS     space-separated subset of: cpp py wasm (default: all three)
set -euo pipefail

cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/ann}
OUT=${2:-out/ann}
EFS=${ANN_EFS:-10,12,16,20,24,32,40,48,64,80,96,128,160,192,256,384,512}
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
# JSON lines in OUT/NAME.jsonl; a failure is reported and remembered, not fatal.
failed=()
run() {
	local name=$1
	shift
	echo "bench-ann: $name: $*" >&2
	if ! "$@" | tee "$OUT/$name.out" >&2; then # pipefail: the program's status counts
		echo "bench-ann: $name failed" >&2
		failed+=("$name")
	fi
	grep '^{' "$OUT/$name.out" >"$OUT/$name.jsonl" || true
	rm -f "$OUT/$name.out"
}

install_debian
install_node
g++ -O3 -march=native -std=c++17 -o "$OUT/hnswlib_bench" bench/ann/peers/hnswlib_bench.cpp

parts=()
for ds in $datasets; do
	for peer in $PEERS; do
		case $peer in
		cpp) run "hnswlib-cpp_$ds" "$OUT/hnswlib_bench" -data "$DATA" -dataset "$ds" -ef "$EFS" -tmp "$OUT" ;;
		py) run "hnswlib-py_$ds" /usr/bin/python3 bench/ann/peers/hnswlib_bench.py -data "$DATA" -dataset "$ds" -ef "$EFS" -tmp "$OUT" ;;
		wasm) run "hnswlib-wasm_$ds" node bench/ann/peers/node/hnswlib_wasm_bench.mjs -data "$DATA" -dataset "$ds" -ef "$EFS" ;;
		*) echo "bench-ann: unknown peer $peer" >&2; exit 2 ;;
		esac
		parts+=("$OUT/hnswlib-${peer}_$ds.jsonl")
	done
done

if [ -f bench/ann/main.go ]; then
	# shellcheck disable=SC2086 # ANN_GO_FLAGS is a list of flags
	run corerec go run ./bench/ann -data "$DATA" -sets "$(echo $datasets | tr ' ' ',')" -ef "$EFS" ${ANN_GO_FLAGS:-}
	parts+=("$OUT/corerec.jsonl")
else
	echo "bench-ann: bench/ann/main.go is not there yet: our index skipped, peers only" >&2
fi

cat "${parts[@]}" >"$OUT/results.jsonl"
echo "bench-ann: $(wc -l <"$OUT/results.jsonl") results in $OUT/results.jsonl" >&2
for ds in $datasets; do
	go run ./internal/plot/cmd/recallqps -in "$OUT/results.jsonl" -dataset "$ds" -out "$OUT/recall_qps_$ds.png"
	echo "bench-ann: chart $OUT/recall_qps_$ds.png" >&2
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "bench-ann: failed: ${failed[*]}" >&2
	exit 1
fi
