package plot

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNiceStep(t *testing.T) {
	cases := []struct{ raw, want float64 }{
		{0.07, 0.1}, {0.1, 0.1}, {0.11, 0.2}, {0.3, 0.5}, {0.6, 1}, {1, 1},
		{1.5, 2}, {4, 5}, {7, 10}, {2500, 5000}, {0, 1}, {-3, 1}, {math.NaN(), 1}, {math.Inf(1), 1},
	}
	for _, tc := range cases {
		require.InDelta(t, tc.want, niceStep(tc.raw), tc.want*1e-12, "niceStep(%v)", tc.raw)
	}
}

func TestFormatNum(t *testing.T) {
	cases := []struct {
		v, step float64
		want    string
	}{
		{0, 1, "0"},
		{0.95, 0.05, "0.95"},
		{0.9, 0.1, "0.9"},
		{1, 0.02, "1.00"},
		{3, 1, "3"},
		{5000, 1000, "5000"},
		{10000, 1000, "10k"},
		{12500, 2500, "12.5k"},
		{-20000, 10000, "-20k"},
		{2e6, 1e6, "2M"},
		{1.5e9, 5e8, "1.5G"},
		{3e12, 1e12, "3T"},
		{2e-5, 1e-5, "2e-05"},
		{1e20, 1e20, "1e+20"},
	}
	for _, tc := range cases {
		require.Equal(t, tc.want, formatNum(tc.v, tc.step), "formatNum(%v, %v)", tc.v, tc.step)
	}
}

func TestLinearAxisCoversData(t *testing.T) {
	cases := [][]float64{
		{0.81, 0.999}, {-3, 7}, {5, 5}, {0}, {1e-9, 2e-9}, {-1e300, 1e300}, {},
	}
	for _, vals := range cases {
		a := newAxis([][]float64{vals}, false, 6)
		require.GreaterOrEqual(t, len(a.ticks), 2, "%v", vals)
		require.LessOrEqual(t, len(a.ticks), 9, "%v", vals)
		require.Less(t, a.lo, a.hi)
		for _, v := range vals {
			f, ok := a.frac(v)
			require.True(t, ok)
			require.True(t, f >= 0 && f <= 1, "%v at %v", v, f)
		}
		for i := 1; i < len(a.ticks); i++ {
			require.Greater(t, a.ticks[i].v, a.ticks[i-1].v)
		}
	}
}

func TestLogAxisTicks(t *testing.T) {
	cases := []struct {
		vals      []float64
		wantLabel string // one tick label that must be there
	}{
		{[]float64{600, 120000}, "10k"},
		{[]float64{5000, 9000}, "6000"},
		{[]float64{2, 2.5}, "2.2"},
		{[]float64{1e-12, 1e12}, "1"},
		{[]float64{7}, "5"},
		{[]float64{-1, 0}, "5"}, // nothing usable: 1 to 10
	}
	for _, tc := range cases {
		a := newAxis([][]float64{tc.vals}, true, 10)
		require.GreaterOrEqual(t, len(a.ticks), 2, "%v", tc.vals)
		require.LessOrEqual(t, len(a.ticks), 12, "%v", tc.vals)
		var labels []string
		for _, tk := range a.ticks {
			require.True(t, tk.v >= a.lo && tk.v <= a.hi && tk.v > 0, "tick %v in [%v, %v]", tk.v, a.lo, a.hi)
			labels = append(labels, tk.label)
		}
		require.Contains(t, labels, tc.wantLabel, "%v", tc.vals)
	}
	_, ok := newAxis(nil, true, 5).frac(-1)
	require.False(t, ok, "negative on a log axis")
}
