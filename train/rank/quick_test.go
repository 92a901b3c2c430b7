package rank

import (
	"os"
	"testing"

	"github.com/corerec/corerec/runtime"
)

func TestQuickML(t *testing.T) {
	if os.Getenv("RANK_ML") == "" {
		t.Skip()
	}
	d, err := LoadMovieLens100K("/work/shared/data/ml-100k", MovieLensOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := SplitByUserTime(&d.Examples, 0.2, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(sp.Train.Len(), sp.Valid.Len(), sp.Test.Len())
	for _, model := range []string{runtime.RankLR, runtime.RankDeepFM, runtime.RankDCN} {
		s := d.Spec()
		s.Model, s.EmbedDim, s.Deep = model, 16, []int{128, 64}
		s.Cross.Layers = 3
		m, err := NewModel(s, 1)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Train(m, d, &sp, Config{Log: os.Stderr, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %+v", model, res)
	}
}
