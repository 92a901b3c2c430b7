package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/corerec/corerec/runtime"
)

// Error codes of ErrorResponse.Code, with the status they come with.
const (
	CodeMalformedJSON    = "malformed_json"         // 400: not JSON, truncated, or data after the object
	CodeWrongType        = "wrong_type"             // 400: a field or query parameter of the wrong JSON type
	CodeUnknownField     = "unknown_field"          // 400: a field or query parameter the API does not have
	CodeBadRequest       = "bad_request"            // 400: well-formed but invalid (no user or history, negative k, a list over its limit)
	CodeKTooLarge        = "k_too_large"            // 400: k over Limits.MaxK
	CodeUnauthorized     = "unauthorized"           // 401: admin call without the right bearer token
	CodeNotFound         = "not_found"              // 404: no such route
	CodeUnknownUser      = "unknown_user"           // 404: unknown user, no usable history, and the server rejects unknown users
	CodeUnknownItem      = "unknown_item"           // 404: similar items of an item the bundle does not know
	CodeMethodNotAllowed = "method_not_allowed"     // 405
	CodeRequestTimeout   = "request_timeout"        // 408: the client sent its body too slowly
	CodeBodyTooLarge     = "body_too_large"         // 413: body over Limits.MaxBodyBytes
	CodeMediaType        = "unsupported_media_type" // 415: a Content-Type other than JSON
	CodeBundleRefused    = "bundle_refused"         // 422: admin reload found a bundle and refused it
	CodeInternal         = "internal"               // 500
	CodePluginFailed     = "plugin_failed"          // 500: a plugin of the bundle failed and its policy is fail
	CodeFetchFailed      = "fetch_failed"           // 502: admin reload could not fetch the bundle
	CodeOverloaded       = "overloaded"             // 503: shed by the concurrency limit (Retry-After set)
	CodeTimeout          = "timeout"                // 503: the request's deadline passed (Retry-After set)
	CodeNotReady         = "not_ready"              // 503: no bundle loaded yet, or shutting down
)

// apiError is an answer other than 200: status, code and message.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.msg) }

func errorf(status int, code, format string, a ...any) *apiError {
	return &apiError{status: status, code: code, msg: fmt.Sprintf(format, a...)}
}

// engineError maps an engine error to its answer.
func engineError(err error) *apiError {
	switch {
	case errors.Is(err, runtime.ErrUnknownUser):
		return errorf(http.StatusNotFound, CodeUnknownUser, "%v", err)
	case errors.Is(err, runtime.ErrUnknownItem):
		return errorf(http.StatusNotFound, CodeUnknownItem, "%v", err)
	case errors.Is(err, runtime.ErrBadRequest):
		return errorf(http.StatusBadRequest, CodeBadRequest, "%v", err)
	case errors.Is(err, context.DeadlineExceeded):
		return errorf(http.StatusServiceUnavailable, CodeTimeout, "the request's deadline passed")
	case errors.Is(err, context.Canceled):
		return errorf(http.StatusServiceUnavailable, CodeTimeout, "the request was cancelled (the client went away)")
	}
	if e := pluginError(err); e != nil {
		return e
	}
	return errorf(http.StatusInternalServerError, CodeInternal, "%v", err)
}
