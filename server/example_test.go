package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/server"
)

// A bundle with three songs and one listener who likes the first axis.
func exampleBundle() []byte {
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Name: "songs", Dim: 2, Metric: modelpack.MetricDot})
	_ = b.AddCatalog(&modelpack.Catalog{ItemIDs: []string{"jazz", "rock", "folk"}, UserIDs: []string{"ana"}})
	_ = b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: 3, Cols: 2, F32: []float32{1, 0, 0, 1, 0.6, 0.5}})
	_ = b.AddMatrix(modelpack.SectionUserEmbeddings, modelpack.Matrix{Rows: 1, Cols: 2, F32: []float32{1, 0.1}})
	var buf bytes.Buffer
	_, _ = b.WriteTo(&buf)
	return buf.Bytes()
}

func Example() {
	ctx := context.Background()
	srv, err := server.New(ctx, server.Options{
		Source: &server.BytesSource{Name: "songs", Data: exampleBundle()}, // or Bundle: "model.crec" / "https://..."
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		panic(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	go srv.Serve(ln)
	defer srv.Shutdown(ctx)

	resp, err := http.Post("http://"+ln.Addr().String()+"/v1/recommend", "application/json",
		strings.NewReader(`{"user":"ana","k":2}`))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var res server.RecommendResponse
	_ = json.NewDecoder(resp.Body).Decode(&res)
	for _, it := range res.Items {
		fmt.Printf("%s %.2f\n", it.ID, it.Score)
	}
	fmt.Println("variant", res.Variant)
	// Output:
	// jazz 1.00
	// folk 0.65
	// variant a
}
