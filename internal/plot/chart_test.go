package plot

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// render draws c at w×h, encodes it as PNG and decodes it back.
func render(t *testing.T, c Chart, w, h int) image.Image {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, c.PNG(&buf, w, h))
	img, err := png.Decode(&buf)
	require.NoError(t, err)
	return img
}

func countColor(img image.Image, want color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == want {
				n++
			}
		}
	}
	return n
}

// longestRun is the longest straight run of black pixels in any row
// (vertical false) or column (vertical true).
func longestRun(img image.Image, vertical bool) int {
	b := img.Bounds()
	outer, inner := b.Dy(), b.Dx()
	if vertical {
		outer, inner = inner, outer
	}
	best := 0
	for o := range outer {
		run := 0
		for i := range inner {
			x, y := i, o
			if vertical {
				x, y = o, i
			}
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == black {
				run++
				best = max(best, run)
			} else {
				run = 0
			}
		}
	}
	return best
}

func knownChart() Chart {
	return Chart{
		Title: "recall vs QPS", XLabel: "recall@10", YLabel: "QPS", LogY: true,
		Series: []Series{
			{Name: "a", X: []float64{0.9, 0.95, 0.99}, Y: []float64{80000, 40000, 20000}},
			{Name: "b", X: []float64{0.85, 0.93, 0.98}, Y: []float64{20000, 9000, 5000}},
			{Name: "c", X: []float64{0.8, 0.97}, Y: []float64{3000, 700}, Color: color.RGBA{10, 20, 30, 255}, NoLine: true},
		},
	}
}

func TestPNGRendersKnownChart(t *testing.T) {
	img := render(t, knownChart(), 640, 480)
	require.Equal(t, image.Rect(0, 0, 640, 480), img.Bounds())

	for i, want := range []color.RGBA{DefaultColor(0), DefaultColor(1), {10, 20, 30, 255}} {
		require.Greater(t, countColor(img, want), 50, "series %d colour", i)
	}
	require.Greater(t, longestRun(img, true), 480/2, "y axis")
	require.Greater(t, longestRun(img, false), 640/2, "x axis")
	require.Greater(t, countColor(img, gridGrey), 100, "grid")
}

func TestSeriesColorsDiffer(t *testing.T) {
	seen := map[color.RGBA]bool{}
	for i := range len(palette) {
		c := DefaultColor(i)
		require.False(t, seen[c], "colour %d repeats", i)
		require.NotEqual(t, white, c)
		require.NotEqual(t, gridGrey, c)
		seen[c] = true
	}
	require.Equal(t, DefaultColor(0), DefaultColor(len(palette)))
}

func TestDegenerateSeriesRender(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := map[string]Chart{
		"no series":       {},
		"empty series":    {Series: []Series{{Name: "empty"}}},
		"all NaN":         {Series: []Series{{Name: "nan", X: []float64{nan, nan}, Y: []float64{nan, 1}}}},
		"single point":    {Series: []Series{{Name: "one", X: []float64{3}, Y: []float64{7}}}},
		"single zero":     {Series: []Series{{X: []float64{0}, Y: []float64{0}}}},
		"infinities":      {Series: []Series{{X: []float64{-inf, 1, inf}, Y: []float64{inf, 2, -inf}}}},
		"log of negative": {LogX: true, LogY: true, Series: []Series{{X: []float64{-1, 0, 2}, Y: []float64{-5, 0, 3}}}},
		"log single":      {LogY: true, Series: []Series{{X: []float64{1}, Y: []float64{1e-300}}}},
		"huge range":      {Series: []Series{{X: []float64{-math.MaxFloat64, math.MaxFloat64}, Y: []float64{math.MaxFloat64, -math.MaxFloat64}}}},
		"tiny range":      {Series: []Series{{X: []float64{1, 1 + 1e-15}, Y: []float64{1, math.Nextafter(1, 2)}}}},
		"log wide":        {LogY: true, Series: []Series{{X: []float64{0, 1}, Y: []float64{1e-300, 1e300}}}},
		"many series":     {Series: manySeries(25)},
		"odd text":        {Title: "héllo\x00\n\t", XLabel: string(make([]byte, 500)), YLabel: "µ", Series: []Series{{Name: "✓", X: []float64{1, 2}, Y: []float64{2, 1}}}},
		"bad marker":      {Series: []Series{{X: []float64{1, 2}, Y: []float64{1, 2}, Marker: Marker(-3)}, {X: []float64{1}, Y: []float64{1}, Marker: Marker(99)}}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			for _, size := range []image.Point{{MinWidth, MinHeight}, {500, 300}} {
				img := render(t, c, size.X, size.Y)
				require.Equal(t, size, img.Bounds().Size())
			}
		})
	}
}

func manySeries(n int) []Series {
	s := make([]Series, n)
	for i := range s {
		s[i] = Series{Name: "series with a long name", X: []float64{0, 1}, Y: []float64{float64(i), float64(2 * i)}}
	}
	return s
}

func TestChartErrors(t *testing.T) {
	cases := []struct {
		name string
		c    Chart
		w, h int
		want error
	}{
		{"too narrow", Chart{}, MinWidth - 1, 200, ErrSize},
		{"too low", Chart{}, 400, MinHeight - 1, ErrSize},
		{"too wide", Chart{}, MaxSide + 1, 200, ErrSize},
		{"negative", Chart{}, -5, -5, ErrSize},
		{"lengths differ", Chart{Series: []Series{{X: []float64{1, 2}, Y: []float64{1}}}}, 400, 300, ErrSeriesLength},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := tc.c.PNG(&buf, tc.w, tc.h)
			require.ErrorIs(t, err, tc.want)
			require.Zero(t, buf.Len())
		})
	}
}

func TestUnnamedSeriesHaveNoLegend(t *testing.T) {
	c := knownChart()
	l := c.layout(640, 480)
	require.Equal(t, 3, l.rows)
	require.False(t, l.legend.Empty())
	require.True(t, l.legend.Min.X > l.plot.Max.X, "legend right of the plot")

	for i := range c.Series {
		c.Series[i].Name = ""
	}
	l = c.layout(640, 480)
	require.True(t, l.legend.Empty())
}

func TestLineStaysBoundedFarOutside(t *testing.T) {
	cv := newCanvas(50, 40, white)
	cv.line(-1<<40, -1<<40, 1<<40, 1<<40, 2, black) // through the canvas
	cv.line(-1<<40, 5, -1<<30, 5, 1, black)         // entirely outside
	n := 0
	for y := range 40 {
		for x := range 50 {
			if cv.img.RGBAAt(x, y) == black {
				n++
			}
		}
	}
	require.Greater(t, n, 40)
	require.Less(t, n, 3*50)
}

func FuzzChart(f *testing.F) {
	f.Add([]byte{}, false)
	f.Add([]byte("0123456789abcdef0123456789abcdef"), true)
	f.Add(bytes.Repeat([]byte{0xff}, 48), true)
	f.Fuzz(func(t *testing.T, data []byte, logY bool) {
		c := Chart{Title: string(data[:min(len(data), 20)]), LogY: logY}
		var s Series
		for len(data) >= 16 {
			s.X = append(s.X, math.Float64frombits(le64(data)))
			s.Y = append(s.Y, math.Float64frombits(le64(data[8:])))
			data = data[16:]
		}
		c.Series = []Series{s, {Name: "copy", X: s.Y, Y: s.X}}
		img, err := c.Image(MinWidth, MinHeight)
		require.NoError(t, err)
		require.Equal(t, image.Pt(MinWidth, MinHeight), img.Bounds().Size())
	})
}

func le64(b []byte) uint64 {
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

func TestConcurrentRenderOfOneChart(t *testing.T) {
	c := knownChart()
	want := render(t, c, 320, 240)
	done := make(chan image.Image)
	for range 4 {
		go func() {
			img, err := c.Image(320, 240)
			if err != nil {
				done <- nil
				return
			}
			done <- img
		}()
	}
	for range 4 {
		img := <-done
		require.NotNil(t, img)
		require.Equal(t, countColor(want, DefaultColor(0)), countColor(img, DefaultColor(0)))
	}
}
