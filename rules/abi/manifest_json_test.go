package abi

import (
	"testing"

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
