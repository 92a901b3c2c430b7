package content

import (
	"strings"
	"unicode"
)

// TokenizerVersion names the tokenizer in the bundle (modelpack.ExtraContentTokenizer), so a reader that
// vectorises new text knows which rules made the vocabulary.
const TokenizerVersion = "v1 lower letters-digits"

// Tokenize appends the tokens of s to dst: runs of Unicode letters and digits, lowercased. With stop,
// English stop words (see IsStopWord) are dropped.
func Tokenize(s string, stop bool, dst []string) []string {
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			dst = appendToken(dst, s[start:i], stop)
			start = -1
		}
	}
	if start >= 0 {
		dst = appendToken(dst, s[start:], stop)
	}
	return dst
}

func appendToken(dst []string, tok string, stop bool) []string {
	tok = strings.ToLower(tok)
	if stop && IsStopWord(tok) {
		return dst
	}
	return append(dst, tok)
}

// AttributeToken is the single token of an attribute value: "field=value", lowercased and trimmed, kept
// whole. An empty value has no token ("").
func AttributeToken(field, value string) string {
	value = strings.TrimSpace(value)
	if value == "" {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(field)) + "=" + strings.ToLower(value)
}

// IsStopWord reports whether the lowercase token w is a common English word (articles, pronouns,
// prepositions, auxiliaries) that carries no content.
func IsStopWord(w string) bool {
	_, ok := stopWords[w]
	return ok
}

var stopWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`a about above after again against all am an and any are as at be because
		been before being below between both but by can could did do does doing down during each few for from
		further had has have having he her here hers herself him himself his how i if in into is it its itself
		just me more most my myself no nor not now of off on once only or other our ours ourselves out over own
		same she should so some such than that the their theirs them themselves then there these they this
		those through to too under until up very was we were what when where which while who whom why will
		with would you your yours yourself yourselves s t d ll m re ve`) {
		m[w] = struct{}{}
	}
	return m
}()
