package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPkgOf(t *testing.T) {
	for _, tc := range []struct{ sym, want string }{
		{"runtime.mallocgc", "runtime"},
		{"runtime.__mheap_.alloc", "runtime"},
		{"internal_runtime_maps.newarray", "internal/runtime/maps"},
		{"github.com_corerec_corerec_modelpack.__mpReader_.shape", "github.com/corerec/corerec/modelpack"},
		{"golang.org_x_sys_cpu.init", "golang.org/x/sys/cpu"},
		{"wasm_export_run", "wasm/export/run"},
		{"", "(unnamed)"},
	} {
		require.Equal(t, tc.want, pkgOf(tc.sym), tc.sym)
	}
}

func TestParseRejectsGarbage(t *testing.T) {
	for _, in := range []string{"", "\x00asm", "not wasm at all", "\x00asm\x01\x00\x00\x00\x0a\xff"} {
		_, err := parse([]byte(in))
		require.Error(t, err, "%q", in)
	}
}
