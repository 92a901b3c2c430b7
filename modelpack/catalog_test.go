package modelpack

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

func checkGoldenCatalog(t *testing.T, c *Catalog) {
	require.Equal(t, 5, c.NumItems())
	require.Equal(t, 3, c.NumUsers())
	for i, id := range []string{"i-apple", "i-pear", "i-fig", "i-kiwi", "i-lime"} {
		j, ok := c.ItemIndex(id)
		require.True(t, ok, id)
		require.EqualValues(t, i, j)
		require.Equal(t, id, c.ItemID(int32(i)))
	}
	u, ok := c.UserIndex("u-cy")
	require.True(t, ok)
	require.EqualValues(t, 2, u)
	require.Equal(t, "u-bob", c.UserID(1))
	_, ok = c.ItemIndex("u-cy")
	require.False(t, ok)
	require.Equal(t, []string{"fruit", "", "fruit", "exotic", "citrus", ""},
		[]string{c.ItemCategory(0), c.ItemCategory(1), c.ItemCategory(2), c.ItemCategory(3), c.ItemCategory(4), c.ItemCategory(5)})
	require.EqualValues(t, 1700000100, c.ItemCreatedAt(2))
	require.Zero(t, c.ItemCreatedAt(1))
	require.Zero(t, c.ItemCreatedAt(99))
	require.Equal(t, []string{"sweet", "red"}, c.ItemTags(2))
	require.Empty(t, c.ItemTags(1))
	require.Empty(t, c.ItemTags(3))
	require.Empty(t, c.ItemTags(-1))
	require.True(t, c.ItemHasTag(2, "red"))
	require.True(t, c.ItemHasTag(2, "sweet"))
	require.True(t, c.ItemHasTag(0, "red"))
	require.False(t, c.ItemHasTag(0, "sweet"))
	require.False(t, c.ItemHasTag(1, "red"))
	require.False(t, c.ItemHasTag(-1, "red"))
	require.False(t, c.ItemHasTag(99, "red"))
	require.Equal(t, "", c.ItemID(5))
}

func TestCatalogRoundTrip(t *testing.T) {
	bd := openT(t, build(t, goldenBuilder(t)))
	c, err := bd.Catalog()
	require.NoError(t, err)
	checkGoldenCatalog(t, c)
	require.Nil(t, c.Category) // read form: attributes through methods

	// Re-pack the read catalog: same answers.
	b := NewBuilder(Manifest{})
	require.NoError(t, b.AddCatalog(c))
	c2, err := openT(t, build(t, b)).Catalog()
	require.NoError(t, err)
	checkGoldenCatalog(t, c2)
}

func TestCatalogBuiltForm(t *testing.T) {
	c := &Catalog{
		ItemIDs:   []string{"i-apple", "i-pear", "i-fig", "i-kiwi", "i-lime"},
		UserIDs:   []string{"u-ann", "u-bob", "u-cy"},
		Category:  []string{"fruit", "", "fruit", "exotic", "citrus"},
		CreatedAt: []int64{1700000000, 0, 1700000100, 1700000200, 1700000300},
		Tags:      [][]string{{"red"}, nil, {"sweet", "red"}, {}, {"sour"}},
	}
	checkGoldenCatalog(t, c)
}

func TestCatalogMinimal(t *testing.T) {
	b := NewBuilder(Manifest{})
	require.NoError(t, b.AddCatalog(&Catalog{ItemIDs: []string{"a", "b"}}))
	bd := openT(t, build(t, b))
	c, err := bd.Catalog()
	require.NoError(t, err)
	require.Equal(t, 0, c.NumUsers())
	_, ok := c.UserIndex("a")
	require.False(t, ok)
	require.Equal(t, "", c.ItemCategory(0))
	require.Nil(t, c.ItemTags(0))
	require.False(t, bd.Has(catCategory))

	none := openT(t, build(t, NewBuilder(Manifest{})))
	_, err = none.Catalog()
	require.ErrorIs(t, err, ErrNotFound)
}

func TestCatalogHammer(t *testing.T) {
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = fmt.Sprintf("item/%05d", i)
	}
	b := NewBuilder(Manifest{})
	require.NoError(t, b.AddCatalog(&Catalog{ItemIDs: ids}))
	read, err := openT(t, build(t, b)).Catalog()
	require.NoError(t, err)
	built := &Catalog{ItemIDs: ids} // lazy index, built under sync.Once
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := g; i < len(ids); i += 3 {
				for _, c := range []*Catalog{read, built} {
					if j, ok := c.ItemIndex(ids[i]); !ok || int(j) != i {
						t.Errorf("ItemIndex(%q) = %d, %v", ids[i], j, ok)
					}
				}
			}
		}(g)
	}
	wg.Wait()
}
