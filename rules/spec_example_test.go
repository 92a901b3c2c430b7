package rules_test

import (
	"context"
	"time"

	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

// A chain as a bundle carries it (section rules.spec): the request switches the promo boost on and the
// diversity cap off by name.
func ExampleParseChain() {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	cat := exampleCatalog(now)
	chain, err := rules.ParseChain([]byte(`{"rules":[
	  {"kind":"blocklist","config":{"block":{"tags":["nsfw"]}}},
	  {"kind":"diversity","name":"div","config":{"max_per_group":1}},
	  {"kind":"boost","name":"promo","off":true,"config":{"match":{"categories":["ads"]},"add":10}}
	]}`))
	if err != nil {
		panic(err)
	}
	cands := []runtime.Candidate{{Index: 0, Score: 5}, {Index: 1, Score: 4}, {Index: 2, Score: 3}, {Index: 3, Score: 2}, {Index: 5, Score: 1}}
	in := &runtime.RerankInput{K: 3, Now: now, Catalog: cat}
	out, _ := chain.Rerank(context.Background(), in, append([]runtime.Candidate(nil), cands...))
	print(cat, out)
	in.Rules = map[string]bool{"promo": true, "div": false}
	out, _ = chain.Rerank(context.Background(), in, append([]runtime.Candidate(nil), cands...))
	print(cat, out)
	// Output:
	// a d promo
	// promo a c
}
