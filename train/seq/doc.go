// Package seq trains the sequential recommenders SASRec and BERT4Rec: transformers over each user's
// items in time order whose output at the end of the sequence is the user vector, scored by dot product
// against the item embeddings they also read their input from (tied weights).
//
// # Basics
//
//	model, epochs, err := seq.Train(ctx, seq.Input{NumItems: n, Train: trainSeqs, Valid: validCases}, seq.Config{})
//	vecs := model.Encode(histories, 0)         // one user vector per history
//	b, err := model.Pack(template, opt)        // a bundle the runtime serves from a request's history
//
// SASRec (Kang & McAuley 2018) is causal: position t attends to items 0…t and is trained to predict item
// t+1. The default loss is the cross-entropy of a softmax over the whole catalog ("SASRec+", Klenitskiy &
// Vasilev 2023); LossBCE is the original one positive, one sampled negative per position. BERT4Rec (Sun et
// al. 2019) is bidirectional and trained as a cloze task: a share of the items is replaced by a mask
// token and predicted (full softmax); at inference a mask token is appended after the history and its
// output is the user vector.
//
// Both use one pre-norm block (layer norm → multi-head attention → residual, layer norm → feed-forward
// (ReLU for SASRec, GELU for BERT4Rec) → residual, a final layer norm) on train/nn by default; Config.Block
// selects the SASRec code's layout instead (BlockSASRec: queries and residuals from the normalised rows,
// keys and values from the un-normalised ones) or BERT's post-norm layout, which BERT4Rec's code runs
// (BlockBERT: a layer norm on the input embeddings and after each residual, none at the end). A window
// holds at most MaxLen items; positions count from the oldest item of the window (position 0). An epoch
// trains on each user's most recent window, as the published code does, or with WindowsAll on
// consecutive windows back to the start of a longer history. Batches are packed:
// the sequences of a batch lie back to back with no padding rows (nn.Span), so a short sequence costs
// only its own length. The inference forward pass in package runtime computes the same function on the
// exported weights (a test checks them equal).
//
// # Long runs
//
// Config.Checkpoint names a file the training state is written to after every epoch (atomically); a run
// started with the same file resumes after its last epoch, keeping the best epoch and the early-stopping
// count, and Adam's moments (files written before the moments were kept resume as a warm restart, for
// which Config.WarmupSteps ramps the learning rate up again). The random streams are reseeded, so a
// resume is not bit-exact. Config.MaxSeconds ends a run at a time limit the way patience does, with the
// best validation epoch's weights.
//
// # Concurrency
//
// Train uses Config.Workers goroutines inside each step; a run is reproducible for a fixed seed and
// worker count. A Model is not safe for concurrent use while training; Encode and Pack may run
// concurrently with each other once Train has returned.
package seq
