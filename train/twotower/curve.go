package twotower

import (
	"io"

	"github.com/corerec/corerec/internal/plot"
)

// CurveEpochs is the run as the training-curve charts read it (and `pack train --curve` draws it).
func CurveEpochs(epochs []Epoch) []plot.Epoch {
	out := make([]plot.Epoch, len(epochs))
	for k, e := range epochs {
		out[k] = plot.Epoch{Epoch: e.Epoch, Loss: e.Loss, NDCG10: e.NDCG10, Evaluated: e.Evaluated, LR: float64(e.LR),
			Seconds: e.Seconds}
	}
	return out
}

// Charts returns the training curves of a run: the mean training loss per epoch and the validation
// NDCG@10 of the evaluated epochs.
func Charts(epochs []Epoch) (loss, ndcg plot.Chart) {
	loss, ndcg, _ = plot.TrainingCharts(CurveEpochs(epochs))
	return loss, ndcg
}

// WriteCurve writes the training curves of a run as one PNG: the loss above the validation NDCG@10 (left
// out when no epoch was evaluated) and the learning rate (when Config.LRDecay changed it).
func WriteCurve(w io.Writer, epochs []Epoch) error {
	return plot.WriteTrainingCurve(w, CurveEpochs(epochs))
}
