package synth

import (
	"math"

	"github.com/corerec/corerec/dataset"
)

// Session timing, in seconds.
const (
	meanItemGap    = 240       // between items of a session (plus 30 s minimum)
	meanSessionGap = 3 * 86400 // between sessions
	sessionKeep    = 0.5       // chance a session keeps the previous session's category
	drawTries      = 6         // draws before giving up on an unseen item for a slot
)

// simulator samples each user's sessions.
type simulator struct {
	cfg  Config
	cat  *catalog
	pop  *population
	src  *source
	seen []int32 // seen[i] == user+1 when the current user consumed item i
}

func simulate(cfg Config, cat *catalog, pop *population, src *source) []dataset.Interaction {
	s := &simulator{cfg: cfg, cat: cat, pop: pop, src: src, seen: make([]int32, cfg.Items)}
	rows := make([]dataset.Interaction, 0, cfg.Users*cfg.InteractionsPerUser)
	for u := range cfg.Users {
		rows = s.user(rows, int32(u))
	}
	return rows
}

// count draws a user's number of interactions.
func (s *simulator) count() int {
	mean := s.cfg.InteractionsPerUser
	lo := min(5, mean)
	n := lo + int(s.src.exp()*float64(mean-lo))
	return min(n, 10*mean, max(1, s.cfg.Items/2))
}

// user appends user u's interactions, session by session, oldest first.
func (s *simulator) user(rows []dataset.Interaction, u int32) []dataset.Interaction {
	n := s.count()
	t := s.pop.join[u]
	sessCat, got := -1, 0
	for attempts := 0; got < n && attempts < 4*n; {
		if sessCat < 0 || s.src.float64() >= sessionKeep {
			sessCat = s.src.pick(s.pop.cum[u])
		}
		length := 1 + int(s.src.exp()*(s.cfg.SessionLength-1))
		prev := int32(-1)
		for j := 0; j < length && got < n; j++ {
			attempts++
			item := s.next(u, sessCat, prev, t)
			if item >= 0 {
				s.seen[item] = u + 1
				rows = append(rows, dataset.Interaction{User: u, Item: item, Time: t, Rating: s.rating(u, item)})
				got++
				prev = item
			}
			t += 30 + int64(s.src.exp()*meanItemGap)
		}
		t += int64(s.src.exp() * meanSessionGap)
	}
	return rows
}

// next draws the item after prev (-1 at a session's start) that u has not
// consumed yet, or -1 after drawTries failures.
func (s *simulator) next(u int32, sessCat int, prev int32, t int64) int32 {
	for range drawTries {
		var item int32
		switch {
		case s.src.float64() < s.cfg.Mainstream:
			item = s.cat.draw(s.src, s.cfg.Categories, t)
		case prev >= 0 && s.src.float64() < s.cfg.Related:
			item = s.cat.neighbour(s.src, prev, t)
		case s.src.float64() < s.cfg.SessionStay:
			item = s.cat.draw(s.src, sessCat, t)
		default:
			item = s.cat.draw(s.src, s.src.pick(s.pop.cum[u]), t)
		}
		if s.seen[item] != u+1 {
			return item
		}
	}
	return -1
}

// rating is 1–5, higher the closer the item's category is to u's favourite.
func (s *simulator) rating(u, item int32) float32 {
	a := s.pop.taste[u][s.cat.category[item]] / s.pop.maxTaste[u]
	r := math.Round(1.5 + 3.5*a + 0.6*s.src.normal())
	return float32(min(max(r, 1), 5))
}
