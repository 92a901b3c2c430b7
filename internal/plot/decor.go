package plot

// Drawing of everything but the data: grid, frame, ticks, labels, titles, legend.

func (c Chart) drawGrid(cv *canvas, l *layout) {
	for _, t := range l.x.ticks {
		if p, ok := l.point(t.v, l.y.lo); ok && p.X >= l.plot.Min.X && p.X < l.plot.Max.X {
			cv.vline(p.X, l.plot.Min.Y, l.plot.Max.Y-1, 1, gridGrey)
		}
	}
	for _, t := range l.y.ticks {
		if p, ok := l.point(l.x.lo, t.v); ok && p.Y >= l.plot.Min.Y && p.Y < l.plot.Max.Y {
			cv.hline(l.plot.Min.X, l.plot.Max.X-1, p.Y, 1, gridGrey)
		}
	}
}

// drawAxes draws the frame, ticks, labels and titles.
func (c Chart) drawAxes(cv *canvas, l *layout) {
	s, pr := l.scale, l.plot
	// Frame: black axes left and bottom, grey on the other two sides.
	cv.hline(pr.Min.X, pr.Max.X-1, pr.Min.Y-1, 1, frameGrey)
	cv.vline(pr.Max.X, pr.Min.Y, pr.Max.Y-1, 1, frameGrey)
	cv.vline(pr.Min.X-s, pr.Min.Y-1, pr.Max.Y-1+s, s, black)
	cv.hline(pr.Min.X-s, pr.Max.X, pr.Max.Y, s, black)

	c.drawTicks(cv, l)
	c.drawTitles(cv, l)
}

// drawTicks draws the tick marks and their labels on both axes.
func (c Chart) drawTicks(cv *canvas, l *layout) {
	s, pr, th := l.scale, l.plot, textHeight(l.scale)
	for _, t := range l.x.ticks {
		p, ok := l.point(t.v, l.y.lo)
		if !ok || p.X < pr.Min.X || p.X >= pr.Max.X {
			continue
		}
		cv.vline(p.X-(s-1)/2, pr.Max.Y, pr.Max.Y+s+l.tickLen-1, s, black)
		cv.drawText(p.X-textWidth(t.label, s)/2, pr.Max.Y+s+l.tickLen+l.pad, t.label, s, black)
	}
	for _, t := range l.y.ticks {
		p, ok := l.point(l.x.lo, t.v)
		if !ok || p.Y < pr.Min.Y || p.Y >= pr.Max.Y {
			continue
		}
		cv.hline(pr.Min.X-s-l.tickLen, pr.Min.X-1, p.Y-(s-1)/2, s, black)
		w := textWidth(t.label, s)
		cv.drawText(pr.Min.X-s-l.tickLen-l.pad-w, p.Y-th/2, t.label, s, black)
	}
}

// drawTitles draws the chart title and the two axis titles.
func (c Chart) drawTitles(cv *canvas, l *layout) {
	s, pr, th := l.scale, l.plot, textHeight(l.scale)
	if c.Title != "" {
		w := cv.img.Bounds().Dx()
		title := fitText(c.Title, w-2*l.pad, s)
		cv.drawText(w/2-textWidth(title, s)/2, l.pad, title, s, black)
	}
	if c.XLabel != "" {
		y := pr.Max.Y + s + l.tickLen + 2*l.pad + th
		label := fitText(c.XLabel, pr.Dx(), s)
		cv.drawText((pr.Min.X+pr.Max.X)/2-textWidth(label, s)/2, y, label, s, black)
	}
	if c.YLabel != "" {
		label := fitText(c.YLabel, pr.Dy(), s)
		y := (pr.Min.Y+pr.Max.Y)/2 + textWidth(label, s)/2
		cv.drawTextUp(l.pad, y, label, s, black)
	}
}

func (c Chart) drawLegend(cv *canvas, l *layout) {
	if l.legend.Empty() {
		return
	}
	b := l.legend
	cv.hline(b.Min.X, b.Max.X, b.Min.Y, 1, frameGrey)
	cv.hline(b.Min.X, b.Max.X, b.Max.Y, 1, frameGrey)
	cv.vline(b.Min.X, b.Min.Y, b.Max.Y, 1, frameGrey)
	cv.vline(b.Max.X, b.Min.Y, b.Max.Y, 1, frameGrey)
	row := 0
	for i, s := range c.Series {
		if s.Name == "" {
			continue
		}
		col, m := c.style(i)
		y := b.Min.Y + l.pad + row*l.rowH + l.rowH/2
		x0, x1 := b.Min.X+l.pad, b.Min.X+l.pad+6*l.markerR
		if !s.NoLine {
			cv.line(x0, y, x1, y, l.scale, col)
		}
		if m != MarkerNone {
			cv.drawMarker(m, (x0+x1)/2, y, l.markerR, l.scale, col)
		}
		cv.drawText(x1+l.pad, y-textHeight(l.scale)/2, l.names[i], l.scale, black)
		row++
	}
}
