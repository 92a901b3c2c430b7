package dataset

// Interaction is one user–item event. User and Item index the Dataset's
// IDMaps. Time is a unix timestamp in seconds, or the position in the user's
// sequence for the sequences format, or 0 when the input has no time.
// Rating is 0 when the input has no rating.
type Interaction struct {
	User, Item int32
	Time       int64
	Rating     float32
}

// Dataset holds interactions in file order with their id maps.
//
// Concurrency: safe for concurrent reads once loaded.
type Dataset struct {
	// Users and Items map original ids to the indices used in Rows.
	Users, Items *IDMap
	// Rows are the kept interactions in file order.
	Rows []Interaction
	// HasTime reports that Rows carry a time (timestamps, or sequence
	// positions); HasRating that they carry ratings.
	HasTime, HasRating bool
	// Source names the input (a path or the name given to Read).
	Source string
	// Stats counts lines, kept rows and skipped rows.
	Stats Stats
}

// Stats counts what a reader saw. Lines counts physical lines, blank and
// comment lines and headers included. Rows counts kept rows (for the
// sequences format, one per item). Skipped counts dropped rows, and
// SkipReasons breaks Skipped down by reason; nothing is dropped without
// being counted here.
type Stats struct {
	Lines, Rows, Skipped int
	SkipReasons          map[string]int
}

// skip counts one dropped row under reason.
func (s *Stats) skip(reason string) {
	if s.SkipReasons == nil {
		s.SkipReasons = make(map[string]int)
	}
	s.Skipped++
	s.SkipReasons[reason]++
}

// Skip reasons recorded in Stats.SkipReasons.
const (
	SkipBelowMinRating = "rating below MinRating"
	SkipEmptySequence  = "sequence without items"
	SkipUnknownItem    = "unknown item"
	SkipDuplicateItem  = "duplicate item"
)
