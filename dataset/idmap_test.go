package dataset_test

import (
	"strings"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/stretchr/testify/require"
)

func TestIDMap(t *testing.T) {
	m := dataset.NewIDMap()
	require.Equal(t, int32(0), m.Add("b"))
	require.Equal(t, int32(1), m.Add("a"))
	require.Equal(t, int32(0), m.Add("b"), "existing id keeps its index")
	require.Equal(t, 2, m.Len())
	i, ok := m.Index("a")
	require.True(t, ok)
	require.Equal(t, int32(1), i)
	_, ok = m.Index("c")
	require.False(t, ok)
	require.Equal(t, "b", m.ID(0))
	require.Equal(t, []string{"b", "a"}, m.IDs())
}

func TestIDMapOf(t *testing.T) {
	m, err := dataset.IDMapOf([]string{"x", "y", "z"})
	require.NoError(t, err)
	require.Equal(t, 3, m.Len())
	i, _ := m.Index("z")
	require.Equal(t, int32(2), i)

	_, err = dataset.IDMapOf([]string{"x", "y", "x"})
	require.ErrorIs(t, err, dataset.ErrDuplicateID)
	require.Contains(t, err.Error(), `"x"`)
}

func TestIDMapZeroValue(t *testing.T) {
	var m dataset.IDMap
	_, ok := m.Index("a")
	require.False(t, ok)
	require.Equal(t, int32(0), m.Add("a"))
	d, err := dataset.Read(strings.NewReader("1 2\n"), "s.txt", dataset.LoadOptions{Users: &m, Items: &dataset.IDMap{}})
	require.NoError(t, err)
	require.Equal(t, 2, d.Users.Len())
}
