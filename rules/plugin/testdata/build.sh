#!/usr/bin/env bash
# Rebuilds every .wasm under testdata from its .wat with wabt's wat2wasm (Debian 12 `wabt`, 1.0.32).
# Hostile plugins are committed built, so tests never need wabt.
set -euo pipefail
cd "$(dirname "$0")"
flags() {
  case "$(basename "$1" .wat)" in
    fuel_refill) echo "--no-check" ;;   # refers to a global the module does not have
    threads) echo "--enable-threads" ;;
    tail_call) echo "--enable-tail-call" ;;
  esac
}
for f in *.wat hostile/*.wat; do
  wat2wasm $(flags "$f") "$f" -o "${f%.wat}.wasm"
done
