#!/usr/bin/env bash
# Static checks and cross-builds. Fails on the first problem.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}

unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
$GO vet ./...
# fmtlite's functions forward to fmt under this tag, so vet's printf check sees every call (internal/fmtlite).
$GO vet -tags fmtlite_vet ./...
# The embeddable core must build for the browser and for wasm edge hosts.
CORE="./internal/... ./modelpack/... ./runtime/... ./dataset/... ./eval/..."
GOOS=js GOARCH=wasm $GO vet $CORE
GOOS=js GOARCH=wasm $GO vet -tags fmtlite_vet $CORE ./ann/... ./rules/... ./wasm/...
GOOS=wasip1 GOARCH=wasm $GO build $CORE
GOOS=linux GOARCH=arm64 $GO build ./...
$GO test -count=1 -tags purego ./internal/kernel/
$GO test -count=1 -run TestImports ./internal/archtest/
echo "check: ok"
