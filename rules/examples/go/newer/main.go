// Command newer is the example plugin of rule.Newer, built for CoreRec's plugin host:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o newer.wasm .
//
// (the committed newer.wasm also carries a manifest asking for WASI; see ../../README.md).
package main

import (
	"github.com/corerec/corerec/rules/examples/go/rule"
	"github.com/corerec/corerec/rules/sdk/go/rerank"
)

func init() { rerank.Register(rule.Newer) }

func main() {}
