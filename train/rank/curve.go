package rank

import "github.com/corerec/corerec/internal/plot"

// Charts returns the training curves of a run (Result.History): the training BCE beside the validation
// logloss per epoch, the validation AUC, and the early-stopping score when Config.Validate set one (a
// chart with no points otherwise, which plot.WriteStacked leaves out).
func Charts(hist []Epoch) []plot.Chart {
	var x, train, valid, auc, score []float64
	custom := false // some epoch's score is not its AUC: the score is Validate's
	for _, e := range hist {
		x = append(x, float64(e.Epoch))
		train, valid, auc = append(train, e.Loss), append(valid, e.Valid.LogLoss), append(auc, e.Valid.AUC)
		score = append(score, e.Score)
		custom = custom || e.Score != e.Valid.AUC
	}
	sx := x
	if !custom {
		sx, score = nil, nil
	}
	return []plot.Chart{
		{Title: "loss (binary cross-entropy)", XLabel: "epoch", YLabel: "BCE", Series: []plot.Series{
			{Name: "train", X: x, Y: train}, {Name: "validation", X: x, Y: valid}}},
		{Title: "validation AUC", XLabel: "epoch", YLabel: "AUC", Series: []plot.Series{{Name: "validation", X: x, Y: auc}}},
		{Title: "validation early-stopping score (Config.Validate)", XLabel: "epoch", YLabel: "score",
			Series: []plot.Series{{Name: "score", X: sx, Y: score}}},
	}
}
