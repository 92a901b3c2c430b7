# CoreRec developer targets. `make test` is the one command CI runs (.ci/run) and README names.
GO ?= go
FUZZTIME ?= 5s

.PHONY: test check bench fuzz demo

## test: vet, the whole test suite, the race detector on concurrent packages, and every fuzzer briefly.
test:
	./scripts/test.sh

## check: vet, gofmt, and the cross-builds for the browser (js/wasm) and edge wasm hosts (wasip1).
check:
	./scripts/check.sh

## fuzz: run every fuzz target for FUZZTIME each.
fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh

## bench: the micro-benchmarks (median of 5 runs each); see BENCHMARKS.md for the peer harnesses.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -count=5 ./internal/kernel/ ./modelpack/ ./runtime/

## demo: the embedded default, as in README.
demo:
	$(GO) run ./cmd/pack demo
