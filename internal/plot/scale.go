package plot

import (
	"math"
	"strconv"
)

// Every data value used for scaling is clamped to ±limit (linear axes) or to
// [1/logLimit, logLimit] (log axes), so spans, steps and padded bounds stay
// finite and non-zero.
const (
	limit    = 1e300
	logLimit = 1e250
)

// clamp bounds v for an axis of this kind.
func clamp(v float64, log bool) float64 {
	if log {
		return min(max(v, 1/logLimit), logLimit)
	}
	return min(max(v, -limit), limit)
}

// axis maps data values on one dimension to [0, 1] and holds its ticks.
type axis struct {
	log    bool
	lo, hi float64 // bounds in data units (positive when log)
	ticks  []tick
}

type tick struct {
	v     float64
	label string
}

// usable reports whether v can be placed on an axis of this kind.
func usable(v float64, log bool) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && (!log || v > 0)
}

// dataRange is the smallest and largest usable value of vals, clamped to ±limit.
func dataRange(vals [][]float64, log bool) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, vs := range vals {
		for _, v := range vs {
			if usable(v, log) {
				v = clamp(v, log)
				lo, hi, ok = min(lo, v), max(hi, v), true
			}
		}
	}
	return lo, hi, ok
}

// newAxis chooses bounds and about maxTicks ticks for the values in vals.
func newAxis(vals [][]float64, log bool, maxTicks int) axis {
	maxTicks = max(maxTicks, 2)
	lo, hi, ok := dataRange(vals, log)
	if log {
		return newLogAxis(lo, hi, ok, maxTicks)
	}
	return newLinearAxis(lo, hi, ok, maxTicks)
}

func newLinearAxis(lo, hi float64, ok bool, maxTicks int) axis {
	switch {
	case !ok:
		lo, hi = 0, 1
	case lo == hi && lo == 0:
		lo, hi = -1, 1
	case lo == hi:
		d := math.Abs(lo) * 0.1
		lo, hi = lo-d, hi+d
	}
	step := niceStep((hi - lo) / float64(maxTicks-1))
	klo, khi := math.Floor(lo/step), math.Ceil(hi/step)
	a := axis{}
	for k := klo; k <= khi && len(a.ticks) <= maxTicks+2; k++ {
		v := k * step
		a.ticks = append(a.ticks, tick{v: v, label: formatNum(v, step)})
	}
	nlo, nhi := klo*step, khi*step
	pad := (nhi - nlo) * 0.03
	a.lo, a.hi = nlo-pad, nhi+pad
	return a
}

// niceStep rounds raw up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / p; {
	case f <= 1:
		return p
	case f <= 2:
		return 2 * p
	case f <= 5:
		return 5 * p
	}
	return 10 * p
}

func newLogAxis(lo, hi float64, ok bool, maxTicks int) axis {
	switch {
	case !ok:
		lo, hi = 1, 10
	case lo == hi:
		lo, hi = lo/2, hi*2
	}
	llo, lhi := math.Log10(lo), math.Log10(hi)
	pad := (lhi - llo) * 0.04
	a := axis{log: true, lo: math.Pow(10, llo-pad), hi: math.Pow(10, lhi+pad)}
	// The coarsest mantissa set giving four ticks or more, else the finest that
	// fits; every k-th power of ten when even the powers alone are too many.
	var fits []tick
	for _, mant := range [][]float64{{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}} {
		ticks := logTicks(a.lo, a.hi, mant, 1)
		if len(ticks) > maxTicks {
			break
		}
		if len(ticks) >= 4 {
			a.ticks = ticks
			return a
		}
		if len(ticks) >= 2 {
			fits = ticks
		}
	}
	if fits != nil {
		a.ticks = fits
		return a
	}
	decades := math.Ceil((lhi - llo + 2*pad) / float64(maxTicks-1))
	if decades > 1 {
		a.ticks = logTicks(a.lo, a.hi, []float64{1}, int(decades))
		return a
	}
	// Less than about a factor of two: plain linear ticks inside the bounds.
	lin := newLinearAxis(a.lo, a.hi, true, maxTicks)
	for _, t := range lin.ticks {
		if t.v >= a.lo && t.v <= a.hi {
			a.ticks = append(a.ticks, t)
		}
	}
	return a
}

// logTicks lists m·10^e within [lo, hi] for each mantissa m and every
// every-th exponent e.
func logTicks(lo, hi float64, mant []float64, every int) []tick {
	var ticks []tick
	if !(lo > 0) || math.IsInf(hi, 0) || every < 1 {
		return nil
	}
	elo, ehi := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	for e := elo - (elo % every); e <= ehi; e += every {
		p := math.Pow(10, float64(e))
		for _, m := range mant {
			if v := m * p; v >= lo && v <= hi {
				ticks = append(ticks, tick{v: v, label: formatNum(v, p)})
			}
		}
	}
	return ticks
}

// frac is the position of v between the axis bounds (0 at lo, 1 at hi);
// ok is false for values the axis cannot show.
func (a axis) frac(v float64) (f float64, ok bool) {
	if !usable(v, a.log) {
		return 0, false
	}
	v = clamp(v, a.log)
	if a.log {
		f = (math.Log10(v) - math.Log10(a.lo)) / (math.Log10(a.hi) - math.Log10(a.lo))
	} else {
		f = (v - a.lo) / (a.hi - a.lo)
	}
	if math.IsNaN(f) {
		return 0, false
	}
	return min(max(f, -4), 5), true
}

// formatNum writes v with as many decimals as a grid of spacing step needs,
// using k, M, G and T for large values ("12.5k") and exponents for tiny ones.
func formatNum(v, step float64) string {
	av := math.Abs(v)
	switch {
	case v == 0:
		return "0"
	case av >= 1e15 || av < 1e-4:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	unit, suffix := 1.0, ""
	for _, u := range []struct {
		f float64
		s string
	}{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if av >= 10*u.f || (av >= u.f && u.f >= 1e6) {
			unit, suffix = u.f, u.s
			break
		}
	}
	return strconv.FormatFloat(v/unit, 'f', decimals(step/unit), 64) + suffix
}

// decimals is how many decimals write multiples of step exactly (at most 8).
func decimals(step float64) int {
	step = math.Abs(step)
	for d := 0; d < 8; d++ {
		scaled := step * math.Pow(10, float64(d))
		if math.Abs(scaled-math.Round(scaled)) <= 1e-6*scaled {
			return d
		}
	}
	return 8
}
