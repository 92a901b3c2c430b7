package wire

import (
	"bytes"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/strictjson"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

// RuleSwitch is a request's "rules": true (the bundle's rules as the bundle configures them, the
// default), false (no rules: the rerank stage is skipped), or a list of rule names (exactly those rules
// run, whatever the bundle's defaults).
type RuleSwitch struct {
	// Off is "rules": false.
	Off bool
	// Only, when not nil, is the list form.
	Only []string
}

// MarshalJSON writes true, false or the list.
func (s RuleSwitch) MarshalJSON() ([]byte, error) {
	switch {
	case s.Only != nil:
		return strictjson.AppendStrings(nil, s.Only), nil
	case s.Off:
		return []byte("false"), nil
	}
	return []byte("true"), nil
}

// UnmarshalJSON reads true, false, null (true) or an array of rule names.
func (s *RuleSwitch) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "true", "null":
		*s = RuleSwitch{}
		return nil
	case "false":
		*s = RuleSwitch{Off: true}
		return nil
	}
	var only []string
	if err := strictjson.Decode(b, func(d *strictjson.Decoder) error { return d.Strings(&only) }); err != nil || only == nil {
		return fmtlite.Errorf("corerec: rules must be true, false or an array of rule names")
	}
	*s = RuleSwitch{Only: only}
	return nil
}

// Rules lists the rules of eng's bundle (nil without rules), for a page's rule toggle.
func Rules(eng *runtime.Engine) []rules.RuleState {
	if ch, ok := eng.Reranker().(*rules.Chain); ok {
		return ch.Rules()
	}
	return nil
}

// override maps the switch to the pipeline override that carries it (nil: nothing to change).
func (s *RuleSwitch) override(eng *runtime.Engine) (*runtime.PipelineOverride, error) {
	if s == nil || !eng.HasRules() || (!s.Off && s.Only == nil) {
		return nil, nil
	}
	if s.Off {
		return &runtime.PipelineOverride{NoRerank: true}, nil
	}
	all := Rules(eng)
	on := make(map[string]bool, len(all))
	for _, r := range all {
		on[r.Name] = false
	}
	for _, n := range s.Only {
		if _, ok := on[n]; !ok {
			return nil, fmtlite.Errorf("%w: no rule named %q in the bundle", runtime.ErrBadRequest, n)
		}
		on[n] = true
	}
	return &runtime.PipelineOverride{Rules: on}, nil
}
