// Package progress draws a one-line progress bar for long jobs (training epochs, batch recommendation).
//
// On a terminal the line redraws in place; elsewhere (logs, CI) it prints a full line at most every
// Interval and at the end, so captured output stays short.
//
// # Concurrency
//
// A Bar is safe for concurrent Add calls; Set and Done must come from one goroutine.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Bar tracks progress of Total units of work.
type Bar struct {
	w        io.Writer
	label    string
	unit     string
	total    int64
	done     atomic.Int64
	start    time.Time
	tty      bool
	interval time.Duration

	mu     sync.Mutex // guards last, fields and the writer
	last   time.Time
	fields string
}

// New returns a bar writing to w (nil disables it). unit names the work ("ex" for examples) in the rate.
func New(w io.Writer, label string, total int64, unit string) *Bar {
	b := &Bar{w: w, label: label, unit: unit, total: total, start: time.Now(), interval: 2 * time.Second}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			b.tty, b.interval = true, 100*time.Millisecond
		}
	}
	return b
}

// Add records n more units done and redraws when due.
func (b *Bar) Add(n int64) {
	if b == nil || b.w == nil {
		return
	}
	b.done.Add(n)
	b.mu.Lock()
	defer b.mu.Unlock()
	if time.Since(b.last) >= b.interval {
		b.draw(false)
	}
}

// Set replaces the trailing key=value fields shown after the rate (for example "loss=0.31").
func (b *Bar) Set(fields string) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.fields = fields
	b.mu.Unlock()
}

// Done draws the final state and ends the line.
func (b *Bar) Done() {
	if b == nil || b.w == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.draw(true)
}

func (b *Bar) draw(final bool) {
	b.last = time.Now()
	done := b.done.Load()
	el := time.Since(b.start).Seconds()
	frac := 0.0
	if b.total > 0 {
		frac = min(1, float64(done)/float64(b.total))
	}
	const width = 24
	fill := int(frac * width)
	bar := strings.Repeat("=", fill) + strings.Repeat(" ", width-fill)
	rate := 0.0
	if el > 0 {
		rate = float64(done) / el
	}
	eta := ""
	if !final && rate > 0 && b.total > done {
		eta = " eta " + (time.Duration(float64(b.total-done)/rate) * time.Second).Round(time.Second).String()
	}
	line := fmt.Sprintf("%s [%s] %3.0f%% %s %s/s%s %s", b.label, bar, 100*frac, human(float64(done)), human(rate)+" "+b.unit, eta, b.fields)
	switch {
	case b.tty && final:
		fmt.Fprintf(b.w, "\r\033[K%s\n", line)
	case b.tty:
		fmt.Fprintf(b.w, "\r\033[K%s", line)
	default:
		fmt.Fprintln(b.w, line)
	}
}

func human(v float64) string {
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.2fG", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1fK", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}
