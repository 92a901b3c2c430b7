package server

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The OpenAPI file names every route and error code, and its request examples pass the strict decoder.
func TestOpenAPIInStep(t *testing.T) {
	raw, err := os.ReadFile("../api/openapi.yaml")
	require.NoError(t, err)
	spec := string(raw)
	for _, p := range []string{pathRecommend, pathSimilar, pathBundle, pathHealth, pathReady, pathMetrics, pathReload} {
		require.Contains(t, spec, "\n  "+p+":\n", "route %s is not in api/openapi.yaml", p)
	}
	for _, c := range []string{CodeMalformedJSON, CodeWrongType, CodeUnknownField, CodeBadRequest, CodeKTooLarge,
		CodeUnauthorized, CodeNotFound, CodeUnknownUser, CodeUnknownItem, CodeMethodNotAllowed, CodeRequestTimeout,
		CodeBodyTooLarge, CodeMediaType, CodeBundleRefused, CodeInternal, CodePluginFailed, CodeFetchFailed, CodeOverloaded,
		CodeTimeout, CodeNotReady} {
		require.Regexp(t, `enum: \[[^\]]*\b`+c+`\b`, spec, "code %s is not in the Error enum", c)
	}
	examples := regexp.MustCompile(`(?m)^\s+value: (\{ ".*\})$`).FindAllStringSubmatch(spec, -1)
	require.Len(t, examples, 6)
	lim := Options{}.withDefaults().Limits
	for _, m := range examples {
		_, aerr := decodeRecommend(strings.NewReader(m[1]), lim)
		require.Nil(t, aerr, "example %s", m[1])
	}
}
