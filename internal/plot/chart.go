package plot

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
)

// Image size limits accepted by [Chart.Image] and [Chart.PNG], in pixels.
const (
	MinWidth  = 160
	MinHeight = 120
	MaxSide   = 8192
)

// Chart is a line or scatter chart of one or more series on shared axes.
// The zero value renders an empty frame with a unit range.
type Chart struct {
	Title  string // drawn centred above the plot; empty: none
	XLabel string // axis title under the x axis; empty: none
	YLabel string // axis title left of the y axis, reading upwards; empty: none
	LogX   bool   // logarithmic x axis; values ≤ 0 are then left out
	LogY   bool   // logarithmic y axis; values ≤ 0 are then left out
	Series []Series
}

// Series is one named set of points. Points are drawn in the given order;
// a point with a NaN or infinite coordinate (or one ≤ 0 on a log axis) is
// skipped and breaks the connecting line there.
type Series struct {
	Name   string     // legend entry; empty: the series is not in the legend
	X, Y   []float64  // coordinates; must have equal lengths
	Color  color.RGBA // zero (alpha 0): DefaultColor(index in Chart.Series)
	Marker Marker     // MarkerAuto: a shape chosen by index; MarkerNone: no markers
	NoLine bool       // true: markers only (a scatter plot); default: connect points
}

var (
	white     = color.RGBA{255, 255, 255, 255}
	black     = color.RGBA{0, 0, 0, 255}
	gridGrey  = color.RGBA{228, 228, 228, 255}
	frameGrey = color.RGBA{160, 160, 160, 255}
)

// PNG renders the chart at width×height pixels and writes it to w as PNG.
func (c Chart) PNG(w io.Writer, width, height int) error {
	img, err := c.Image(width, height)
	if err != nil {
		return err
	}
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("plot: encode png: %w", err)
	}
	return nil
}

// Image renders the chart at width×height pixels. Text, lines and markers
// scale with the image: each font pixel is min(width/400, height/300) screen
// pixels wide (1 below 800×600, 2 from there to 1200×900, at most 4).
func (c Chart) Image(width, height int) (*image.RGBA, error) {
	if width < MinWidth || height < MinHeight || width > MaxSide || height > MaxSide {
		return nil, fmt.Errorf("%w: %d×%d (want %d…%d × %d…%d)",
			ErrSize, width, height, MinWidth, MaxSide, MinHeight, MaxSide)
	}
	for i, s := range c.Series {
		if len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("%w: series %d (%q): %d x, %d y",
				ErrSeriesLength, i, s.Name, len(s.X), len(s.Y))
		}
	}
	l := c.layout(width, height)
	cv := newCanvas(width, height, white)
	c.drawGrid(cv, l)
	c.drawSeries(cv.withClip(l.plot.Inset(-l.markerR)), l)
	c.drawAxes(cv, l)
	c.drawLegend(cv, l)
	return cv.img, nil
}

// point is the pixel position of value (x, y), or false when it has none.
func (l *layout) point(x, y float64) (image.Point, bool) {
	fx, okx := l.x.frac(x)
	fy, oky := l.y.frac(y)
	if !okx || !oky {
		return image.Point{}, false
	}
	px := l.plot.Min.X + roundInt(fx*float64(l.plot.Dx()-1))
	py := l.plot.Max.Y - 1 - roundInt(fy*float64(l.plot.Dy()-1))
	return image.Pt(px, py), true
}

// style resolves series i's colour and marker.
func (c Chart) style(i int) (color.RGBA, Marker) {
	s := c.Series[i]
	col := s.Color
	if col.A == 0 {
		col = DefaultColor(i)
	}
	return col, s.Marker.resolve(i)
}

func (c Chart) drawSeries(cv *canvas, l *layout) {
	for i, s := range c.Series {
		col, m := c.style(i)
		var prev image.Point
		havePrev := false
		for j := range s.X {
			p, ok := l.point(s.X[j], s.Y[j])
			if ok && havePrev && !s.NoLine {
				cv.line(prev.X, prev.Y, p.X, p.Y, l.scale, col)
			}
			prev, havePrev = p, ok
		}
		if m == MarkerNone {
			continue
		}
		for j := range s.X {
			if p, ok := l.point(s.X[j], s.Y[j]); ok {
				cv.drawMarker(m, p.X, p.Y, l.markerR, l.scale, col)
			}
		}
	}
}
