package rank

import "github.com/corerec/corerec/internal/plot"

// Charts returns the training curves of a run (Result.History): the training BCE beside the validation
// logloss per epoch, the validation AUC, and the early-stopping score when Config.Validate set one (a
// chart with no points otherwise, which plot.WriteStacked leaves out).
func Charts(hist []Epoch) []plot.Chart {
	var x, train, valid, auc, sx, score []float64
	for _, e := range hist {
		x = append(x, float64(e.Epoch))
		train, valid, auc = append(train, e.Loss), append(valid, e.Valid.LogLoss), append(auc, e.Valid.AUC)
		if e.Score != e.Valid.AUC {
			sx, score = append(sx, float64(e.Epoch)), append(score, e.Score)
		}
	}
	if len(sx) > 0 { // the score is Validate's: draw every epoch's
		sx, score = x, nil
		for _, e := range hist {
			score = append(score, e.Score)
		}
	}
	return []plot.Chart{
		{Title: "loss (binary cross-entropy)", XLabel: "epoch", YLabel: "BCE", Series: []plot.Series{
			{Name: "train", X: x, Y: train}, {Name: "validation", X: x, Y: valid}}},
		{Title: "validation AUC", XLabel: "epoch", YLabel: "AUC", Series: []plot.Series{{Name: "validation", X: x, Y: auc}}},
		{Title: "validation early-stopping score (Config.Validate)", XLabel: "epoch", YLabel: "score",
			Series: []plot.Series{{Name: "score", X: sx, Y: score}}},
	}
}
