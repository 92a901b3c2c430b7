#!/usr/bin/env bash
# The project's one test command (README, .ci/run): installs what it needs, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
export GO=${GO:-go}
if ! command -v "$GO" >/dev/null; then
  export PATH=$PATH:/usr/local/go/bin
fi
start=$(date +%s)
# PyTorch (Debian python3-torch) for importer's round trip against PyTorch's own top-k.
if ! /usr/bin/python3 -c 'import torch, numpy' >/dev/null 2>&1; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch
fi
./scripts/check.sh
# Whole suite (includes long tests; real-data tests skip when ../shared/data is absent).
$GO test -count=1 ./...
# Race detector on everything that is shared across goroutines.
$GO test -count=1 -race -short ./internal/... ./modelpack/... ./runtime/... ./eval/... ./train/... ./rules/... ./server/...
FUZZTIME=${FUZZTIME:-4s} ./scripts/fuzz.sh
./scripts/test-browser.sh
echo "test.sh: all passed in $(( $(date +%s) - start ))s"
