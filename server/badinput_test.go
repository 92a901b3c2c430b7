package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/runtime"
)

func TestBadRequestsAreClear4xx(t *testing.T) {
	opt := bytesOpt(small.bytes(t))
	opt.Limits = Limits{MaxBodyBytes: 4096, MaxK: 100, MaxList: 50}
	ts := start(t, opt)
	many := `["` + strings.Repeat(`i0001","`, 60) + `i0002"]`
	for name, c := range map[string]struct {
		body, ctype string
		status      int
		code, msg   string
	}{
		"not JSON":         {`user=u1`, "", 400, CodeMalformedJSON, "malformed JSON at byte 1"},
		"truncated":        {`{"user":"u0001"`, "", 400, CodeMalformedJSON, "truncated"},
		"empty body":       {``, "", 400, CodeMalformedJSON, "empty body"},
		"two objects":      {`{"user":"u0001"} {"user":"u0002"}`, "", 400, CodeMalformedJSON, "after the JSON object"},
		"array body":       {`[1,2]`, "", 400, CodeWrongType, "must be a JSON object"},
		"k as string":      {`{"user":"u0001","k":"5"}`, "", 400, CodeWrongType, `field "k": want an integer, got string`},
		"k fractional":     {`{"user":"u0001","k":2.5}`, "", 400, CodeWrongType, `want an integer, got number 2.5`},
		"history a string": {`{"history":"i0001"}`, "", 400, CodeWrongType, `field "history": want an array of strings`},
		"history numbers":  {`{"history":[1,2]}`, "", 400, CodeWrongType, `field "history"`},
		"bad now":          {`{"user":"u0001","now":"yesterday"}`, "", 400, CodeWrongType, "RFC 3339"},
		"now a number":     {`{"user":"u0001","now":5}`, "", 400, CodeWrongType, "RFC 3339"},
		"unknown field":    {`{"user":"u0001","top_k":5}`, "", 400, CodeUnknownField, `unknown field "top_k"`},
		"huge k":           {`{"user":"u0001","k":1000000}`, "", 400, CodeKTooLarge, "k = 1000000 is over the limit 100"},
		"k overflow":       {`{"user":"u0001","k":1e30}`, "", 400, CodeWrongType, `field "k"`},
		"negative k":       {`{"user":"u0001","k":-1}`, "", 400, CodeBadRequest, "negative"},
		"no user":          {`{"k":5}`, "", 400, CodeBadRequest, "give a user or a history"},
		"long history":     {`{"history":` + many + `}`, "", 400, CodeBadRequest, "history has 61 ids, the limit is 50"},
		"huge body":        {`{"user":"` + strings.Repeat("x", 5000) + `"}`, "", 413, CodeBodyTooLarge, "over the limit of 4096 bytes"},
		"multipart body":   {`{"user":"u0001"}`, "multipart/form-data; boundary=x", 415, CodeMediaType, "want application/json"},
		"xml body":         {`<user>u0001</user>`, "text/xml", 415, CodeMediaType, "want application/json"},
	} {
		t.Run(name, func(t *testing.T) {
			hdr := []string{}
			if c.ctype != "" {
				hdr = []string{"Content-Type", c.ctype}
			}
			code, body, _ := ts.do(t, http.MethodPost, "/v1/recommend", c.body, hdr...)
			require.Equal(t, c.status, code, string(body))
			var e ErrorResponse
			require.NoError(t, json.Unmarshal(body, &e), string(body))
			require.Equal(t, c.code, e.Code)
			require.Contains(t, e.Error, c.msg)
		})
	}
	requireUnharmed(t, ts)
}

func TestUnknownIDs(t *testing.T) {
	opt := bytesOpt(small.bytes(t))
	opt.UnknownUser = runtime.RejectUnknown
	ts := start(t, opt)
	code, _, bad := ts.recommend(t, `{"user":"nobody"}`)
	require.Equal(t, http.StatusNotFound, code)
	require.Equal(t, CodeUnknownUser, bad.Code)
	require.Contains(t, bad.Error, `"nobody"`)
	// With a known history item the unknown user is served from it.
	code, res, _ := ts.recommend(t, `{"user":"nobody","history":["i0003"]}`)
	require.Equal(t, http.StatusOK, code)
	require.Empty(t, res.Fallback)

	for name, c := range map[string]struct {
		path   string
		status int
		code   string
	}{
		"unknown item":     {"/v1/items/nope/similar", 404, CodeUnknownItem},
		"k not a number":   {"/v1/items/i0001/similar?k=ten", 400, CodeWrongType},
		"k too large":      {"/v1/items/i0001/similar?k=5000", 400, CodeKTooLarge},
		"k twice":          {"/v1/items/i0001/similar?k=1&k=2", 400, CodeBadRequest},
		"unknown param":    {"/v1/items/i0001/similar?limit=3", 400, CodeUnknownField},
		"escaped slash id": {"/v1/items/a%2Fb/similar", 404, CodeUnknownItem},
	} {
		t.Run(name, func(t *testing.T) {
			code, body, _ := ts.do(t, http.MethodGet, c.path, "")
			require.Equal(t, c.status, code, string(body))
			var e ErrorResponse
			require.NoError(t, json.Unmarshal(body, &e))
			require.Equal(t, c.code, e.Code, e.Error)
		})
	}
	requireUnharmed(t, ts)
}

// A client that trickles its headers is cut off after ReadHeaderTimeout while other clients are served.
func TestSlowHeaderClientIsCutOff(t *testing.T) {
	opt := bytesOpt(small.bytes(t))
	opt.Timeouts.ReadHeader = 300 * time.Millisecond
	ts := start(t, opt)
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	closed := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(conn) // returns when the server closes the connection
		closed <- b
	}()
	_, err = io.WriteString(conn, "POST /v1/recommend HTTP/1.1\r\nHost: x\r\n")
	require.NoError(t, err)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	// 400 header lines at 20 a second would take 20 s; the server must hang up long before.
	for i := 0; i < 400; i++ {
		select {
		case b := <-closed:
			// net/http closes a connection whose headers time out without an answer.
			require.Empty(t, b)
			requireUnharmed(t, ts)
			return
		case <-tick.C:
			requireUnharmed(t, ts) // others are served meanwhile
			if _, err := fmt.Fprintf(conn, "X-Slow-%d: a\r\n", i); err != nil {
				requireUnharmed(t, ts)
				return
			}
		}
	}
	t.Fatal("the server kept a slowloris connection open for 20 s")
}

// A client that sends its body too slowly gets 408 once ReadTimeout passes.
func TestSlowBodyGets408(t *testing.T) {
	opt := bytesOpt(small.bytes(t))
	opt.Timeouts.Read = 300 * time.Millisecond
	ts := start(t, opt)
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	body := `{"user":"u0001"}`
	_, err = fmt.Fprintf(conn, "POST /v1/recommend HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body)+100, body)
	require.NoError(t, err)
	// The rest of the body never comes.
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusRequestTimeout, resp.StatusCode)
	var e ErrorResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&e))
	require.Equal(t, CodeRequestTimeout, e.Code)
	requireUnharmed(t, ts)
}

// requireUnharmed checks the server still answers a good request.
func requireUnharmed(t *testing.T, ts *testServer) {
	t.Helper()
	code, res, bad := ts.recommend(t, `{"user":"u0001","k":3}`)
	require.Equal(t, http.StatusOK, code, bad.Error)
	require.Len(t, res.Items, 3)
}
