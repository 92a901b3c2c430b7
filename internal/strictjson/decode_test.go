package strictjson_test

import (
	"strings"
	"testing"
	"time"

	"github.com/corerec/corerec/internal/strictjson"
	"github.com/corerec/corerec/internal/strictjson/jsontest"
	"github.com/stretchr/testify/require"
)

// probe has a field of every kind the API reads, under names that fold.
type probe struct {
	S   string             `json:"s"`
	I   int                `json:"i,omitempty"`
	I64 int64              `json:"i64"`
	U32 uint32             `json:"u32"`
	F32 float32            `json:"f32"`
	F   float64            `json:"f"`
	B   bool               `json:"b"`
	L   []string           `json:"l"`
	LI  []int              `json:"li"`
	LF  []float32          `json:"lf"`
	N   []elem             `json:"n"`
	M   map[string]int     `json:"m"`
	MF  map[string]float64 `json:"mf"`
	R   raw                `json:"r"`
	T   time.Time          `json:"t"`
	E   elem               `json:"e"`
	K   string             `json:"k"` // "\u212a" (Kelvin) folds to it
	Sx  string             `json:"ſx"`
	Raw int                // no tag: the Go name
}

type elem struct {
	A string  `json:"a"`
	B float64 `json:"b"`
	C []int   `json:"c"`
}

// raw keeps its JSON, as json.RawMessage does.
type raw []byte

func (r *raw) UnmarshalJSON(b []byte) error {
	*r = append((*r)[:0], b...)
	return nil
}

func (p *probe) decode(d *strictjson.Decoder) error {
	names := []string{"s", "i", "i64", "u32", "f32", "f", "b", "l", "li", "lf", "n", "m", "mf", "r", "t", "e", "k", "ſx", "Raw"}
	return d.Object(names, func(d *strictjson.Decoder, i int) error {
		switch names[i] {
		case "s":
			return d.String(&p.S)
		case "i":
			return d.Int(&p.I)
		case "i64":
			return d.Int64(&p.I64)
		case "u32":
			return d.Uint32(&p.U32)
		case "f32":
			return d.Float32(&p.F32)
		case "f":
			return d.Float64(&p.F)
		case "b":
			return d.Bool(&p.B)
		case "l":
			return d.Strings(&p.L)
		case "li":
			return d.Ints(&p.LI)
		case "lf":
			return d.Float32s(&p.LF)
		case "n":
			return strictjson.Slice(d, &p.N, (*elem).decode)
		case "m":
			return strictjson.Map(d, &p.M, func(v *int, d *strictjson.Decoder) error { return d.Int(v) })
		case "mf":
			return strictjson.Map(d, &p.MF, func(v *float64, d *strictjson.Decoder) error { return d.Float64(v) })
		case "r":
			b, err := d.Raw()
			if err != nil {
				return err
			}
			return p.R.UnmarshalJSON(b)
		case "t":
			return d.Time(&p.T)
		case "e":
			return p.E.decode(d)
		case "k":
			return d.String(&p.K)
		case "ſx":
			return d.String(&p.Sx)
		}
		return d.Int(&p.Raw)
	})
}

func (e *elem) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"a", "b", "c"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.String(&e.A)
		case 1:
			return d.Float64(&e.B)
		}
		return d.Ints(&e.C)
	})
}

// timestampNarrowing excuses the timestamps Decoder.Time refuses on purpose.
func timestampNarrowing(err error) bool {
	return err != nil && strings.Contains(err.Error(), strictjson.ErrTimestamp.Error())
}

func sameProbe(t testing.TB, data []byte) {
	jsontest.Same(t, data, (*probe).decode, timestampNarrowing)
}

var seeds = []string{
	`{"s":"a\u00e9\ud83d\ude00\ud800x\\\"\/\b\f\n\r\t","i":-9223372036854775808,"i64":9223372036854775807,"u32":4294967295,"f32":3.4e38,"f":1.5e-300,"b":false}`,
	`{"i":1.0}`, `{"u32":4294967296}`, `{"u32":-1}`, `{"f32":3.5e38}`, `{"f":1e400}`, `{"i":01}`, `{"i":-}`, `{"i":1.}`, `{"i":.5}`, `{"i":+1}`, `{"i":1e2}`, `{"i":-0}`,
	`{"l":["a","b"],"l":["c"]}`, `{"l":[]}`, `{"l":null}`, `{"li":[1,2,3],"li":[4]}`, `{"lf":[1.5,-2,3e-3]}`,
	`{"n":[{"a":"x","c":[1,2]}],"n":[{"b":2}]}`, `{"n":[{"c":[1,2,3]},{"a":"y"}],"n":[{"c":[9]}],"n":[{},{}]}`,
	`{"m":{"a":1},"m":{"b":2},"mf":{"x":1.5,"x":2}}`, `{"m":null}`, `{"m":{}}`, `{"r":{"deep":[1,{"x":null}]} , "r":[1]}`, `{"r":null}`,
	`{"t":"2024-01-02T03:04:05Z"}`, `{"t":"2024-02-29T23:59:59.123456789123+05:30"}`, `{"t":"2023-02-29T00:00:00Z"}`, `{"t":"2024-01-02T03:04:05-00:00"}`,
	`{"t":"2024-01-02T3:04:05Z"}`, `{"t":"2024-01-02T03:04:05\u005a"}`, `{"t":null}`, `{"t":5}`, `{"t":"x"}`, `{"t":"2024-01-02T03:04:05.Z"}`, `{"t":"2024-13-02T03:04:05Z"}`, `{"t":"2024-01-02T03:04:05+24:00"}`,
	`{"e":{"a":"q"},"e":{"b":1},"E":{"A":"z"}}`, `{"e":null}`, `{"e":[]}`,
	`{"K":"x","\u212a":"y","ſx":"z","SX":"w","raw":1,"RAW":2}`,
	`{"S":"upper","s":"lower"}`, `{"unknown":1}`, `{"s":1}`, `{"b":"true"}`, `{"b":null,"s":null,"i":null,"f":null}`, `{"s":"\x80\xff"}`,
	`{"s":"a"} `, `{"s":"a"}}`, `{"s":"a"} x`, `[{"s":"a"}]`, ``, ` `, `{`, `{"s":`, `{"s":"a",}`, `[1,]`, `null`, `0` + "\x00",
	`{"s":"a"}` + "\n\t\r ", "{\"s\":\"a\x01\"}", `{"s":"\u12"}`, `{"s":"\x"}`, `tru`, `nul`, `{"b":truex}`, `{"b":true,}`,
}

func FuzzDecode(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { sameProbe(t, data) })
}

func TestDecodeSameAsEncodingJSON(t *testing.T) {
	for _, s := range seeds {
		t.Run(s, func(t *testing.T) { sameProbe(t, []byte(s)) })
	}
}

// Nesting is limited as encoding/json limits it: 10,000 levels read, 10,001 refused.
func TestDepthLimit(t *testing.T) {
	for _, tc := range []struct {
		depth int
		ok    bool
	}{{9999, true}, {10000, false}, {20000, false}} {
		data := []byte(`{"r":` + strings.Repeat("[", tc.depth) + strings.Repeat("]", tc.depth) + `}`)
		var p probe
		err := strictjson.Decode(data, p.decode)
		require.Equal(t, tc.ok, err == nil, "depth %d: %v", tc.depth, err)
		sameProbe(t, data)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"s":"x","i":1}`, ""},
		{`{"nope":1}`, `value.nope: unknown field "nope"`},
		{`{"n":[{"a":1}]}`, `value.n[0].a: want a string`},
		{`{"i":1.5}`, `value.i: cannot read the number 1.5 into an int`},
		{`{"f32":1e39}`, `cannot read the number 1e39 into a float32`},
		{`{"t":"2024-01-02T3:04:05Z"}`, `want an RFC 3339 timestamp`},
		{`{"s":"x"} {}`, `data after the value at byte 10`},
		{`{"s":"x"`, `want ',' or '}' at byte 8`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			var p probe
			err := strictjson.Decode([]byte(tc.in), p.decode)
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.want)
		})
	}
	var p probe
	var se *strictjson.SyntaxError
	require.ErrorAs(t, strictjson.Decode([]byte(`{"s":}`), p.decode), &se)
	require.EqualValues(t, 5, se.Offset)
	require.ErrorIs(t, strictjson.Decode([]byte(`{"t":"yesterday"}`), p.decode), strictjson.ErrTimestamp)
}
