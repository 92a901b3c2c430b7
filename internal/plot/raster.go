package plot

import (
	"image"
	"image/color"
	"image/draw"
)

// canvas draws solid pixels onto an RGBA image, clipped to a rectangle.
type canvas struct {
	img  *image.RGBA
	clip image.Rectangle // pixels outside are never written
}

func newCanvas(width, height int, bg color.RGBA) *canvas {
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(img, img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	return &canvas{img: img, clip: img.Bounds()}
}

// withClip returns a canvas on the same image clipped to r (within the image).
func (cv *canvas) withClip(r image.Rectangle) *canvas {
	return &canvas{img: cv.img, clip: r.Intersect(cv.img.Bounds())}
}

func (cv *canvas) set(x, y int, c color.RGBA) {
	if image.Pt(x, y).In(cv.clip) {
		cv.img.SetRGBA(x, y, c)
	}
}

// fillRect fills r (clipped).
func (cv *canvas) fillRect(r image.Rectangle, c color.RGBA) {
	r = r.Intersect(cv.clip)
	if r.Empty() {
		return
	}
	draw.Draw(cv.img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// hline draws a horizontal run from x0 to x1 inclusive, t pixels thick downwards.
func (cv *canvas) hline(x0, x1, y, t int, c color.RGBA) {
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	cv.fillRect(image.Rect(x0, y, x1+1, y+t), c)
}

// vline draws a vertical run from y0 to y1 inclusive, t pixels thick rightwards.
func (cv *canvas) vline(x, y0, y1, t int, c color.RGBA) {
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	cv.fillRect(image.Rect(x, y0, x+t, y1+1), c)
}

// line draws a segment with a square brush t pixels wide (Bresenham's walk).
// Endpoints far outside the canvas are first pulled in so the walk stays short.
func (cv *canvas) line(x0, y0, x1, y1, t int, c color.RGBA) {
	if !clipSegment(&x0, &y0, &x1, &y1, cv.clip.Inset(-t-1)) {
		return
	}
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	off := (t - 1) / 2
	for {
		cv.fillRect(image.Rect(x0-off, y0-off, x0-off+t, y0-off+t), c)
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			x0 += sx
		}
		if e2 <= dx {
			e += dx
			y0 += sy
		}
	}
}

// clipSegment trims a segment to r (Liang–Barsky) and reports whether any of it is left.
func clipSegment(x0, y0, x1, y1 *int, r image.Rectangle) bool {
	fx0, fy0 := float64(*x0), float64(*y0)
	dx, dy := float64(*x1)-fx0, float64(*y1)-fy0
	t0, t1 := 0.0, 1.0
	edges := [4][2]float64{
		{-dx, fx0 - float64(r.Min.X)},
		{dx, float64(r.Max.X-1) - fx0},
		{-dy, fy0 - float64(r.Min.Y)},
		{dy, float64(r.Max.Y-1) - fy0},
	}
	for _, e := range edges {
		p, q := e[0], e[1]
		switch {
		case p == 0:
			if q < 0 {
				return false
			}
		case p < 0:
			t0 = max(t0, q/p)
		default:
			t1 = min(t1, q/p)
		}
	}
	if t0 > t1 {
		return false
	}
	*x0, *y0, *x1, *y1 = roundInt(fx0+t0*dx), roundInt(fy0+t0*dy), roundInt(fx0+t1*dx), roundInt(fy0+t1*dy)
	return true
}

func roundInt(v float64) int {
	if v < 0 {
		return -int(-v + 0.5)
	}
	return int(v + 0.5)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) int {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}

// square is the s×s rectangle with top-left corner (x, y).
func square(x, y, s int) image.Rectangle { return image.Rect(x, y, x+s, y+s) }
