// Package line is the JSON-lines protocol over package wire, spoken by the wasip1 build (cmd/wasip1) and by
// the browser example's native reference program: one JSON call in, one JSON answer out.
//
// A call is an object with an "op" ("recommend" when empty, "similar", "manifest", "catalog") and the fields
// of that op (wire.Request's for recommend; "item" and "k" for similar; "offset" and "limit" for catalog).
// Unknown fields are rejected. A failed call is answered {"error": "..."}.
//
// # Concurrency
//
// Handle is safe for concurrent use over the same Engine.
package line
