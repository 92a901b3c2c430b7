package strictjson

import (
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Time reads a timestamp (or null) into p: a string in RFC 3339's form with two-digit fields, optional
// fractional seconds and "Z" or a ±hh:mm offset — the form time.Time's MarshalJSON writes. It gives the
// value time.Time's UnmarshalJSON gives (location included) without linking time's layout parser, whose
// code is a sizeable share of the browser build; that parser's leniencies (one-digit hours, for instance)
// are refused here.
func (d *Decoder) Time(p *time.Time) error {
	raw, err := d.Raw()
	if err != nil || string(raw) == "null" {
		return err
	}
	// Like time.Time's UnmarshalJSON, read the bytes between the quotes as they are, escapes included.
	if len(raw) < 2 || raw[0] != '"' {
		return d.Error("want a timestamp string")
	}
	t, ok := parseTimestamp(string(raw[1 : len(raw)-1]))
	if !ok {
		return fmtlite.Errorf("strictjson: %s: %w, got %s", d.where(), ErrTimestamp, raw)
	}
	*p = t
	return nil
}

// parseTimestamp reads YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm).
func parseTimestamp(s string) (time.Time, bool) {
	num := func(from, n int) (int, bool) {
		if from+n > len(s) {
			return 0, false
		}
		v := 0
		for _, c := range []byte(s[from : from+n]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = 10*v + int(c-'0')
		}
		return v, true
	}
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	rest, nsec := s[19:], 0
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			if n <= 9 {
				nsec = 10*nsec + int(rest[n]-'0')
			}
			n++
		}
		if n == 1 {
			return time.Time{}, false
		}
		for k := n; k <= 9; k++ {
			nsec *= 10
		}
		rest = rest[n:]
	}
	return zoned(time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), rest)
}

// zoned applies the zone suffix z ("Z" or ±hh:mm) to t, read as UTC wall time, and sets the location as
// time.Time's UnmarshalJSON does: UTC for "Z", Local when the offset is Local's at that instant, else a
// fixed zone without a name.
func zoned(t time.Time, z string) (time.Time, bool) {
	if z == "Z" {
		return t, true
	}
	if len(z) != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':' {
		return time.Time{}, false
	}
	h, m := int(z[1]-'0')*10+int(z[2]-'0'), int(z[4]-'0')*10+int(z[5]-'0')
	for _, c := range []byte{z[1], z[2], z[4], z[5]} {
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
	}
	if h > 23 || m > 59 {
		return time.Time{}, false
	}
	off := (h*60 + m) * 60
	if z[0] == '-' {
		off = -off
	}
	t = t.Add(-time.Duration(off) * time.Second)
	if _, local := t.In(time.Local).Zone(); local == off {
		return t.In(time.Local), true
	}
	return t.In(time.FixedZone("", off)), true
}

func daysIn(m time.Month, year int) int {
	if m == time.February {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 31 - int(m-1)%7%2
}
