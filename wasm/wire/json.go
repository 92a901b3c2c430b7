package wire

import (
	"math"
	"strconv"

	"github.com/corerec/corerec/internal/strictjson"
	"github.com/corerec/corerec/runtime"
)

// AppendJSON appends r as JSON to dst, in the shape the browser's JS API returns: items carry id, index,
// score, category (always) and because (when set); fallback and ignored appear when set; stages carry
// name, in, out and duration_ns; trace (runtime.Trace's JSON, items and sources always arrays) when set. It lets the browser build hand an answer to JavaScript in one crossing
// (a string for JSON.parse) instead of one per field, without linking encoding/json (230 KB of code).
// A score that is not finite is written as null.
func AppendJSON(dst []byte, r Response) []byte {
	dst = append(dst, `{"items":[`...)
	for i, it := range r.Items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"id":`...)
		dst = strictjson.AppendString(dst, it.ID)
		dst = append(dst, `,"index":`...)
		dst = strconv.AppendInt(dst, int64(it.Index), 10)
		dst = append(dst, `,"score":`...)
		dst = appendJSONFloat(dst, float64(it.Score))
		dst = append(dst, `,"category":`...)
		dst = strictjson.AppendString(dst, it.Category)
		if it.Because != "" {
			dst = append(dst, `,"because":`...)
			dst = strictjson.AppendString(dst, it.Because)
		}
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	if r.Fallback != "" {
		dst = append(dst, `,"fallback":`...)
		dst = strictjson.AppendString(dst, r.Fallback)
	}
	if len(r.Ignored) > 0 {
		dst = strictjson.AppendStrings(append(dst, `,"ignored":`...), r.Ignored)
	}
	dst = append(dst, `,"stages":[`...)
	for i, s := range r.Stages {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"name":`...)
		dst = strictjson.AppendString(dst, s.Name)
		dst = append(dst, `,"in":`...)
		dst = strconv.AppendInt(dst, int64(s.In), 10)
		dst = append(dst, `,"out":`...)
		dst = strconv.AppendInt(dst, int64(s.Out), 10)
		dst = append(dst, `,"duration_ns":`...)
		dst = strconv.AppendInt(dst, int64(s.Duration), 10)
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	if r.Trace != nil {
		dst = append(dst, `,"trace":`...)
		dst = appendTrace(dst, r.Trace)
	}
	return append(dst, '}')
}

// appendTrace writes a pipeline trace with runtime.Trace's JSON names.
func appendTrace(dst []byte, t *runtime.Trace) []byte {
	dst = append(dst, `{"items":[`...)
	for i, it := range t.Items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"id":`...)
		dst = strictjson.AppendString(dst, it.ID)
		dst = append(dst, `,"sources":[`...)
		for j, s := range it.Sources {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"retriever":`...)
			dst = strictjson.AppendString(dst, s.Retriever)
			dst = append(dst, `,"rank":`...)
			dst = strconv.AppendInt(dst, int64(s.Rank), 10)
			dst = append(dst, `,"score":`...)
			dst = appendJSONFloat(dst, float64(s.Score))
			if s.Via != "" {
				dst = append(dst, `,"via":`...)
				dst = strictjson.AppendString(dst, s.Via)
			}
			dst = append(dst, '}')
		}
		dst = append(dst, `],"fused":`...)
		dst = strconv.AppendInt(dst, int64(it.Fused), 10)
		dst = append(dst, `,"ranked":`...)
		dst = strconv.AppendInt(dst, int64(it.Ranked), 10)
		dst = append(dst, `,"scored":`...)
		dst = strconv.AppendBool(dst, it.Scored)
		dst = append(dst, `,"final":`...)
		dst = strconv.AppendInt(dst, int64(it.Final), 10)
		if len(it.Moves) > 0 {
			dst = append(dst, `,"moves":`...)
			dst = appendMoves(dst, it.Moves)
		}
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	if len(t.Removed) > 0 {
		dst = append(dst, `,"removed":`...)
		dst = appendMoves(dst, t.Removed)
	}
	return append(dst, '}')
}

func appendMoves(dst []byte, moves []runtime.RuleMove) []byte {
	dst = append(dst, '[')
	for i, m := range moves {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"item":`...)
		dst = strictjson.AppendString(dst, m.Item)
		dst = append(dst, `,"index":`...)
		dst = strconv.AppendInt(dst, int64(m.Index), 10)
		dst = append(dst, `,"rule":`...)
		dst = strictjson.AppendString(dst, m.Rule)
		dst = append(dst, `,"from":`...)
		dst = strconv.AppendInt(dst, int64(m.From), 10)
		dst = append(dst, `,"to":`...)
		dst = strconv.AppendInt(dst, int64(m.To), 10)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendJSONFloat writes f exactly (the shortest decimal that reads back as the same float64).
func appendJSONFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}
