//go:build !js

package pluginhost

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/corerec/corerec/rules/plugin/prep/preptest"
	"github.com/corerec/corerec/runtime"
)

// Load a plugin on an engine (here wazero, standing in for the browser's) and run it as a reranker: the
// WAT example "band" keeps the candidates whose score lies in its band (default: score ≥ 0).
func ExampleLoad() {
	eng := newWazeroEngine()
	defer eng.close()
	wasm, err := os.ReadFile("../../rules/examples/wat/band.wasm")
	if err != nil {
		panic(err)
	}
	p, err := Load(eng, "band", wasm, Options{}, nil)
	if err != nil {
		panic(err)
	}
	defer p.Close()
	in := &runtime.RerankInput{K: 10, Now: time.Unix(1_700_000_000, 0), Catalog: preptest.Catalog(4)}
	cands := []runtime.Candidate{{Index: 0, Score: 0.5}, {Index: 1, Score: -1}, {Index: 2, Score: 2}, {Index: 3, Score: 0}}
	kept, err := p.Rerank(context.Background(), in, cands)
	fmt.Println(kept, err)
	fmt.Println(p.Info().Name, p.Info().Fuel)
	// Output:
	// [{0 0.5} {2 2} {3 0}] <nil>
	// band 20000000
}
