package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// writeNPY writes a rows×cols float32 .npy file.
func writeNPY(t *testing.T, path string, rows, cols int, v []float32) {
	t.Helper()
	h := fmt.Sprintf("{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }", rows, cols)
	h += strings.Repeat(" ", (64-(10+len(h)+1)%64)%64) + "\n"
	b := append([]byte("\x93NUMPY\x01\x00"), byte(len(h)), byte(len(h)>>8))
	b = append(b, h...)
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	require.NoError(t, os.WriteFile(path, b, 0o644))
}

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	writeNPY(t, p("items.npy"), 3, 2, []float32{1, 0, 0, 1, 0.7, 0.7})
	writeNPY(t, p("users.npy"), 2, 2, []float32{0, 1, 1, 0.1})
	require.NoError(t, os.WriteFile(p("items.txt"), []byte("a\nb\nc\n"), 0o644))
	require.NoError(t, os.WriteFile(p("users.txt"), []byte("u1\nu2\n"), 0o644))
	bundle := p("b.crec")
	code, out, stderr := pack(t, "import", "--items", p("items.npy"), "--item-ids", p("items.txt"),
		"--users", p("users.npy"), "--user-ids", p("users.txt"), "--out", bundle)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "3 items, 2 users, dim 2")
	code, out, stderr = pack(t, "recommend", "--bundle", bundle, "--k", "1", "--quiet")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "u1\tb\nu2\ta\n", out)

	require.NoError(t, os.WriteFile(p("events.csv"), []byte("user,item\nu1,b\nu2,a\nu9,a\n"), 0o644))
	code, _, stderr = pack(t, "import", "--items", p("items.npy"), "--item-ids", p("items.txt"),
		"--users", p("users.npy"), "--user-ids", p("users.txt"), "--data", p("events.csv"), "--out", bundle)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "1 interactions dropped")
	code, out, stderr = pack(t, "recommend", "--bundle", bundle, "--k", "1", "--exclude-seen", "--quiet")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "u1\tc\nu2\tc\n", out)

	code, _, _ = pack(t, "import", "--items", p("items.npy"), "--out", bundle)
	require.Equal(t, 2, code, "--item-ids is required")
	code, _, stderr = pack(t, "import", "--items", p("users.npy"), "--item-ids", p("items.txt"), "--out", bundle)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "2 rows")
}
