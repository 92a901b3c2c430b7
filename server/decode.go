package server

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// decodeRecommend reads one JSON object from r (already capped by http.MaxBytesReader) and checks it
// against the limits. Every failure is a 4xx with a message naming the problem.
func decodeRecommend(r io.Reader, lim Limits) (RecommendRequest, *apiError) {
	var req RecommendRequest
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, decodeError(err, lim)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return req, errorf(http.StatusBadRequest, CodeMalformedJSON, "unexpected data after the JSON object")
		}
		return req, decodeError(err, lim)
	}
	return req, validate(&req, lim)
}

func validate(req *RecommendRequest, lim Limits) *apiError {
	switch {
	case req.K < 0:
		return errorf(http.StatusBadRequest, CodeBadRequest, "k = %d is negative", req.K)
	case req.K > lim.MaxK:
		return errorf(http.StatusBadRequest, CodeKTooLarge, "k = %d is over the limit %d", req.K, lim.MaxK)
	case req.User == "" && len(req.History) == 0:
		return errorf(http.StatusBadRequest, CodeBadRequest, "give a user or a history")
	}
	for _, l := range []struct {
		name string
		n    int
	}{{"history", len(req.History)}, {"allow", len(req.Allow)}, {"deny", len(req.Deny)}} {
		if l.n > lim.MaxList {
			return errorf(http.StatusBadRequest, CodeBadRequest, "%s has %d ids, the limit is %d", l.name, l.n, lim.MaxList)
		}
	}
	if e := validateFilter(req.Filter, lim); e != nil {
		return e
	}
	if e := validateAttributes(req.Attributes, lim); e != nil {
		return e
	}
	return validatePipeline(req.Pipeline, lim)
}

// decodeError turns a decoding error into its answer.
func decodeError(err error, lim Limits) *apiError {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var big *http.MaxBytesError
	var tim *time.ParseError
	var nerr net.Error
	switch {
	case errors.As(err, &big):
		return errorf(http.StatusRequestEntityTooLarge, CodeBodyTooLarge, "request body is over the limit of %d bytes", lim.MaxBodyBytes)
	case errors.As(err, &nerr) && nerr.Timeout():
		return errorf(http.StatusRequestTimeout, CodeRequestTimeout, "the request body arrived too slowly")
	case errors.As(err, &syn):
		return errorf(http.StatusBadRequest, CodeMalformedJSON, "malformed JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.Is(err, io.EOF):
		return errorf(http.StatusBadRequest, CodeMalformedJSON, "empty body: want a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errorf(http.StatusBadRequest, CodeMalformedJSON, "truncated JSON")
	case errors.As(err, &typ) && typ.Field == "":
		return errorf(http.StatusBadRequest, CodeWrongType, "the body must be a JSON object, not %s", typ.Value)
	case errors.As(err, &typ):
		return errorf(http.StatusBadRequest, CodeWrongType, "field %q: want %s, got %s", typ.Field, typeName(typ), typ.Value)
	case errors.As(err, &tim) || strings.HasPrefix(err.Error(), "Time.UnmarshalJSON"):
		return errorf(http.StatusBadRequest, CodeWrongType, `a time field ("now", "created_after", "created_before"): want an RFC 3339 time such as "2025-01-31T12:00:00Z"`)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errorf(http.StatusBadRequest, CodeUnknownField, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return errorf(http.StatusBadRequest, CodeMalformedJSON, "%v", err)
}

func typeName(e *json.UnmarshalTypeError) string {
	switch e.Type.String() {
	case "int":
		return "an integer"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "[]string":
		return "an array of strings"
	case "float64", "float32":
		return "a number"
	case "time.Time":
		return "an RFC 3339 time"
	}
	return e.Type.String()
}

// checkJSON refuses bodies declared as something other than JSON. An absent Content-Type is accepted,
// and so is application/x-www-form-urlencoded: it is what `curl -d '{...}'` sends.
func checkJSON(r *http.Request) *apiError {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "application/x-www-form-urlencoded") {
		return nil
	}
	return errorf(http.StatusUnsupportedMediaType, CodeMediaType, "Content-Type %q: want application/json", ct)
}

// similarQuery reads GET /v1/items/{id}/similar's query: k (default 10) and user (which picks the
// experiment arm). Anything else is refused.
func similarQuery(q url.Values, lim Limits) (k int, user string, aerr *apiError) {
	for name, vs := range q {
		if name != "k" && name != "user" {
			return 0, "", errorf(http.StatusBadRequest, CodeUnknownField, "unknown query parameter %q (want k, user)", name)
		}
		if len(vs) > 1 {
			return 0, "", errorf(http.StatusBadRequest, CodeBadRequest, "query parameter %q given %d times", name, len(vs))
		}
	}
	user = q.Get("user")
	if s := q.Get("k"); s != "" {
		var err error
		if k, err = strconv.Atoi(s); err != nil {
			return 0, "", errorf(http.StatusBadRequest, CodeWrongType, "query parameter k = %q: want an integer", s)
		}
	}
	req := RecommendRequest{K: k, User: "-"}
	return k, user, validate(&req, lim)
}
