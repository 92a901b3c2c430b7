// Command ann benchmarks the ann package on .fvecs/.ivecs vector sets and prints one JSON line per
// (implementation, storage, ef):
//
//	go run ./bench/ann -data ../shared/data/ann -sets ml,synth100k
//	go run ./bench/ann -data ../shared/data/ann -sets ml -filter
//	go run ./bench/ann -data ../shared/data/ann -sets ml -also-filter -filter-ef 10,16,32,64
//
// Natively the implementation is named "corerec"; built for GOOS=js GOARCH=wasm and run under
// node (scripts/bench-ann.sh does both) it is "corerec-wasm".
//
// recall10 is tie-aware (a result counts when its true distance, computed in float64 from the f32
// base, is within the 10th true distance of NAME_gtd.fvecs); qps is single-thread, from the
// searching thread's CPU time (median of -passes passes over all queries); build_cpu_s is the
// process CPU time of Build; bytes_per_vec counts the stored rows, their quantization parameters,
// the serialised graph and, for rescoring, the fine copy; load_s is the median CPU time of
// LoadGraph (decoding and validating the graph; the vectors are used in place).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/internal/cputime"
)

type options struct {
	data, sets, storages, efs string
	plans                     []ann.FilterPlan
	selectivity               []float64
	sizes, filterEfs          []int
	m, efc, passes, workers   int
	filter, exact, buildOwn   bool
	alsoFilter                bool
	seed                      uint64
}

func main() {
	var o options
	flag.StringVar(&o.data, "data", "../shared/data/ann", "folder of NAME_base.fvecs, NAME_query.fvecs, NAME_gt.ivecs, NAME_gtd.fvecs")
	flag.StringVar(&o.sets, "sets", "ml,synth100k", "comma-separated dataset names")
	flag.StringVar(&o.storages, "storages", "f32,f16,int8,int8+f32,int8+f16", "storages to measure: f32, f16, int8 (per-row scales), int8pd (per-dimension scales); S+X: search S, rescore from X (f32 or f16)")
	flag.StringVar(&o.efs, "ef", "10,16,20,24,32,40,48,64,96,128,200,400,800", "comma-separated ef values")
	flag.IntVar(&o.m, "M", 16, "HNSW M")
	flag.IntVar(&o.efc, "efc", 200, "HNSW efConstruction")
	flag.IntVar(&o.passes, "passes", 3, "timed passes over the queries (median reported)")
	flag.IntVar(&o.workers, "build-threads", 1, "goroutines that build the graph")
	flag.BoolVar(&o.filter, "filter", false, "measure filtered search at 1%, 10% and 50% selectivity instead")
	flag.BoolVar(&o.alsoFilter, "also-filter", false, "measure filtered search after the sweep, on the same graph")
	flag.BoolVar(&o.exact, "exact", true, "also measure the exact scan")
	flag.BoolVar(&o.buildOwn, "build-on-storage", false, "build each quantized storage's graph from its own rows (default: one graph from the f32 rows)")
	plans := flag.String("plans", "auto", "filter plans to measure with -filter: auto, graph, scan")
	flag.Uint64Var(&o.seed, "seed", 1, "build seed")
	sizeList := flag.String("sizes", "", "measure prefixes of these sizes of each set (exact scan against graph) instead")
	filterEfList := flag.String("filter-ef", "", "comma-separated ef values for filtered search (default: -ef)")
	sels := flag.String("selectivity", "0.01,0.1,0.5", "shares of allowed rows measured with -filter")
	flag.Parse()
	var err error
	if *sizeList != "" {
		if o.sizes, err = parseInts(*sizeList); err != nil {
			fmt.Fprintln(os.Stderr, "ann bench:", err)
			os.Exit(2)
		}
	}
	if *filterEfList != "" {
		if o.filterEfs, err = parseInts(*filterEfList); err != nil {
			fmt.Fprintln(os.Stderr, "ann bench:", err)
			os.Exit(2)
		}
	}
	for _, f := range strings.Split(*sels, ",") {
		v, perr := strconv.ParseFloat(f, 64)
		if perr != nil || !(v > 0 && v <= 1) {
			fmt.Fprintf(os.Stderr, "ann bench: bad selectivity %q\n", f)
			os.Exit(2)
		}
		o.selectivity = append(o.selectivity, v)
	}
	if o.plans, err = parsePlans(*plans); err != nil {
		fmt.Fprintln(os.Stderr, "ann bench:", err)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "ann bench: %s/%s, GOMAXPROCS=%d, clock: %s\n", runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), cputime.ClockName)
	if err := run(context.Background(), osFiles{}, o); err != nil {
		fmt.Fprintln(os.Stderr, "ann bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, fs files, o options) error {
	efs, err := parseInts(o.efs)
	if err != nil {
		return err
	}
	for _, name := range strings.Split(o.sets, ",") {
		d, err := loadDataset(fs, o.data, name)
		if err != nil {
			return fmt.Errorf("dataset %s (absent? see ../shared/data/README.md): %w", name, err)
		}
		if len(o.sizes) > 0 {
			if err := sizes(ctx, d, o, efs); err != nil {
				return err
			}
			continue
		}
		b, err := newBench(ctx, d, o)
		if err != nil {
			return err
		}
		if !o.filter {
			if err := b.sweep(efs, strings.Split(o.storages, ",")); err != nil {
				return err
			}
		}
		if o.filter || o.alsoFilter {
			if err := b.filtered(filterEfs(efs, o)); err != nil {
				return err
			}
		}
	}
	return nil
}

// filterEfs is the ef sweep of filtered search: -filter-ef when given, else the -ef sweep.
func filterEfs(efs []int, o options) []int {
	if len(o.filterEfs) > 0 {
		return o.filterEfs
	}
	return efs
}

// implName names our index in the output: "corerec" natively, "corerec-wasm" under js/wasm
// (node), "corerec-wasip1" under wasip1.
func implName() string {
	switch runtime.GOOS {
	case "js":
		return "corerec-wasm"
	case "wasip1":
		return "corerec-wasip1"
	}
	return "corerec"
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("bad number %q", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// line is one output record; the field order is the published schema.
type line struct {
	Impl        string  `json:"impl"`
	Dataset     string  `json:"dataset"`
	Storage     string  `json:"storage"`
	M           int     `json:"M"`
	Efc         int     `json:"efc"`
	Ef          int     `json:"ef"`
	Recall10    float64 `json:"recall10"`
	QPS         float64 `json:"qps"`
	BuildCPU    float64 `json:"build_cpu_s"`
	BytesPerVec float64 `json:"bytes_per_vec"`
	LoadS       float64 `json:"load_s"`
	Threads     int     `json:"threads"`
	Selectivity float64 `json:"selectivity,omitempty"`
	Plan        string  `json:"plan,omitempty"`
}

func emit(l line) {
	b, _ := json.Marshal(l)
	fmt.Println(string(b))
}
