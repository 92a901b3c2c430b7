// Command summary turns the JSON lines of one or more ANN benchmark runs (scripts/bench-ann.sh)
// into the medians over runs and the markdown tables of BENCHMARKS.md:
//
//	go run ./bench/ann/summary -median out/ann/median.jsonl out/ann/run*/results.jsonl
//
// Lines that share (impl, dataset, storage, ef, selectivity, plan) are one measurement repeated
// in several runs: qps, recall10, build_cpu_s, bytes_per_vec and load_s become their medians.
// The first table gives, per dataset and (impl, storage), the highest QPS among the ef values
// whose median recall@10 reaches 0.95 and 0.99, with its ratio to the reference peer of the same
// run (hnswlib-wasm for implementations whose name ends in "-wasm", hnswlib-cpp otherwise), and
// the build CPU time with the same ratio; the second gives filtered search.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

func main() {
	median := flag.String("median", "", "also write the median of every measurement as JSON lines to this file")
	flag.Parse()
	if err := run(flag.Args(), *median, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "summary:", err)
		os.Exit(1)
	}
}

func run(paths []string, medianPath string, out io.Writer) error {
	if len(paths) == 0 {
		return errors.New("no result files given")
	}
	var all []result
	for _, p := range paths {
		rs, err := readFile(p)
		if err != nil {
			return err
		}
		all = append(all, rs...)
	}
	med := medians(all)
	if medianPath != "" {
		if err := writeLines(medianPath, med); err != nil {
			return err
		}
	}
	writeSweepTable(out, med)
	writeFilterTable(out, med)
	return nil
}

func readFile(path string) ([]result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []result
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		var r result
		if err := json.Unmarshal([]byte(s), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		r.Runs = 1
		out = append(out, r)
	}
	return out, sc.Err()
}

func writeLines(path string, rs []result) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, r := range rs {
		b, err := json.Marshal(r)
		if err != nil {
			f.Close()
			return err
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// refImpl is the peer an implementation is compared with.
func refImpl(impl string) string {
	if strings.HasSuffix(impl, "-wasm") {
		return "hnswlib-wasm"
	}
	return "hnswlib-cpp"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
