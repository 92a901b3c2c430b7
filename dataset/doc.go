// Package dataset loads user–item interactions, maps their string ids to
// dense int32 indices, orders them into per-user sequences and splits them
// for evaluation.
//
// # Basics
//
// [Load] and [Read] parse one of four formats (see [Format]): CSV or TSV with
// a header naming the user and item columns (and optionally timestamp and
// rating), MovieLens 100K's u.data, and whitespace-separated sequences
// ("user item item ...", oldest first). Every row is kept in file order in
// [Dataset.Rows]; original ids live in the two [IDMap]s. Nothing is dropped
// silently: every skipped row is counted in [Stats] with a reason, and every
// malformed row is a [*ParseError] carrying the file name, the line and the
// column.
//
// [Dataset.Sequences] orders each user's items by time (stably, so equal
// timestamps keep file order) and [LeaveOneOut] splits each sequence into
// train, validation (second to last) and test (last) items, the protocol of
// the project's evaluation (see package eval).
//
// [LoadItemAttributes] reads per-item category, creation time and tags;
// [ReadLists] and [WriteLists] read and write "user<TAB>item,item,..." lines
// (recommendation lists and histories with original ids).
//
// # Limits
//
// A line may be at most [LoadOptions.MaxLineBytes] long (1 MiB by default);
// longer lines give a [*ParseError] wrapping [ErrLineTooLong]. Memory grows
// with the number of rows read, never with a length written in the input.
//
// # Concurrency
//
// Parsing functions are safe to call concurrently on different inputs. A
// [Dataset], an [IDMap] and a [Split] may be read from many goroutines at
// once once built; [IDMap.Add] and any change to a Dataset need exclusive
// access.
package dataset
