package twotower

import (
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"

	"github.com/corerec/corerec/internal/plot"
)

// Curve sizes in pixels: two charts (loss, validation NDCG@10) stacked in one image.
const (
	curveWidth  = 800
	curveHeight = 400
)

// Charts returns the training curves of a run: the mean training loss per epoch and the validation
// NDCG@10 of the evaluated epochs.
func Charts(epochs []Epoch) (loss, ndcg plot.Chart) {
	var ex, ey, vx, vy []float64
	for _, e := range epochs {
		ex, ey = append(ex, float64(e.Epoch)), append(ey, e.Loss)
		if e.Evaluated {
			vx, vy = append(vx, float64(e.Epoch)), append(vy, e.NDCG10)
		}
	}
	loss = plot.Chart{Title: "training loss", XLabel: "epoch", YLabel: "loss",
		Series: []plot.Series{{Name: "train", X: ex, Y: ey}}}
	ndcg = plot.Chart{Title: "validation NDCG@10 (full ranking)", XLabel: "epoch", YLabel: "NDCG@10",
		Series: []plot.Series{{Name: "validation", X: vx, Y: vy}}}
	return loss, ndcg
}

// WriteCurve writes the training curves of a run (Charts) as one PNG, the loss above the validation
// NDCG@10 (left out when no epoch was evaluated).
func WriteCurve(w io.Writer, epochs []Epoch) error {
	loss, ndcg := Charts(epochs)
	charts := []plot.Chart{loss}
	if len(ndcg.Series[0].X) > 0 {
		charts = append(charts, ndcg)
	}
	out := image.NewRGBA(image.Rect(0, 0, curveWidth, len(charts)*curveHeight))
	for k, c := range charts {
		img, err := c.Image(curveWidth, curveHeight)
		if err != nil {
			return fmt.Errorf("twotower: curve: %w", err)
		}
		draw.Draw(out, image.Rect(0, k*curveHeight, curveWidth, (k+1)*curveHeight), img, image.Point{}, draw.Src)
	}
	if err := png.Encode(w, out); err != nil {
		return fmt.Errorf("twotower: curve: %w", err)
	}
	return nil
}
