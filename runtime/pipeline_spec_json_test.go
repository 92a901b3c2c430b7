package runtime

import (
	"testing"

	"github.com/corerec/corerec/internal/strictjson/jsontest"
)

// specJSONSeeds are pipeline and rank specs, good and bad, for the differential test against encoding/json.
var specJSONSeeds = []string{
	`{"format":1,"retrievers":[{"kind":"embedding","candidates":200},{"kind":"popular","candidates":50}],"rank":{"keep":100}}`,
	`{"format":1,"retrievers":[{"kind":"item2item","per_item":5,"max_history":3,"weight":0.5}],"fusion":"weighted","rank":{"keep":10,"budget":"3ms","blend":2,"off":false},"rerank":{"budget":2.5,"off":true},"rrf_k":60}`,
	`{"format":1,"rank":{"budget":null},"rerank":{"budget":"x"}}`, `{"format":1,"rank":{"budget":1e13}}`,
	`{"format":1,"model":"dcn","fields":[{"name":"user","kind":"cat","side":"user","vocab":10},{"name":"item","kind":"cat","side":"item","vocab":20},{"name":"age","kind":"dense","side":"user","shift":-1.5,"scale":0.25}],"user_key":"user","item_key":"item","embed_dim":8,"cross":{"layers":2,"rank":4,"experts":2},"deep":[16,8],"stacked":true}`,
	`{"Format":1,"FIELDS":[{"Name":"a"}],"fields":[{"vocab":3}],"deep":[1],"deep":[]}`,
	`{"format":1.5}`, `{"retrievers":{}}`, `{"retrievers":[1]}`, `{"cross":{"layers":-1,"x":1}}`, `{"fields":[{"shift":1e39}]}`,
	`null`, `{}`, `{"format":1} {}`, `"5ms"`, `2.5`,
}

func FuzzSpecJSON(f *testing.F) {
	for _, s := range specJSONSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { sameSpecJSON(t, data) })
}

func TestSpecJSONSameAsEncodingJSON(t *testing.T) {
	for _, s := range specJSONSeeds {
		t.Run(s, func(t *testing.T) { sameSpecJSON(t, []byte(s)) })
	}
}

func sameSpecJSON(t testing.TB, data []byte) {
	jsontest.Same(t, data, (*PipelineSpec).decode, nil)
	jsontest.Same(t, data, (*RankSpec).decode, nil)
	jsontest.Same(t, data, (*Duration).decode, nil)
}
