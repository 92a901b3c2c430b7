package runtime

import (
	"testing"

	"github.com/corerec/corerec/internal/strictjson/jsontest"
)

// towerJSONSeeds are user and item tower descriptions, good and bad, for the differential test against
// encoding/json.
var towerJSONSeeds = []string{
	`{"version":1,"id_dim":8,"features":3,"layers":[{"in":11,"out":16,"activation":"relu"},{"in":16,"out":8,"activation":"none"}],"normalize":true,"unknown":"learned"}`,
	`{"version":1,"strategy":"attention","width":8,"modalities":[{"name":"text","dim":4},{"name":"image","dim":6}],"attributes":["brand","cat"],"id":true,"layers":[{"in":8,"out":8,"activation":"none"}],"normalize":false}`,
	`{"Version":1,"LAYERS":[{"In":1}],"layers":null,"modalities":[],"attributes":null}`,
	`{"version":1,"id_dim":8,"features":0,"layers":[],"normalize":true,"unknown":"mean","history":8,"history_add":true}`,
	`{"version":1.5}`, `{"layers":{}}`, `{"history":"8"}`, `{"history_add":1}`, `{"layers":[1]}`, `{"modalities":[{"dim":"4"}]}`, `{"attributes":[1]}`,
	`{"id_dim":1e40}`, `{"normalize":"yes"}`, `{"extra":1}`, `null`, `{}`, `{"version":1} {}`, `[]`,
}

func FuzzTowerSpecJSON(f *testing.F) {
	for _, s := range towerJSONSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { sameTowerJSON(t, data) })
}

func TestTowerSpecJSONSameAsEncodingJSON(t *testing.T) {
	for _, s := range towerJSONSeeds {
		t.Run(s, func(t *testing.T) { sameTowerJSON(t, []byte(s)) })
	}
}

func sameTowerJSON(t testing.TB, data []byte) {
	jsontest.Same(t, data, (*TowerSpec).decode, nil)
	jsontest.Same(t, data, (*ItemTowerSpec).decode, nil)
}
