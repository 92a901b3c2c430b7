package plot_test

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/corerec/corerec/internal/plot"
)

func ExampleChart_PNG() {
	c := plot.Chart{
		Title:  "training",
		XLabel: "epoch",
		YLabel: "loss",
		Series: []plot.Series{
			{Name: "train", X: []float64{1, 2, 3, 4}, Y: []float64{0.9, 0.6, 0.45, 0.4}},
			{Name: "validation", X: []float64{1, 2, 3, 4}, Y: []float64{0.95, 0.7, 0.6, 0.62}},
		},
	}
	var buf bytes.Buffer
	if err := c.PNG(&buf, 640, 400); err != nil {
		fmt.Println(err)
		return
	}
	img, err := png.Decode(&buf)
	fmt.Println(img.Bounds().Size(), err)
	// Output: (640,400) <nil>
}
