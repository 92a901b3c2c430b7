package plot

import (
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"math"
)

// Epoch is one epoch of a training run, as its training curve shows it.
type Epoch struct {
	Epoch     int
	Loss      float64 // mean training loss over the epoch
	NDCG10    float64 // validation NDCG@10, when Evaluated
	Evaluated bool
	LR        float64 // the learning rate the epoch trained with; 0 when not known
	// Seconds and CPUSeconds are the epoch's wall and CPU time (0 when not known). They are not drawn;
	// `pack curve` reports their sums.
	Seconds, CPUSeconds float64
	// Tested marks an epoch scored on the test set for the record (LightGCN's --test-every); TestRecall20 and
	// TestNDCG20 are then its scores.
	Tested                   bool
	TestRecall20, TestNDCG20 float64
}

// Size of each chart of a training curve, in pixels; the charts are stacked vertically.
const (
	CurveWidth       = 800
	CurveChartHeight = 400
)

// TrainingCharts returns the charts of a training run: the mean training loss per epoch, the validation
// NDCG@10 of the evaluated epochs and the learning rate per epoch (a series with no points when no epoch
// was evaluated, or when the learning rate is not known or never changed).
func TrainingCharts(epochs []Epoch) (loss, ndcg, lr Chart) {
	var ex, ey, vx, vy, lx, ly []float64
	varies := false
	for _, e := range epochs {
		x := float64(e.Epoch)
		ex, ey = append(ex, x), append(ey, e.Loss)
		if e.Evaluated {
			vx, vy = append(vx, x), append(vy, e.NDCG10)
		}
		if e.LR > 0 {
			varies = varies || (len(ly) > 0 && ly[0] != e.LR)
			lx, ly = append(lx, x), append(ly, e.LR)
		}
	}
	if !varies {
		lx, ly = nil, nil
	}
	loss = Chart{Title: "training loss", XLabel: "epoch", YLabel: "loss",
		Series: []Series{{Name: "train", X: ex, Y: ey, Marker: markers(len(ex))}}}
	if wideRange(ey) { // a long run's tail would be a flat line at the bottom of a linear axis
		loss.Title, loss.LogY = "training loss (log scale)", true
	}
	ndcg = Chart{Title: "validation NDCG@10 (full ranking)", XLabel: "epoch", YLabel: "NDCG@10",
		Series: []Series{{Name: "validation", X: vx, Y: vy, Marker: markers(len(vx))}}}
	lr = Chart{Title: "learning rate", XLabel: "epoch", YLabel: "learning rate", LogY: true,
		Series: []Series{{Name: "lr", X: lx, Y: ly, Marker: MarkerNone}}}
	return loss, ndcg, lr
}

// TestChart returns the test curve of a run: Recall@20 and NDCG@20 of the epochs scored on the test set (a
// chart with no points when none was).
func TestChart(epochs []Epoch) Chart {
	var x, r, n []float64
	for _, e := range epochs {
		if e.Tested {
			x, r, n = append(x, float64(e.Epoch)), append(r, e.TestRecall20), append(n, e.TestNDCG20)
		}
	}
	return Chart{Title: "test (recorded, not used in training; full ranking)", XLabel: "epoch", YLabel: "@20",
		Series: []Series{{Name: "Recall@20", X: x, Y: r, Marker: markers(len(x))}, {Name: "NDCG@20", X: x, Y: n, Marker: markers(len(x))}}}
}

// wideRange reports whether positive values span a factor of 20 or more (and none is ≤ 0), the range where
// a logarithmic axis shows the later values better than a linear one.
func wideRange(v []float64) bool {
	lo, hi := math.Inf(1), 0.0
	for _, x := range v {
		if !(x > 0) || math.IsInf(x, 1) {
			return false
		}
		lo, hi = min(lo, x), max(hi, x)
	}
	return len(v) > 1 && hi >= 20*lo
}

// markers marks each point of a series of n points, or none when they are too many to tell apart (a long
// run's line alone).
func markers(n int) Marker {
	if n > 60 {
		return MarkerNone
	}
	return MarkerAuto
}

// WriteTrainingCurve writes the training curve of a run as one PNG, CurveWidth wide: the loss chart, under
// it the validation NDCG@10 chart when an epoch was evaluated, and the learning rate when it changed
// (TrainingCharts), each CurveChartHeight high.
func WriteTrainingCurve(w io.Writer, epochs []Epoch) error {
	loss, ndcg, lr := TrainingCharts(epochs)
	return WriteStacked(w, loss, ndcg, lr)
}

// WriteStacked writes charts as one PNG, CurveWidth wide, stacked top to bottom, each CurveChartHeight
// high; a chart whose first series has no points is left out (the first chart is always drawn).
func WriteStacked(w io.Writer, charts ...Chart) error {
	if len(charts) == 0 {
		return fmt.Errorf("plot: no charts to draw")
	}
	keep := charts[:1]
	for _, c := range charts[1:] {
		if len(c.Series) > 0 && len(c.Series[0].X) > 0 {
			keep = append(keep, c)
		}
	}
	out := image.NewRGBA(image.Rect(0, 0, CurveWidth, len(keep)*CurveChartHeight))
	for k, c := range keep {
		img, err := c.Image(CurveWidth, CurveChartHeight)
		if err != nil {
			return fmt.Errorf("plot: training curve: %w", err)
		}
		draw.Draw(out, image.Rect(0, k*CurveChartHeight, CurveWidth, (k+1)*CurveChartHeight), img, image.Point{}, draw.Src)
	}
	if err := png.Encode(w, out); err != nil {
		return fmt.Errorf("plot: training curve: %w", err)
	}
	return nil
}
