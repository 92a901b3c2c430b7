package plot

import "image"

// layout is where each part of a chart goes, in pixels.
type layout struct {
	scale   int             // font pixel size and line width
	pad     int             // general spacing
	tickLen int             // length of a tick mark outside the frame
	markerR int             // marker radius
	plot    image.Rectangle // the data area inside the frame
	x, y    axis
	legend  image.Rectangle // legend box; empty: no legend
	names   []string        // legend names by series index, cut to fit
	rows    int             // named series: legend rows
	rowH    int             // legend row height
}

// layout measures text and places the title, axes, plot area and legend.
func (c Chart) layout(width, height int) *layout {
	s := min(max(min(width/400, height/300), 1), 4)
	l := &layout{scale: s, pad: 4 * s, tickLen: 3 * s, markerR: 3 * s}
	th := textHeight(s)

	top := l.pad + th/2
	if c.Title != "" {
		top += th + 2*l.pad
	}
	bottom := l.tickLen + 3*l.pad + th
	if c.XLabel != "" {
		bottom += th + l.pad
	}
	plotH := height - top - bottom
	l.y = newAxis(c.values(func(s Series) []float64 { return s.Y }), c.LogY, plotH/(3*th))

	left := l.pad + l.tickLen + l.pad + maxLabelWidth(l.y, s)
	if c.YLabel != "" {
		left += th + 2*l.pad
	}
	right := l.pad + textWidth("00000", s)/2
	legendW := c.legendWidth(l, width/3)
	right = max(right, legendW+2*l.pad)
	plotW := width - left - right
	l.x = fitAxis(c.values(func(s Series) []float64 { return s.X }), c.LogX, plotW, s)

	l.plot = image.Rect(left, top, max(left+1, width-right), max(top+1, height-bottom))
	if legendW > 0 {
		l.legend = image.Rect(l.plot.Max.X+2*l.pad, l.plot.Min.Y,
			l.plot.Max.X+2*l.pad+legendW, l.plot.Min.Y+l.rows*l.rowH+2*l.pad)
	}
	return l
}

func (c Chart) values(pick func(Series) []float64) [][]float64 {
	vals := make([][]float64, len(c.Series))
	for i, s := range c.Series {
		vals[i] = pick(s)
	}
	return vals
}

// fitAxis picks the most x ticks whose labels fit along length pixels with
// at least two characters between neighbours.
func fitAxis(vals [][]float64, log bool, length, scale int) axis {
	gap := 2 * glyphAdv * scale
	for n := max(length/(3*glyphAdv*scale), 2); ; n-- {
		a := newAxis(vals, log, n)
		if n <= 2 || len(a.ticks)*(maxLabelWidth(a, scale)+gap) <= length {
			return a
		}
	}
}

func maxLabelWidth(a axis, scale int) int {
	w := 0
	for _, t := range a.ticks {
		w = max(w, textWidth(t.label, scale))
	}
	return w
}

// legendWidth fills l.names (cut to fit within maxW) and returns the legend
// box width, 0 when no series has a name.
func (c Chart) legendWidth(l *layout, maxW int) int {
	for _, s := range c.Series {
		if s.Name != "" {
			l.rows++
		}
	}
	if l.rows == 0 {
		return 0
	}
	l.rowH = textHeight(l.scale) + 2*l.pad
	sample := 6*l.markerR + l.pad // line sample with a marker, then a gap
	avail := maxW - sample - 2*l.pad
	w := 0
	l.names = make([]string, 0, len(c.Series))
	for _, s := range c.Series {
		name := fitText(s.Name, avail, l.scale)
		l.names = append(l.names, name)
		w = max(w, textWidth(name, l.scale))
	}
	return sample + w + 2*l.pad
}

// fitText cuts s, ending it with "..", until it is at most w pixels wide.
func fitText(s string, w, scale int) string {
	if textWidth(s, scale) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && textWidth(string(r)+"..", scale) > w {
		r = r[:len(r)-1]
	}
	return string(r) + ".."
}
