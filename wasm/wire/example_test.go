package wire_test

import (
	"context"
	"fmt"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/testbundle"
	"github.com/corerec/corerec/wasm/wire"
)

func ExampleRecommend() {
	data, err := testbundle.Make(testbundle.Config{Items: 100, Categories: 4})
	if err != nil {
		panic(err)
	}
	eng, err := runtime.OpenBytes(data, runtime.Options{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	res, err := wire.Recommend(context.Background(), eng, wire.Request{
		History: []string{"i000001", "i000002"}, K: 3, ExcludeSeen: true, Categories: []string{"c02"}})
	if err != nil {
		panic(err)
	}
	for _, it := range res.Items {
		fmt.Println(it.Category, "because you viewed", it.Because)
	}
	// Output:
	// c02 because you viewed i000002
	// c02 because you viewed i000002
	// c02 because you viewed i000002
}
