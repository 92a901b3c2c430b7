package plot

import (
	"image"
	"image/color"
)

// Marker is the shape drawn at each point of a series.
type Marker int

// The markers. MarkerAuto, the zero value, picks one by the series' position
// in the chart so that neighbouring series differ in shape as well as colour.
const (
	MarkerAuto Marker = iota
	MarkerNone
	MarkerCircle
	MarkerSquare
	MarkerTriangle
	MarkerDiamond
	MarkerTriangleDown
	MarkerCross
	MarkerPlus
	markerEnd // one past the last valid marker
)

// autoMarkers is the cycle MarkerAuto draws from.
var autoMarkers = [...]Marker{
	MarkerCircle, MarkerSquare, MarkerTriangle, MarkerDiamond,
	MarkerTriangleDown, MarkerCross, MarkerPlus,
}

// resolve turns MarkerAuto (or an unknown value) into a shape for series i.
func (m Marker) resolve(i int) Marker {
	if m > MarkerAuto && m < markerEnd {
		return m
	}
	return autoMarkers[i%len(autoMarkers)]
}

// palette is the cycle of default series colours: saturated, distinct hues
// that stay apart on white and from the grey grid.
var palette = [...]color.RGBA{
	{0, 90, 181, 255},   // blue
	{220, 50, 32, 255},  // red
	{0, 150, 60, 255},   // green
	{230, 140, 0, 255},  // orange
	{130, 50, 170, 255}, // purple
	{0, 170, 190, 255},  // cyan
	{150, 90, 40, 255},  // brown
	{225, 60, 160, 255}, // pink
	{90, 90, 90, 255},   // dark grey
	{150, 160, 0, 255},  // olive
}

// DefaultColor is the colour given to the i-th series (from 0) whose Color is
// left zero. Colours repeat after ten series; markers then still differ.
func DefaultColor(i int) color.RGBA {
	return palette[abs(i)%len(palette)]
}

// drawMarker draws shape m centred on (x, y) with radius r and stroke t.
func (cv *canvas) drawMarker(m Marker, x, y, r, t int, c color.RGBA) {
	switch m {
	case MarkerCircle:
		cv.fillShape(x, y, r, c, func(dx, dy int) bool { return dx*dx+dy*dy <= r*r+r/2 })
	case MarkerSquare:
		r = r * 7 / 8
		cv.fillRect(image.Rect(x-r, y-r, x+r+1, y+r+1), c)
	case MarkerTriangle:
		cv.fillShape(x, y, r, c, func(dx, dy int) bool { return 2*abs(dx) <= dy+r })
	case MarkerTriangleDown:
		cv.fillShape(x, y, r, c, func(dx, dy int) bool { return 2*abs(dx) <= r-dy })
	case MarkerDiamond:
		cv.fillShape(x, y, r, c, func(dx, dy int) bool { return abs(dx)+abs(dy) <= r })
	case MarkerCross:
		cv.line(x-r, y-r, x+r, y+r, t+1, c)
		cv.line(x-r, y+r, x+r, y-r, t+1, c)
	case MarkerPlus:
		cv.line(x-r, y, x+r, y, t+1, c)
		cv.line(x, y-r, x, y+r, t+1, c)
	}
}

// fillShape sets the pixels within r of (x, y) for which inside(dx, dy) holds.
func (cv *canvas) fillShape(x, y, r int, c color.RGBA, inside func(dx, dy int) bool) {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			if inside(dx, dy) {
				cv.set(x+dx, y+dy, c)
			}
		}
	}
}
