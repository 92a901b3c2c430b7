package synth

// Config sets the size and shape of the generated data. The zero value
// gives the defaults noted on each field; a zero field takes its default.
type Config struct {
	// Users is the number of users (default 2000).
	Users int
	// Items is the number of items (default 1000).
	Items int
	// Categories is the number of item categories (default 20; at most Items).
	Categories int
	// InteractionsPerUser is the mean number of interactions per user
	// (default 30); counts are exponentially spread above a minimum of
	// min(5, mean) and capped at Items/2.
	InteractionsPerUser int
	// Seed selects the data; the same Config gives the same data. 0 is a
	// seed like any other.
	Seed int64

	// Focus is the share of a user's taste on their 1–3 dominant
	// categories (default 0.85); the rest is spread Dirichlet(0.1) over all.
	Focus float64
	// Zipf is the popularity exponent: the item of popularity rank r has
	// weight 1/(r+1)^Zipf (default 1.0).
	Zipf float64
	// Mainstream is the probability that an item is drawn by popularity
	// from the whole catalog, whatever the user's taste (default 0.2;
	// negative disables).
	Mainstream float64
	// SessionLength is the mean number of items in a session (default 6).
	SessionLength float64
	// SessionStay is the probability that a session item comes from the
	// session's category rather than the whole taste (default 0.85).
	SessionStay float64
	// Related is the probability that a session item is a close neighbour
	// of the previous one (default 0.3; negative disables).
	Related float64
	// FeatureDim is the length of UserFeatures rows (default 16).
	FeatureDim int
	// FeatureNoise is the standard deviation of the noise added to the
	// projected taste in UserFeatures (default 0.5; the signal has unit
	// scale per dominant category).
	FeatureNoise float64
	// Countries is the number of distinct user countries (default 12).
	Countries int
	// Start is the unix time (seconds) the catalog opens (default
	// 2020-01-01T00:00:00Z).
	Start int64
	// Days is the time span, in days, over which users join and items
	// appear (default 365).
	Days int
}

// withDefaults fills zero fields.
func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	deff := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Users, 2000)
	def(&c.Items, 1000)
	def(&c.Categories, 20)
	c.Categories = min(c.Categories, c.Items)
	def(&c.InteractionsPerUser, 30)
	def(&c.FeatureDim, 16)
	def(&c.Countries, 12)
	def(&c.Days, 365)
	deff(&c.Focus, 0.85)
	deff(&c.Zipf, 1.0)
	deff(&c.SessionLength, 6)
	deff(&c.SessionStay, 0.85)
	deff(&c.Related, 0.3)
	deff(&c.Mainstream, 0.2)
	deff(&c.FeatureNoise, 0.5)
	if c.Start == 0 {
		c.Start = 1577836800 // 2020-01-01T00:00:00Z
	}
	return c
}
