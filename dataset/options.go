package dataset

// Format names an input format.
type Format string

// Formats accepted by Load and Read.
const (
	// FormatAuto detects the format: u.data, u*.base and u*.test are
	// MovieLens; a .csv or .tsv name, or a first line that is a header naming
	// a user and an item column, is CSV or TSV (by its delimiter); anything
	// else is sequences.
	FormatAuto Format = ""
	// FormatCSV is comma-separated with a header naming user and item
	// columns and optionally timestamp and rating, in any order; other
	// columns are ignored. Header names are case-insensitive and accept
	// common aliases (user_id, userId, item_id, itemId, movieId, time, ts,
	// timestamp, rating, score). Fields may be quoted. Lines starting with
	// '#' are comments.
	FormatCSV Format = "csv"
	// FormatTSV is FormatCSV separated by tabs; bare quotes are taken
	// literally.
	FormatTSV Format = "tsv"
	// FormatMovieLens is MovieLens 100K's u.data: "user\titem\trating\tts",
	// no header.
	FormatMovieLens Format = "movielens"
	// FormatSequences is "user item item ...", whitespace-separated, oldest
	// item first; Time is the item's position in the user's sequence.
	FormatSequences Format = "sequences"
)

// DefaultMaxLineBytes is the line length cap used when
// LoadOptions.MaxLineBytes is 0.
const DefaultMaxLineBytes = 1 << 20

// LoadOptions configures Load and Read. The zero value detects the format
// and keeps every row.
type LoadOptions struct {
	// Format of the input; FormatAuto (the default) detects it.
	Format Format
	// MinRating keeps only rows with rating >= MinRating when the input
	// has ratings; dropped rows are counted in Stats. 0 (the default) keeps
	// all rows.
	MinRating float32
	// MaxLineBytes caps the length of one line; a longer line is an error
	// wrapping ErrLineTooLong. 0 means DefaultMaxLineBytes (1 MiB).
	MaxLineBytes int
	// Users and Items, when not nil, are the id maps the loaded ids are
	// looked up in and added to, so several files share one index space
	// (Gowalla's train and test files). nil (the default) starts new maps.
	Users, Items *IDMap
}

func (o LoadOptions) maxLine() int {
	if o.MaxLineBytes <= 0 {
		return DefaultMaxLineBytes
	}
	return o.MaxLineBytes
}
