package dataset

// Split is a per-user leave-one-out split, indexed by user index.
// Valid[u] and Test[u] are -1 for users with fewer than 3 interactions,
// whose items all stay in Train[u].
//
// Concurrency: safe for concurrent reads.
type Split struct {
	NumUsers, NumItems int
	Train              [][]int32
	Valid, Test        []int32
	Stats              SplitStats
}

// SplitStats counts users and interactions of a Split.
type SplitStats struct {
	// Users is the number of users; Evaluable of them have a validation and
	// a test item; Short have fewer than 3 interactions (Empty of them none).
	Users, Evaluable, Short, Empty int
	// TrainRows is the number of train interactions.
	TrainRows int
}

// LeaveOneOut splits each user's time-ordered sequence (see Sequences):
// the last item is Test, the one before it Valid, the rest Train. Users with
// fewer than 3 interactions keep everything in Train (Valid/Test = -1) and
// are counted in Stats.Short.
func LeaveOneOut(d *Dataset) Split {
	seqs := d.Sequences()
	s := Split{
		NumUsers: d.Users.Len(), NumItems: d.Items.Len(),
		Train: make([][]int32, len(seqs)),
		Valid: make([]int32, len(seqs)), Test: make([]int32, len(seqs)),
		Stats: SplitStats{Users: len(seqs)},
	}
	for u, seq := range seqs {
		n := len(seq)
		if n < 3 {
			s.Train[u], s.Valid[u], s.Test[u] = seq, -1, -1
			s.Stats.Short++
			if n == 0 {
				s.Stats.Empty++
			}
		} else {
			s.Train[u], s.Valid[u], s.Test[u] = seq[:n-2:n-2], seq[n-2], seq[n-1]
			s.Stats.Evaluable++
		}
		s.Stats.TrainRows += len(s.Train[u])
	}
	return s
}

// TrainValid returns user u's train items followed by the validation item
// (the items seen at test time), in a new slice.
func (s Split) TrainValid(u int) []int32 {
	out := make([]int32, 0, len(s.Train[u])+1)
	out = append(out, s.Train[u]...)
	if s.Valid[u] >= 0 {
		out = append(out, s.Valid[u])
	}
	return out
}
