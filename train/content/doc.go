// Package content builds a TF-IDF content model: each item's text (titles, descriptions) and categorical
// attributes (genres, brand) become a sparse, L2-normalised vector over a vocabulary, so items are
// compared by what they are rather than by who interacted with them. It serves item-to-item similarity
// ("more like this"), user profiles (the mean of a user's items' vectors) and cold items that have text
// but no interactions yet.
//
// # Model
//
// Tokenizer: text is lowercased and split into runs of Unicode letters and digits; with
// Config.StopWords, common English words are dropped. An attribute value is one token, "field=value"
// (lowercased, kept whole: "genre=film-noir"). Terms found in fewer than Config.MinDF items, or in more
// than Config.MaxDF of them, are dropped.
//
// Weights: w(t, i) = (1 + ln tf(t, i)) · idf(t) with idf(t) = ln((1 + n) / (1 + df(t))) + 1 (sublinear term
// frequency, smoothed idf), then each item's vector is scaled to unit L2 norm, so a dot product is a cosine.
// An item with no terms has an empty vector and is similar to nothing.
//
// # Bundle
//
// Model.Builder writes a bundle of Manifest.Kind modelpack.KindTFIDF: the item vectors by item and by
// term (an inverted index), the vocabulary and the idf (see modelpack/names_content.go), with the
// catalog, each user's seen items and item popularity. The runtime serves it: Similar ranks by cosine to
// the item's vector, Recommend by cosine to the user's profile (the mean of the stored seen items' or the
// request history's vectors). No dense embedding is stored: a TF-IDF vector is exactly what is scored.
//
// # Concurrency
//
// Fit may be called from any goroutine. A Model is read-only after Fit: its methods are safe for
// concurrent use.
package content
