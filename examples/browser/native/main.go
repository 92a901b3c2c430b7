// Command native computes the native answers the browser and wasip1 builds are compared with, through the
// same wire mapping they use.
//
//	native --bundle demo.crec --gen 1000 --seed 1 --out parity.json   # generated requests + their answers
//	native --bundle demo.crec < requests.json                         # a JSON array of requests → answers
//	native --big 100000 --out big.crec                                # a synthetic 100K-item bundle
//	native --bundle big.crec --bench 1000                             # native latency of bench.html's requests
//	native --bundle big-funnel.crec --bench 1000 [--rules-off]        # the same through a funnel bundle
//	native --big 100000 --index exact --out big-exact.crec            # the same items without a graph index
//	native --bundle big.crec --vectors --out big.f32                  # dequantized item vectors (ann-bench.html)
//
// The parity file is {"requests": [...], "answers": [...]}; answers are wire.Response objects, or
// {"error": "..."} for a request that failed.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	_ "github.com/corerec/corerec/rules" // funnel bundles' rules, as in the browser build
	"github.com/corerec/corerec/rules/plugin"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/testbundle"
	"github.com/corerec/corerec/wasm/wire"
)

// Parity is the file --gen writes.
type Parity struct {
	Requests []wire.Request `json:"requests"`
	Answers  []any          `json:"answers"`
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "native:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("native", flag.ContinueOnError)
	bundle := fs.String("bundle", "", "bundle to answer from")
	gen := fs.Int("gen", 0, "generate this many requests (with --out)")
	seed := fs.Uint64("seed", 1, "seed of the generated requests or bundle")
	big := fs.Int("big", 0, "write a synthetic bundle of this many items to --out instead")
	dim := fs.Int("dim", 64, "dimension of the --big bundle")
	out := fs.String("out", "", "output file (default stdout)")
	bench := fs.Int("bench", 0, "time this many requests (5 random history items, k=10) and print p50/p99")
	index := fs.String("index", "", `retrieval index of the --big bundle: "" (auto: HNSW from 2,000 items), "hnsw", "exact"`)
	rulesOff := fs.Bool("rules-off", false, "with --bench: requests with rules: false (a funnel bundle without its rerank stage)")
	vectors := fs.Bool("vectors", false, "write the bundle's dequantized item vectors (items × dim f32, little-endian)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if *big > 0 {
		data, err := testbundle.Make(testbundle.Config{Items: *big, Dim: *dim, Categories: 50, Users: 100, Seed: *seed,
			Index: *index})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	if *vectors {
		return writeVectors(w, *bundle)
	}
	// Plugin rules run on rules/plugin's wazero host, the native reference of the browser's plugin host.
	host, err := plugin.NewHost(ctx, plugin.HostConfig{})
	if err != nil {
		return err
	}
	defer host.Close(ctx)
	pe, err := host.OpenEngine(ctx, *bundle, runtime.Options{}, plugin.BundleOptions{})
	if err != nil {
		return err
	}
	defer pe.Close()
	eng := pe.Engine
	if *bench > 0 {
		return timeRequests(ctx, w, eng, *bench, *seed, *rulesOff)
	}
	var reqs []wire.Request
	if *gen > 0 {
		reqs = testbundle.Requests(eng, *gen, *seed)
	} else if err := json.NewDecoder(stdin).Decode(&reqs); err != nil {
		return fmt.Errorf("read requests: %w", err)
	}
	p := Parity{Requests: reqs, Answers: answers(ctx, eng, reqs)}
	enc := json.NewEncoder(w)
	if *gen > 0 {
		return enc.Encode(p)
	}
	return enc.Encode(p.Answers)
}

func answers(ctx context.Context, eng *runtime.Engine, reqs []wire.Request) []any {
	out := make([]any, len(reqs))
	for i, r := range reqs {
		res, err := wire.Recommend(ctx, eng, r)
		if err != nil {
			out[i] = map[string]string{"error": err.Error()}
		} else {
			out[i] = res
		}
	}
	return out
}
