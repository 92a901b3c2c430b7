package abi

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/internal/strictjson/jsontest"
)

var manifestSeeds = []string{
	`{"abi":1,"name":"fresh","reads":["score","created_at"],"fuel":1000,"init_fuel":10,"memory_pages":2,"wasi":true}`,
	`{"abi":1,"reads":[]}`, `{"ABI":1,"Reads":null}`, `{"abi":1,"net":true}`, `{"abi":"1"}`, `{"memory_pages":-1}`,
	`{"fuel":9223372036854775808}`, `null`, `{}`, `{"abi":1} {}`,
}

func FuzzManifestJSON(f *testing.F) {
	for _, s := range manifestSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { jsontest.Same(t, data, (*Manifest).decode, nil) })
}

func TestManifestJSONSameAsEncodingJSON(t *testing.T) {
	for _, s := range manifestSeeds {
		t.Run(s, func(t *testing.T) { jsontest.Same(t, []byte(s), (*Manifest).decode, nil) })
	}
}

// Encode writes the bytes encoding/json's Marshal does (pack writes manifests with it, so committed
// fixtures depend on it).
func FuzzManifestEncode(f *testing.F) {
	f.Add("fresh", "score", int64(1000), int64(10), uint32(2), true)
	f.Add("<a&b>\u2028\u2029\"\\\n\r\t\x01\x7f\xff\xe2\x80", "", int64(-1), int64(0), uint32(0), false)
	f.Add("ünï cødé 🙂", "x\x00y", int64(math.MaxInt64), int64(math.MinInt64), uint32(math.MaxUint32), true)
	f.Fuzz(func(t *testing.T, name, read string, fuel, initFuel int64, pages uint32, wasi bool) {
		m := Manifest{ABI: 1, Name: name, Fuel: fuel, InitFuel: initFuel, MemoryPages: pages, WASI: wasi}
		if read != "" {
			m.Reads = []string{read, name}
		}
		want, err := json.Marshal(m)
		require.NoError(t, err)
		require.Equal(t, string(want), string(m.Encode()))
	})
}
