// Package strictjson decodes the JSON specs a bundle carries (the pipeline, ranker and rules specs, rule
// and plugin configs, plugin manifests) the way encoding/json's Decoder does with DisallowUnknownFields,
// without linking encoding/json or reflection: encoding/json is 230 KB of code, and the browser build of
// the runtime has a 1.2 MB gzip budget.
//
// # Basics
//
// Each spec type has a small decode function written with a Decoder, one call per field:
//
//	func (r *RetrieverSpec) decode(d *strictjson.Decoder) error {
//		return d.Object([]string{"kind", "candidates"}, func(d *strictjson.Decoder, i int) error {
//			if i == 0 {
//				return d.String(&r.Kind)
//			}
//			return d.Int(&r.Candidates)
//		})
//	}
//
// and Decode reads exactly one JSON value (white space around it, nothing else) with it. The Decoder
// reads as encoding/json does: keys match a field's name exactly or else case-insensitively, a repeated key
// reads again into the same field, null leaves a value alone (and empties slices and maps), an array reuses
// a slice's backing array, invalid UTF-8 and lone surrogates in strings become U+FFFD, integers must be
// integer literals that fit, a type with its own UnmarshalJSON gets the value's raw bytes (Raw), and values
// nest at most 10,000 deep. So a decode function that lists its type's json names and calls the method of
// each field's type succeeds exactly when encoding/json would and leaves the same value; package jsontest
// checks that differentially, and every package with decode functions fuzzes its own against encoding/json.
//
// One deliberate difference: Decoder.Time reads only the RFC 3339 form time.Time's MarshalJSON writes
// (two-digit fields, "Z" or ±hh:mm), where encoding/json falls back to time.Parse's lenient layout parser
// (one-digit hours, for instance); that parser alone costs the browser build about 15 KB gzip. Such
// timestamps fail with ErrTimestamp.
//
// Error messages are this package's own: *SyntaxError for malformed JSON, else an error naming the
// value's path ("value.rules[2].kind"). Allocation is bounded by the input: strings, slices and maps
// grow with the bytes read, never by a length the input states.
//
// # Concurrency
//
// Decode is safe for concurrent use; a Decoder belongs to one Decode call.
package strictjson
