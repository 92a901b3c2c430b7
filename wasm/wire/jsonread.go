package wire

import (
	"errors"

	"github.com/corerec/corerec/internal/fmtlite"
)

// ParseRequest reads a Request from its JSON form (the keys of Request's json tags; unknown keys are
// skipped), as the browser's JS API sends it: one string per call instead of one boundary crossing per
// field. Numbers must be JSON numbers and booleans JSON booleans; null means absent. Errors name the
// field ("corerec: history must be an array of strings") or the byte where the JSON went wrong.
func ParseRequest(data []byte) (Request, error) {
	var r Request
	p := &jsonReader{b: data}
	var err error
	if !(p.peek() == 'n' && p.literal("null")) { // null, as encoding/json reads it, leaves the request empty
		err = p.object(func(key string) error { return p.requestField(&r, key) })
	}
	if err == nil {
		p.ws()
		if p.i != len(p.b) {
			err = p.syntax()
		}
	}
	return r, err
}

func (p *jsonReader) requestField(r *Request, key string) error {
	var err error
	var f float64
	switch key {
	case "user":
		r.User, err = p.strOrNull(key)
	case "history":
		r.History, err = p.strs(key)
	case "allow":
		r.Allow, err = p.strs(key)
	case "deny":
		r.Deny, err = p.strs(key)
	case "categories":
		r.Categories, err = p.strs(key)
	case "k":
		f, err = p.numOrNull(key)
		r.K = int(f)
	case "now":
		f, err = p.numOrNull(key)
		r.Now = int64(f)
	case "ef":
		f, err = p.numOrNull(key)
		r.Ef = int(f)
	case "exclude_seen":
		r.ExcludeSeen, err = p.boolOrNull(key)
	case "exact":
		r.Exact, err = p.boolOrNull(key)
	case "explain":
		r.Explain, err = p.boolOrNull(key)
	case "rules":
		r.Rules, err = p.ruleSwitch()
	default:
		err = p.skip(0)
	}
	return err
}

// maxJSONDepth bounds the nesting of skipped values.
const maxJSONDepth = 64

var errJSON = errors.New("corerec: request is not valid JSON")

// jsonReader reads JSON from b, advancing i; it never reads past len(b).
type jsonReader struct {
	b []byte
	i int
}

// syntax is the error at the current byte. Not inlined: an error path with fifteen call sites.
//
//go:noinline
func (p *jsonReader) syntax() error { return fmtlite.Errorf("%w at byte %d", errJSON, p.i) }

func (p *jsonReader) ws() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

// peek skips white space and returns the next byte, or 0 at the end.
func (p *jsonReader) peek() byte {
	p.ws()
	if p.i == len(p.b) {
		return 0
	}
	return p.b[p.i]
}

func (p *jsonReader) literal(s string) bool {
	if len(p.b)-p.i >= len(s) && string(p.b[p.i:p.i+len(s)]) == s {
		p.i += len(s)
		return true
	}
	return false
}

// object reads {"key": value, ...}, calling field for each key with the reader at its value.
func (p *jsonReader) object(field func(key string) error) error {
	if p.peek() != '{' {
		return p.syntax()
	}
	p.i++
	if p.peek() == '}' {
		p.i++
		return nil
	}
	for {
		if p.peek() != '"' {
			return p.syntax()
		}
		key, err := p.str()
		if err != nil {
			return err
		}
		if p.peek() != ':' {
			return p.syntax()
		}
		p.i++
		if err := field(key); err != nil {
			return err
		}
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return nil
		default:
			return p.syntax()
		}
	}
}

// ruleSwitch reads "rules": true, false, null (absent) or an array of rule names.
func (p *jsonReader) ruleSwitch() (*RuleSwitch, error) {
	switch p.peek() {
	case 't':
		if p.literal("true") {
			return &RuleSwitch{}, nil
		}
	case 'f':
		if p.literal("false") {
			return &RuleSwitch{Off: true}, nil
		}
	case 'n':
		if p.literal("null") {
			return nil, nil
		}
	case '[':
		only, err := p.strs("rules")
		return &RuleSwitch{Only: only}, err
	}
	return nil, fmtlite.Errorf("corerec: rules must be true, false or an array of rule names")
}
