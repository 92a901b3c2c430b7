package kernel

import "github.com/corerec/corerec/internal/fmtlite"

// Implementation names reported by Impl and accepted by SetImpl.
const (
	implGeneric = "generic" // pure Go, every GOARCH
	implAVX2    = "avx2"    // amd64 with AVX2, FMA and F16C: vek plus this package's assembly
)

// Impl names the implementation in use: "avx2" or "generic".
func Impl() string { return currentImpl() }

// Implementations lists, best first, the implementations this CPU supports. "generic" is always
// among them.
func Implementations() []string { return implementations() }

// SetImpl forces the named implementation and returns a func that restores the previous one.
// It is meant for tests and benchmarks that compare implementations.
//
// SetImpl is not goroutine-safe: no kernel may run concurrently with it. It panics if name is not
// in Implementations(), which is a programming error in the test that calls it.
func SetImpl(name string) (restore func()) {
	prev := currentImpl()
	if !selectImpl(name) {
		panic(fmtlite.Sprintf("kernel: implementation %q is not supported here (have %v)", name, implementations()))
	}
	return func() { selectImpl(prev) }
}
