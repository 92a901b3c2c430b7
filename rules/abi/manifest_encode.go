package abi

import (
	"strconv"

	"github.com/corerec/corerec/internal/strictjson"
)

// Encode returns the manifest as the JSON a corerec.manifest section holds: the bytes encoding/json's
// Marshal writes for it (held by a differential test), without encoding/json, which the browser build,
// which links this package to run plugins, does not carry (230 KB of code).
func (m Manifest) Encode() []byte {
	b := strconv.AppendInt(append(make([]byte, 0, 64), `{"abi":`...), int64(m.ABI), 10)
	if m.Name != "" {
		b = strictjson.AppendString(append(b, `,"name":`...), m.Name)
	}
	if len(m.Reads) > 0 {
		b = strictjson.AppendStrings(append(b, `,"reads":`...), m.Reads)
	}
	if m.Fuel != 0 {
		b = strconv.AppendInt(append(b, `,"fuel":`...), m.Fuel, 10)
	}
	if m.InitFuel != 0 {
		b = strconv.AppendInt(append(b, `,"init_fuel":`...), m.InitFuel, 10)
	}
	if m.MemoryPages != 0 {
		b = strconv.AppendUint(append(b, `,"memory_pages":`...), uint64(m.MemoryPages), 10)
	}
	if m.WASI {
		b = append(b, `,"wasi":true`...)
	}
	return append(b, '}')
}
