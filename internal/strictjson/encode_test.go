package strictjson_test

import (
	"encoding/json"
	"testing"

	"github.com/corerec/corerec/internal/strictjson"
	"github.com/stretchr/testify/require"
)

// AppendString writes the bytes encoding/json's Marshal writes for a string, whatever the string.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "<a&b>\u2028\u2029\"\\\n\r\t\b\f\x01\x1f\x7f", "\xff\xe2\x80 ünï 🙂", "x\x00y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(strictjson.AppendString([]byte("prefix"), s)[len("prefix"):]))
	})
}

// AppendStrings writes what encoding/json's Marshal writes for a non-nil []string.
func TestAppendStrings(t *testing.T) {
	for _, ss := range [][]string{{}, {"a"}, {"x\"y", "<z>", "\xff"}} {
		want, err := json.Marshal(ss)
		require.NoError(t, err)
		require.Equal(t, string(want), string(strictjson.AppendStrings([]byte("p"), ss)[1:]))
	}
}
