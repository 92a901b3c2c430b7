// Package rank trains ranking models — DCN-v2, DeepFM and logistic regression — on the train/nn
// core and writes them, with their feature spec, into a bundle that runtime.Ranker serves.
//
// # Basics
//
// A Data holds the fields (runtime.RankField: categorical, multi-hot or dense, user or item
// side), each categorical field's vocabulary (value i has code i+1; code 0 is the reserved
// bucket for unknown values), one feature Table per side and labelled (user, item) Examples.
// LoadMovieLens100K builds the MovieLens 100K click task; WithNegatives turns implicit
// feedback into labelled examples with sampled negatives; SplitByUserTime holds out each
// user's latest events.
//
//	d, _ := rank.LoadMovieLens100K(dir, rank.MovieLensOptions{})
//	split, _ := rank.SplitByUserTime(&d.Examples, 0.2, 0.1)
//	spec := d.Spec()
//	spec.Model, spec.EmbedDim, spec.Cross.Layers, spec.Deep = runtime.RankDCN, 16, 3, []int{128, 64}
//	m, _ := rank.NewModel(spec, 1)
//	res, _ := rank.Train(ctx, m, d, &split, rank.Config{}) // BCE, Adam, early stopping on validation AUC
//	b, _ := m.Bundle(d, modelpack.Manifest{Name: "ml100k"})
//	b.WriteFile("ranker.crec")
//
// For the funnel's next-item task (which item does the user interact with next, the question
// leave-one-out asks), SplitLeaveOneOut splits implicit events as dataset.LeaveOneOut does and
// SampleNegatives gives each training positive negatives from uniform, popularity or retriever
// sources (RetrieverPools: the user's top items from a retrieval bundle, the candidates the
// ranker will see). Funnel scores a ranker re-ranking those pools on the validation items, the
// early-stopping score of Config.Validate; PoolOrder is the retriever alone on the same pools.
// AddInteractionFeatures adds dense features computed from the training part.
//
// The model's input is x0 = [field embeddings in spec order | normalised dense values]; a
// multi-hot field's embedding is the mean of its values' rows. DCN-v2 runs cross layers
// (full-rank, or low-rank with a mixture of experts) and a ReLU deep network, stacked or in
// parallel; DeepFM adds first-order weights, the FM interaction of the field embeddings and a
// deep network; logistic regression keeps the first-order weights alone. Parameter names are
// the bundle's weight names (see Model), and runtime.Ranker's forward on the exported weights
// equals Predict's (tested to 1e-5).
//
// # Concurrency
//
// A Model, its Params and Train are not safe for concurrent use; Config.Workers splits each
// op's rows over goroutines, reproducibly for a fixed worker count. Data, Examples and Split
// may be read concurrently once built.
package rank
