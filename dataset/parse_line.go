package dataset

import (
	"bufio"
	"io"
	"math"
	"strconv"
)

// readMovieLens parses u.data: "user\titem\trating\ttimestamp" per line.
func readMovieLens(br *bufio.Reader, b *builder) error {
	b.d.HasTime, b.d.HasRating = true, true
	lr := &lineReader{br: br}
	var f [5][]byte
	for {
		line, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if skippable(line) {
			continue
		}
		n := 0
		for rest := line; n < len(f); n++ {
			if f[n], rest = nextField(rest); len(f[n]) == 0 {
				break
			}
		}
		if n != 4 {
			return parseErr(b.d.Source, lr.line, "", "want 4 fields (user item rating timestamp), got %d", n)
		}
		rating, err := parseRating(f[2])
		if err != nil {
			return parseErr(b.d.Source, lr.line, "rating", "%v: %q", err, f[2])
		}
		ts, err := parseInt(f[3])
		if err != nil {
			return parseErr(b.d.Source, lr.line, "timestamp", "not an integer: %q", f[3])
		}
		b.add(f[0], f[1], ts, rating)
	}
}

// readSequences parses "user item item ..." per line; Time is the item's
// position in the user's sequence, counted across lines of the same user.
func readSequences(br *bufio.Reader, b *builder) error {
	b.d.HasTime = true
	lr := &lineReader{br: br}
	for {
		line, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if skippable(line) {
			continue
		}
		user, rest := nextField(line)
		u := b.d.Users.addBytes(user)
		for int(u) >= len(b.pos) {
			b.pos = append(b.pos, 0)
		}
		item, rest := nextField(rest)
		if len(item) == 0 {
			b.d.Stats.skip(SkipEmptySequence)
			continue
		}
		for ; len(item) > 0; item, rest = nextField(rest) {
			b.add(user, item, b.pos[u], 0)
			b.pos[u]++
		}
	}
}

// parseInt parses a base-10 int64.
func parseInt(s []byte) (int64, error) {
	return strconv.ParseInt(string(s), 10, 64)
}

// ratingError says why a rating did not parse.
type ratingError string

func (e ratingError) Error() string { return string(e) }

// parseRating parses a finite float32.
func parseRating(s []byte) (float32, error) {
	v, err := strconv.ParseFloat(string(s), 32)
	if err != nil {
		return 0, ratingError("not a number in float32 range")
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, ratingError("not a finite number")
	}
	return float32(v), nil
}
