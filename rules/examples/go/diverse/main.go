// Command diverse is the example plugin of rule.Diverse, built for CoreRec's plugin host:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o diverse.wasm .
//
// (the committed diverse.wasm also carries a manifest asking for WASI; see ../../README.md).
package main

import (
	"github.com/corerec/corerec/rules/examples/go/rule"
	"github.com/corerec/corerec/rules/sdk/go/rerank"
)

func init() { rerank.Register(rule.Diverse) }

func main() {}
