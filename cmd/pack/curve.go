package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/corerec/corerec/internal/plot"
	"github.com/corerec/corerec/train/lightgcn"
	"github.com/corerec/corerec/train/seq"
)

// runCurve draws the training curve of a run from its checkpoint: a long run (--checkpoint) can be
// watched while it trains, or plotted after it ended, with no --curve given at its start.
func runCurve(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("curve", "curve CHECKPOINT --out PNG", stderr)
	out := fs.String("out", "", "PNG to write (required)")
	path, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if path == "" || *out == "" {
		return usagef("want a checkpoint file and --out PNG")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	epochs, kind, err := checkpointCurve(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := writeCurve(*out, epochs); err != nil {
		return err
	}
	best := plot.Epoch{}
	for _, e := range epochs {
		if e.Evaluated && (best.Epoch == 0 || e.NDCG10 > best.NDCG10) {
			best = e
		}
	}
	fmt.Fprintf(stdout, "wrote %s (%s, %d epochs", *out, kind, len(epochs))
	if best.Epoch > 0 {
		fmt.Fprintf(stdout, ", best validation ndcg@10 %.4f at epoch %d", best.NDCG10, best.Epoch)
	}
	fmt.Fprintln(stdout, ")")
	if line := testCurveSummary(epochs); line != "" {
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintln(stdout, runTime(epochs))
	return nil
}

// runTime sums a run's epoch times: the wall time of every epoch, and the CPU time of the epochs that
// recorded one (checkpoints written before CPU time was recorded have none for their early epochs).
func runTime(epochs []plot.Epoch) string {
	var wall, cpu, cpuWall float64
	withCPU := 0
	for _, e := range epochs {
		wall += e.Seconds
		if e.CPUSeconds > 0 {
			cpu, cpuWall = cpu+e.CPUSeconds, cpuWall+e.Seconds
			withCPU++
		}
	}
	s := fmt.Sprintf("training time: %.0f s wall over %d epochs", wall, len(epochs))
	if withCPU > 0 {
		s += fmt.Sprintf("; CPU time recorded for %d of them: %.0f s CPU over their %.0f s wall", withCPU, cpu, cpuWall)
	}
	return s
}

// checkpointCurve reads the epoch history of a SASRec/BERT4Rec or LightGCN checkpoint, chosen by its magic.
func checkpointCurve(raw []byte) ([]plot.Epoch, string, error) {
	switch {
	case bytes.HasPrefix(raw, []byte(seq.CheckpointMagic)):
		epochs, err := seq.CheckpointEpochs(raw)
		if err != nil {
			return nil, "", err
		}
		return seqCurve(epochs), "sasrec/bert4rec", nil
	case bytes.HasPrefix(raw, []byte(lightgcn.CheckpointMagic)):
		epochs, err := lightgcn.CheckpointEpochs(raw)
		if err != nil {
			return nil, "", err
		}
		return lgCurve(epochs), "lightgcn", nil
	}
	return nil, "", fmt.Errorf("not a training checkpoint (pack train --checkpoint writes one for sasrec, bert4rec and lightgcn)")
}
