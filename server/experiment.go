package server

import "math"

// buckets is the resolution of the traffic split: shares are rounded to 1/10000.
const buckets = 10000

// split assigns users to the experiment's arms by a hash of the salt and the user id, so each user stays
// in one arm for as long as the share and salt stay the same, across restarts and replicas.
type split struct {
	salt    string
	inB     uint64 // users whose bucket is below inB go to "b"
	enabled bool
}

func newSplit(share float64, salt string) split {
	return split{salt: salt, inB: uint64(math.Round(share * buckets)), enabled: true}
}

// bucket is the user's bucket in [0, buckets): FNV-1a of salt, a zero byte, and the user id.
func (p split) bucket(user string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(p.salt); i++ {
		h = (h ^ uint64(p.salt[i])) * prime
	}
	h *= prime // the zero byte between salt and user
	for i := 0; i < len(user); i++ {
		h = (h ^ uint64(user[i])) * prime
	}
	return h % buckets
}

// slotFor picks the slot serving user: "b" for users in its share, "a" for the rest and for requests
// without a user id.
func (s *Server) slotFor(user string) *slot {
	if !s.split.enabled || user == "" || s.split.bucket(user) >= s.split.inB {
		return s.slots[0]
	}
	return s.slots[1]
}

// share is the fraction of users a slot serves.
func (s *Server) share(i int) float64 {
	if !s.split.enabled {
		return 1
	}
	b := float64(s.split.inB) / buckets
	if i == 1 {
		return b
	}
	return 1 - b
}
