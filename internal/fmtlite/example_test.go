package fmtlite_test

import (
	"errors"
	"fmt"

	"github.com/corerec/corerec/internal/fmtlite"
)

func ExampleErrorf() {
	errCorrupt := errors.New("modelpack: corrupt bundle")
	err := fmtlite.Errorf("%w: section %q: %d bytes, want %d", errCorrupt, "items", 12, 16)
	fmt.Println(err)
	fmt.Println(errors.Is(err, errCorrupt))
	// Output:
	// modelpack: corrupt bundle: section "items": 12 bytes, want 16
	// true
}
