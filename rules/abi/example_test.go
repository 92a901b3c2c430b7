package abi_test

import (
	"fmt"

	"github.com/corerec/corerec/rules/abi"
)

// A host encodes the candidates, the plugin answers with positions (here: the last candidate first, the
// first one dropped), and the host decodes and checks the answer.
func Example() {
	recs := []abi.Record{{Index: 7, Score: 0.9}, {Index: 3, Score: 0.8}, {Index: 5, Score: 0.1}}
	in, _ := abi.AppendInput(nil, abi.Header{K: 2, Now: 1_700_000_000}, recs, nil)
	fmt.Println("input bytes:", len(in))

	block := abi.AppendOutput(nil, []int32{2, 1}, nil) // what the plugin returns
	var out abi.Output
	if err := out.Decode(block, len(recs)); err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range out.Positions {
		fmt.Println("item", recs[p].Index)
	}
	fmt.Println(out.Decode(abi.AppendOutput(nil, []int32{1, 1}, nil), len(recs)))
	// Output:
	// input bytes: 208
	// item 5
	// item 3
	// abi: bad output: entry 1 repeats position 1
}
