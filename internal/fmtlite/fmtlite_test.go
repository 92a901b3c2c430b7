//go:build !fmtlite_vet

package fmtlite_test

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/internal/fmtlite"
)

type kind uint8

func (k kind) String() string { return [...]string{"zero", "one"}[k] }

// TestSprintfMatchesFmt checks every supported verb and operand type against fmt itself.
func TestSprintfMatchesFmt(t *testing.T) {
	for _, tc := range []struct {
		format string
		args   []any
	}{
		{"plain text, 100%% literal", nil},
		{"%d %d %d %d %d", []any{0, -7, int8(-128), int16(300), int32(-1 << 31)}},
		{"%d %d %d %d %d %d %d", []any{int64(math.MinInt64), uint(7), uint8(255), uint16(9), uint32(1 << 31), uint64(math.MaxUint64), uintptr(12)}},
		{"%v %v", []any{-3, uint32(4)}},
		{"%#x %x 0x%02x %02x %x", []any{byte(0x5f), 255, byte(3), uint32(0xab), uint64(1 << 40)}},
		{"%g %g %g %g", []any{1.5, float32(0.1), 1e21, 1e-7}},
		{"%v %v %v %v %v", []any{float32(3.4028235e38), math.Inf(1), math.Inf(-1), math.NaN(), -0.0}},
		{"%v %v %v", []any{123456.0, 1234567.0, float32(1) / 3}},
		{"%s %v %q", []any{"a b", "c", "quote \" and \n and é and \x00"}},
		{"%s %q", []any{[]byte("raw"), ""}},
		{"%v %t", []any{true, false}},
		{"%v|%s|%q", []any{kind(1), kind(0), kind(1)}},
		{"%v %s", []any{time.Duration(1500) * time.Millisecond, errors.New("boom")}},
		{"%v %v %v", []any{[]int{1, -2, 3}, []int(nil), []string{"x", "y z"}}},
		{"%v %s %d", []any{nil, error(nil), nil}},
		{"%5d|%3s|%05d", []any{42, "ab", 7}},
		{"%d", []any{int(kind(1))}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			require.Equal(t, fmt.Sprintf(tc.format, tc.args...), fmtlite.Sprintf(tc.format, tc.args...))
		})
	}
}

func TestSprintfMarksWhatItCannotFormat(t *testing.T) {
	for _, tc := range []struct {
		format string
		args   []any
		want   string
	}{
		{"%f", []any{1.5}, "%!f(?)"},
		{"%d", []any{kind(1)}, "%!d(?)"}, // a named integer: write int(x) for the number
		{"%d", []any{struct{}{}}, "%!d(?)"},
		{"%s", []any{3}, "%!s(?)"},
		{"%s", []any{true}, "%!s(?)"},
		{"%d %d", []any{1}, "1 %!d(MISSING)"},
		{"%d", []any{1, 2}, "1%!(EXTRA)"},
		{"end %", nil, "end %!(NOVERB)"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			require.Equal(t, tc.want, fmtlite.Sprintf(tc.format, tc.args...))
		})
	}
}

func TestSprintMatchesFmt(t *testing.T) {
	for _, args := range [][]any{
		{"corerec: internal error: ", errors.New("index out of range")},
		{"corerec: internal error: ", "a string"},
		{"a", 1, 2, "b", 3.5},
	} {
		require.Equal(t, fmt.Sprint(args...), fmtlite.Sprint(args...))
	}
}

var errSentinel = errors.New("pkg: sentinel")

func TestErrorfWrapsAsFmt(t *testing.T) {
	inner := &fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}
	for _, tc := range []struct {
		name   string
		format string
		args   []any
		is     []error
	}{
		{"none", "pkg: bad %q at %d", []any{"k", 3}, nil},
		{"one", "%w: section %q", []any{errSentinel, "items"}, []error{errSentinel}},
		{"one inside", "pkg: read %s: %w", []any{"x", inner}, []error{fs.ErrNotExist}},
		{"two", "%w: %w", []any{errSentinel, inner}, []error{errSentinel, fs.ErrNotExist}},
		{"three", "%w: plugin %q (section %q): %w", []any{errSentinel, "p", "s", inner}, []error{errSentinel, fs.ErrNotExist}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, want := fmtlite.Errorf(tc.format, tc.args...), fmt.Errorf(tc.format, tc.args...)
			require.EqualError(t, got, want.Error())
			for _, target := range tc.is {
				require.ErrorIs(t, got, target)
			}
			var pe *fs.PathError
			require.Equal(t, errors.As(want, &pe), errors.As(got, &pe))
			require.Equal(t, errors.Unwrap(want) == nil, errors.Unwrap(got) == nil)
		})
	}
}

func TestErrorfBadWrap(t *testing.T) {
	require.EqualError(t, fmtlite.Errorf("x %w", nil), "x %!w(<nil>)")
	require.EqualError(t, fmtlite.Errorf("x %w", 3), "x %!w(?)")
	require.Nil(t, errors.Unwrap(fmtlite.Errorf("x %w", 3)))
}
