package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBarNonTTYPrintsFinalLine(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "epoch 1/3", 1000, "ex")
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 250 {
				b.Add(1)
			}
		}()
	}
	wg.Wait()
	b.Set("loss=0.5000")
	b.Done()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	last := lines[len(lines)-1]
	require.Contains(t, last, "epoch 1/3")
	require.Contains(t, last, "100%")
	require.Contains(t, last, "loss=0.5000")
	require.Contains(t, last, "ex/s")
	require.NotContains(t, buf.String(), "\r", "no carriage returns off a terminal")
}

func TestNilBarIsNoop(t *testing.T) {
	var b *Bar
	b.Add(1)
	b.Set("x")
	b.Done()
	New(nil, "x", 1, "ex").Done()
}

func TestHuman(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{12, "12"}, {1500, "1.5K"}, {2.5e6, "2.50M"}, {3e9, "3.00G"}} {
		require.Equal(t, c.want, human(c.v))
	}
}
