package rank

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/runtime"
)

// MovieLensOptions configures LoadMovieLens100K.
type MovieLensOptions struct {
	// PositiveRating is the lowest rating labelled 1 (default 4).
	PositiveRating float32
}

// ageBuckets are the upper bounds of the age buckets (MovieLens 1M's groups).
var ageBuckets = []int{17, 24, 34, 44, 49, 55}

// LoadMovieLens100K reads u.data, u.user and u.item from dir and builds the click task: every
// rating is an example, positive when rating ≥ PositiveRating. Fields: user id, age bucket,
// gender, occupation, age (dense) on the user side; item id, genres (multi-hot), release year
// (dense) on the item side.
func LoadMovieLens100K(dir string, opt MovieLensOptions) (*Data, error) {
	if opt.PositiveRating == 0 {
		opt.PositiveRating = 4
	}
	ds, err := dataset.Load(filepath.Join(dir, "u.data"), dataset.LoadOptions{Format: dataset.FormatMovieLens})
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	d := &Data{UserKey: "user", ItemKey: "item", Vocabs: map[string][]string{}}
	d.Users, d.Items = NewTable(ds.Users.Len()), NewTable(ds.Items.Len())
	d.Vocabs["user"], d.Vocabs["item"] = ds.Users.IDs(), ds.Items.IDs()
	d.Users.Cat["user"] = seqCodes(ds.Users.Len())
	d.Items.Cat["item"] = seqCodes(ds.Items.Len())
	if err := d.readUsers(filepath.Join(dir, "u.user"), ds.Users); err != nil {
		return nil, err
	}
	if err := d.readItems(filepath.Join(dir, "u.item"), ds.Items); err != nil {
		return nil, err
	}
	for _, r := range ds.Rows {
		d.Examples.User = append(d.Examples.User, r.User)
		d.Examples.Item = append(d.Examples.Item, r.Item)
		d.Examples.Time = append(d.Examples.Time, r.Time)
		var l float32
		if r.Rating >= opt.PositiveRating {
			l = 1
		}
		d.Examples.Label = append(d.Examples.Label, l)
	}
	d.Fields = []runtime.RankField{
		catField("user", runtime.SideUser, d), catField("age_bucket", runtime.SideUser, d),
		catField("gender", runtime.SideUser, d), catField("occupation", runtime.SideUser, d),
		catField("item", runtime.SideItem, d),
		{Name: "genres", Kind: runtime.FieldMultiHot, Side: runtime.SideItem, Vocab: len(d.Vocabs["genres"]) + 1},
		denseField("age", runtime.SideUser, d.Users.Dense["age"]),
		denseField("year", runtime.SideItem, d.Items.Dense["year"]),
	}
	return d, nil
}

func catField(name, side string, d *Data) runtime.RankField {
	return runtime.RankField{Name: name, Kind: runtime.FieldCategorical, Side: side, Vocab: len(d.Vocabs[name]) + 1}
}

// denseField normalises by the mean and standard deviation of the stored values.
func denseField(name, side string, v []float32) runtime.RankField {
	var s, q float64
	for _, x := range v {
		s += float64(x)
	}
	mean := s / float64(max(len(v), 1))
	for _, x := range v {
		q += (float64(x) - mean) * (float64(x) - mean)
	}
	std := q / float64(max(len(v), 1))
	scale := 1.0
	if std > 0 {
		scale = 1 / math.Sqrt(std)
	}
	return runtime.RankField{Name: name, Kind: runtime.FieldDense, Side: side, Shift: float32(mean), Scale: float32(scale)}
}

func seqCodes(n int) []int32 {
	c := make([]int32, n)
	for i := range c {
		c[i] = int32(i + 1)
	}
	return c
}

// vocab interns values of one field.
type vocab struct {
	d     *Data
	field string
	codes map[string]int32
}

func newVocab(d *Data, field string) *vocab {
	return &vocab{d: d, field: field, codes: map[string]int32{}}
}

func (v *vocab) code(s string) int32 {
	if c, ok := v.codes[s]; ok {
		return c
	}
	v.d.Vocabs[v.field] = append(v.d.Vocabs[v.field], s)
	c := int32(len(v.d.Vocabs[v.field]))
	v.codes[s] = c
	return c
}

// readUsers reads "id|age|gender|occupation|zip" lines; users absent from u.data are ignored.
func (d *Data) readUsers(path string, users *dataset.IDMap) error {
	n := users.Len()
	age, ageB, gender, occ := make([]float32, n), make([]int32, n), make([]int32, n), make([]int32, n)
	va, vg, vo := newVocab(d, "age_bucket"), newVocab(d, "gender"), newVocab(d, "occupation")
	for _, b := range ageBuckets {
		va.code(fmt.Sprintf("<=%d", b))
	}
	va.code(fmt.Sprintf(">%d", ageBuckets[len(ageBuckets)-1]))
	err := eachLine(path, 5, func(f []string) error {
		u, ok := users.Index(f[0])
		if !ok {
			return nil
		}
		a, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		age[u], ageB[u] = float32(a), int32(len(ageBuckets)+1)
		for i, b := range ageBuckets {
			if a <= b {
				ageB[u] = int32(i + 1)
				break
			}
		}
		gender[u], occ[u] = vg.code(f[2]), vo.code(f[3])
		return nil
	})
	d.Users.Dense["age"], d.Users.Cat["age_bucket"], d.Users.Cat["gender"], d.Users.Cat["occupation"] = age, ageB, gender, occ
	return err
}

// genreNames are u.item's 19 genre flags in order.
var genreNames = []string{"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
	"Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
	"Thriller", "War", "Western"}

// readItems reads "id|title|release date|video date|url|19 genre flags" lines (Latin-1 titles are
// not used). A missing release date gets the mean year.
func (d *Data) readItems(path string, items *dataset.IDMap) error {
	n := items.Len()
	year, genres := make([]float32, n), make([][]int32, n)
	vg := newVocab(d, "genres")
	for _, g := range genreNames {
		vg.code(g)
	}
	var sum float64
	var cnt int
	err := eachLine(path, 5+len(genreNames), func(f []string) error {
		it, ok := items.Index(f[0])
		if !ok {
			return nil
		}
		if p := strings.LastIndexByte(f[2], '-'); p >= 0 {
			if y, err := strconv.Atoi(f[2][p+1:]); err == nil {
				year[it] = float32(y)
				sum += float64(y)
				cnt++
			}
		}
		for g, flag := range f[5:] {
			if flag == "1" {
				genres[it] = append(genres[it], int32(g+1))
			}
		}
		return nil
	})
	for i := range year {
		if year[i] == 0 && cnt > 0 {
			year[i] = float32(sum / float64(cnt))
		}
	}
	d.Items.Dense["year"], d.Items.Multi["genres"] = year, genres
	return err
}

// eachLine calls fn with the '|'-separated fields of every non-empty line that has at least
// min fields; fewer is an error naming the line.
func eachLine(path string, min int, fn func([]string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("rank: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if s == "" {
			continue
		}
		fields := strings.Split(s, "|")
		if len(fields) < min {
			return fmt.Errorf("rank: %s:%d: %d fields, want at least %d", path, line, len(fields), min)
		}
		if err := fn(fields); err != nil {
			return fmt.Errorf("rank: %s:%d: %w", path, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("rank: %s: %w", path, err)
	}
	return nil
}
