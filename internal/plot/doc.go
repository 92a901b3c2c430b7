// Package plot draws line and scatter charts as PNG images with nothing but
// the standard library's image packages.
//
// A [Chart] holds a title, axis titles, linear or logarithmic axes and any
// number of [Series]; [Chart.PNG] renders it: axes with ticks and numeric
// labels ("0.95", "20k"), a light grid, one colour and marker shape per
// series, and a legend to the right of the plot. Text uses a built-in 5×7
// bitmap font (printable ASCII; other characters print as '?'), scaled with
// the image size, so charts look the same on every machine and need no font
// files.
//
// It serves the ANN benchmark's recall/QPS charts (cmd/recallqps) and the
// trainer's curves (loss and validation metric per epoch):
//
//	c := plot.Chart{Title: "training", XLabel: "epoch", YLabel: "loss"}
//	c.Series = append(c.Series, plot.Series{Name: "train", X: epochs, Y: losses})
//	err := c.PNG(w, 800, 500)
//
// Bad data never panics: points with NaN or infinite coordinates (or ≤ 0 on a
// log axis) are skipped and break the line; empty and single-point series
// draw an axis range around what there is; sizes out of range and series
// whose X and Y lengths differ are errors ([ErrSize], [ErrSeriesLength]).
//
// # Concurrency
//
// A Chart is a plain value: rendering reads it and writes only its own new
// image, so any number of goroutines may render charts, even the same one, at
// once, as long as none modifies a Chart (or its slices) being rendered.
package plot
