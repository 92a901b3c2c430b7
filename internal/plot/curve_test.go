package plot

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTrainingCurveStacksTheChartsItHas(t *testing.T) {
	epochs := []Epoch{
		{Epoch: 1, Loss: 2.0, LR: 0.01},
		{Epoch: 2, Loss: 1.5, NDCG10: 0.10, Evaluated: true, LR: 0.01},
		{Epoch: 3, Loss: 1.2, LR: 0.01},
		{Epoch: 4, Loss: 1.1, NDCG10: 0.12, Evaluated: true, LR: 0.005},
	}
	height := func(epochs []Epoch) int {
		var buf bytes.Buffer
		require.NoError(t, WriteTrainingCurve(&buf, epochs))
		img, err := png.Decode(&buf)
		require.NoError(t, err)
		require.Equal(t, CurveWidth, img.Bounds().Dx())
		return img.Bounds().Dy()
	}
	require.Equal(t, 3*CurveChartHeight, height(epochs), "loss, validation and the changing learning rate")
	require.Equal(t, 2*CurveChartHeight, height(epochs[:3]), "a constant learning rate gets no chart")
	require.Equal(t, CurveChartHeight, height(epochs[:1]), "no evaluation: the loss alone")
	require.Equal(t, CurveChartHeight, height(nil), "an empty run still renders its frame")

	loss, ndcg, lr := TrainingCharts(epochs)
	require.Equal(t, []float64{2.0, 1.5, 1.2, 1.1}, loss.Series[0].Y)
	require.Equal(t, []float64{2, 4}, ndcg.Series[0].X)
	require.Equal(t, []float64{0.10, 0.12}, ndcg.Series[0].Y)
	require.Equal(t, []float64{0.01, 0.01, 0.01, 0.005}, lr.Series[0].Y)
	require.False(t, loss.LogY, "a loss within a factor of 2: linear axis")

	// A long run's loss falls by orders of magnitude: the chart switches to a log axis (and says so), unless
	// a value is not positive.
	long := []Epoch{{Epoch: 1, Loss: 0.56}, {Epoch: 2, Loss: 0.1}, {Epoch: 300, Loss: 0.006}}
	loss, _, _ = TrainingCharts(long)
	require.True(t, loss.LogY)
	require.Contains(t, loss.Title, "log scale")
	long[1].Loss = -0.1
	loss, _, _ = TrainingCharts(long)
	require.False(t, loss.LogY, "a negative loss cannot go on a log axis")
	require.Equal(t, 2*CurveChartHeight, height(append(long[:0:0], Epoch{Epoch: 1, Loss: 1}, Epoch{Epoch: 2, Loss: 0.01, NDCG10: 0.1, Evaluated: true})))
}

func TestTestChartHasTheTestedEpochs(t *testing.T) {
	epochs := []Epoch{{Epoch: 1, Loss: 1}, {Epoch: 2, Loss: 0.5, Tested: true, TestRecall20: 0.1, TestNDCG20: 0.08}, {Epoch: 3, Loss: 0.4, Tested: true, TestRecall20: 0.12, TestNDCG20: 0.09}}
	c := TestChart(epochs)
	require.Len(t, c.Series, 2)
	require.Equal(t, []float64{2, 3}, c.Series[0].X)
	require.Equal(t, []float64{0.1, 0.12}, c.Series[0].Y)
	require.Equal(t, []float64{0.08, 0.09}, c.Series[1].Y)
	require.Empty(t, TestChart(epochs[:1]).Series[0].X, "no tested epoch: no points, so WriteStacked leaves it out")
}
