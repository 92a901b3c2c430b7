package server

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDemoBundleServes(t *testing.T) {
	if testing.Short() {
		t.Skip("long: trains the demo model (a few seconds)")
	}
	data, err := DemoBundle(context.Background(), 1)
	require.NoError(t, err)
	ts := start(t, Options{Source: &BytesSource{Name: "demo", Data: data}})
	code, res, bad := ts.recommend(t, `{"user":"u0001","k":10,"exclude_seen":true}`)
	require.Equal(t, http.StatusOK, code, bad.Error)
	require.Len(t, res.Items, 10)
	require.Empty(t, res.Fallback)
	b := ts.slots[0].acquire()
	defer b.release()
	require.Equal(t, 1000, b.eng.NumItems())
	require.Equal(t, 2000, b.eng.Catalog().NumUsers())
	require.Equal(t, "synthetic demo", b.eng.Manifest().Name)
}
