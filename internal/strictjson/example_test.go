package strictjson_test

import (
	"fmt"

	"github.com/corerec/corerec/internal/strictjson"
)

type retriever struct {
	Kind       string `json:"kind"`
	Candidates int    `json:"candidates,omitempty"`
}

func (r *retriever) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"kind", "candidates"}, func(d *strictjson.Decoder, i int) error {
		if i == 0 {
			return d.String(&r.Kind)
		}
		return d.Int(&r.Candidates)
	})
}

func ExampleDecode() {
	var r retriever
	err := strictjson.Decode([]byte(`{"kind": "popular", "candidates": 50}`), r.decode)
	fmt.Println(r.Kind, r.Candidates, err)
	err = strictjson.Decode([]byte(`{"kind": "popular", "weight": 2}`), r.decode)
	fmt.Println(err)
	// Output:
	// popular 50 <nil>
	// strictjson: value.weight: unknown field "weight"
}
