// Command recallqps draws the recall/QPS chart of one dataset from the ANN
// benchmark's results (scripts/bench-ann.sh): recall@10 on x, single-thread
// queries per CPU second on a log y axis, one line per (impl, storage) through
// its ef sweep.
//
//	go run ./internal/plot/cmd/recallqps -in out/ann/results.jsonl -dataset ml -out out/ann/recall_qps_ml.png
//
// Each line of the input is one JSON object with at least impl, dataset,
// recall10 and qps (storage, ef, M and efc are used when present); blank lines
// are skipped, anything else is an error naming the line.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/corerec/corerec/internal/plot"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "recallqps:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("recallqps", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "results.jsonl from the ANN benchmark")
	out := fs.String("out", "", "PNG file to write")
	dataset := fs.String("dataset", "", "dataset to draw (default: from -out's name recall_qps_NAME.png, or the only one in -in)")
	width := fs.Int("width", 1000, "image width in pixels")
	height := fs.Int("height", 700, "image height in pixels")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" || *out == "" {
		return errors.New("-in and -out are required")
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	results, err := readResults(f)
	if err != nil {
		return fmt.Errorf("%s: %w", *in, err)
	}
	ds, err := pickDataset(results, *dataset, *out)
	if err != nil {
		return err
	}
	chart, err := buildChart(results, ds)
	if err != nil {
		return err
	}
	return writePNG(chart, *out, *width, *height)
}

func writePNG(c plot.Chart, path string, width, height int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := c.PNG(f, width, height); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// pickDataset is the -dataset flag, else NAME from an -out of recall_qps_NAME.png,
// else the only dataset in the results.
func pickDataset(results []result, flagValue, out string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	base := strings.TrimSuffix(filepath.Base(out), filepath.Ext(out))
	if name, ok := strings.CutPrefix(base, "recall_qps_"); ok && name != "" {
		return name, nil
	}
	var names []string
	for _, r := range results {
		if !slices.Contains(names, r.Dataset) {
			names = append(names, r.Dataset)
		}
	}
	if len(names) != 1 {
		return "", fmt.Errorf("say which dataset with -dataset (the results hold %q)", names)
	}
	return names[0], nil
}

// readResults parses one JSON object per non-blank line.
func readResults(r io.Reader) ([]result, error) {
	var results []result
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var res result
		if err := json.Unmarshal([]byte(text), &res); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if res.Impl == "" || res.Dataset == "" {
			return nil, fmt.Errorf("line %d: impl and dataset are required", line)
		}
		results = append(results, res)
	}
	return results, sc.Err()
}
