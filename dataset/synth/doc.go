// Package synth generates interaction data with planted, learnable
// structure, for tests, examples and demos that must not depend on real
// data files.
//
// # Model
//
// Items belong to one of C categories, have Zipf-like popularity and a
// creation time (half the catalog exists from the start, the rest appears
// over the first 80 % of the time span). Each user has a taste: a mixture
// over categories dominated by one to three of them. Users interact in
// sessions over time: a session picks a category from the taste (or keeps
// the previous session's), and within a session each next item is a close
// neighbour of the previous item, an item of the session's category, or
// occasionally one drawn from the whole taste or, "mainstream", from the
// whole catalog by popularity. Within a category items are
// drawn by popularity among those already created: nothing is interacted
// with before its creation time. A user consumes an item at most once.
// Ratings (1–5) are higher in the categories a user likes most.
//
// Users also get features that later stages use for cold start: a noisy
// linear projection of the taste (UserFeatures), and an age and a country
// correlated with the dominant category.
//
// The same Config (seed included) always yields the same Data; generation
// uses no global state, no clock and no network, and the default size
// (2,000 users, 1,000 items, about 60,000 interactions) takes a few
// milliseconds.
//
// # Concurrency
//
// Generate is safe to call concurrently. The returned Data is not shared
// with anything and may be read from many goroutines.
package synth
