// Command epochs times full LightGCN training epochs of train/lightgcn on an interaction file, for the
// side-by-side with PyTorch in bench/lightgcn/speed.sh: one line per epoch with the CPU seconds (user+system
// of the process, all threads) and wall seconds it took.
//
//	go run ./bench/lightgcn/epochs --data ../shared/data/gowalla/train.txt --epochs 2 --threads 1
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/internal/cputime"
	"github.com/corerec/corerec/train/lightgcn"
)

func main() {
	data := flag.String("data", "", "interaction file (sequences format: user item item ...)")
	epochs := flag.Int("epochs", 2, "epochs to time")
	threads := flag.Int("threads", 1, "GOMAXPROCS and trainer workers")
	batch := flag.Int("batch", 2048, "triples per step")
	dim := flag.Int("dim", 64, "embedding dimension")
	layers := flag.Int("layers", 3, "propagation layers")
	flag.Parse()
	if err := run(*data, *epochs, *threads, lightgcn.Config{Dim: *dim, Layers: *layers, BatchSize: *batch,
		Workers: *threads, LearningRate: 1e-3, Reg: 1e-4, Seed: 1}); err != nil {
		fmt.Fprintln(os.Stderr, "epochs:", err)
		os.Exit(1)
	}
}

func run(path string, epochs, threads int, cfg lightgcn.Config) error {
	runtime.GOMAXPROCS(threads)
	ds, err := dataset.Load(path, dataset.LoadOptions{Format: dataset.FormatSequences})
	if err != nil {
		return err
	}
	in := lightgcn.Input{NumUsers: ds.Users.Len(), NumItems: ds.Items.Len(), Train: ds.Sequences()}
	fmt.Printf("go %s: %d users, %d items, threads=%d batch=%d dim=%d layers=%d\n", runtime.Version(),
		in.NumUsers, in.NumItems, threads, cfg.BatchSize, cfg.Dim, cfg.Layers)
	for ep := 1; ep <= epochs; ep++ {
		// One epoch per Train call from the same seed would repeat epoch 1; train ep epochs and time the last
		// by differences instead would double the cost. Epoch 1's cost is every epoch's cost (the work per
		// step does not depend on the weights), so each line is one fresh one-epoch run, its setup included.
		c0, w0 := cputime.Seconds(), time.Now()
		_, hist, err := lightgcn.Train(context.Background(), in, withSeed(cfg, int64(ep)))
		if err != nil {
			return err
		}
		cpu, wall := cputime.Seconds()-c0, time.Since(w0).Seconds()
		fmt.Printf("go      threads=%d epoch=%d loss=%.4f cpu_s=%.1f wall_s=%.1f cpu_s_per_epoch=%.1f wall_s_per_epoch=%.1f\n",
			threads, ep, hist[0].Loss, cpu, wall, cpu, wall)
	}
	return nil
}

func withSeed(c lightgcn.Config, seed int64) lightgcn.Config {
	c.Seed, c.Epochs = seed, 1
	return c
}
