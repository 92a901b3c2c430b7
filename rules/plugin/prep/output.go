package prep

import (
	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/runtime"
)

// Memory is a plugin instance's memory as Output reads it (wazero's api.Memory is one).
type Memory interface {
	// Read returns the n bytes at ptr, or false when they are not all inside the memory.
	Read(ptr, n uint32) ([]byte, bool)
}

// Output checks the output block of a call and applies it to the candidates. Its buffers are reused from
// call to call: one call at a time.
type Output struct {
	out  abi.Output
	orig []runtime.Candidate
}

// Apply reads the output block that corerec_rerank returned at ptr from mem, checks it in full against
// the len(cands) candidates (rules/abi), and applies it to cands in their storage, returning the kept
// ones. memSize is the memory's size in bytes, for messages. Every failure is an *Error of plugin name
// (ErrFailed for a 0 pointer, else ErrOutput); cands are unchanged then.
func (o *Output) Apply(name string, mem Memory, memSize int, ptr uint32, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	n := len(cands)
	if ptr == 0 {
		return nil, Wrap(name, ErrFailed, "%s returned 0", abi.ExportRerank)
	}
	head, ok := mem.Read(ptr, abi.OutputHeaderSize)
	if !ok {
		return nil, Wrap(name, ErrOutput, "the output pointer %#x is outside the plugin's memory (%d bytes)", ptr, memSize)
	}
	count, flags, err := abi.ParseOutputHeader(head, n)
	if err != nil {
		return nil, Wrap(name, ErrOutput, "%v", err)
	}
	size := abi.OutputSize(count, flags)
	block, ok := mem.Read(ptr, uint32(size))
	if !ok {
		return nil, Wrap(name, ErrOutput, "the output block [%#x, +%d) runs past the plugin's memory (%d bytes)", ptr, size, memSize)
	}
	if err := o.out.Decode(block, n); err != nil {
		return nil, Wrap(name, ErrOutput, "%v", err)
	}
	o.orig = append(o.orig[:0], cands...)
	for j, p := range o.out.Positions {
		cands[j] = o.orig[p]
		if o.out.Rescored {
			cands[j].Score = o.out.Scores[j]
		}
	}
	return cands[:len(o.out.Positions)], nil
}

// maxErrorText bounds the engine's message (with its wasm stack trace) quoted in an error.
const maxErrorText = 2048

// Bounded is an engine's message, bounded to 2 KiB for quoting in an error.
func Bounded(msg string) string {
	if len(msg) > maxErrorText {
		msg = msg[:maxErrorText] + " …"
	}
	return msg
}

// FuelError is the failure of a call of the plugin's function fn that used more than its fuel.
func (info *Info) FuelError(fn string) *Error {
	return Wrap(info.Name, ErrFuel, "%s used more than its %d fuel (an endless loop or recursion?); "+
		"if it needs more, ask with \"fuel\" in its manifest or give the host more", fn, info.Fuel)
}

// StackError is the failure of a call of the plugin's function fn that nested calls deeper than its
// stack budget.
func (info *Info) StackError(fn string) *Error {
	return Wrap(info.Name, ErrTrap, "%s: stack overflow: calls nested deeper than its stack budget of %d slots "+
		"(unbounded recursion?)", fn, info.Stack)
}
