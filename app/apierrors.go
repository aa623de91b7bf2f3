package app

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"ydp1/models"
)

// apiError is how the API says what went wrong: a code programs can rely on,
// a message people can read (a catalog id, written in the request's language
// when sent), and the parameter at fault, if one is.
// It is sent as {"error": {...}} with its status.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// The codes of the API's errors; api/openapi.json lists each with its status.
const (
	codeInvalidParameter = "invalid_parameter" // 400: a query parameter is malformed or not among its values
	codeNotFound         = "not_found"         // 404: no such address, or no public record of that id
	codeMethodNotAllowed = "method_not_allowed"
	codeTooManyRequests  = "too_many_requests"
	codeInternal         = "internal_error"
	codeBadRequest       = "bad_request"
)

// apiErrors are the errors an echo status becomes on the API.
var apiErrors = map[int]apiError{
	http.StatusBadRequest:          {Code: codeBadRequest, Message: "api.error.bad_request"},
	http.StatusNotFound:            {Code: codeNotFound, Message: "api.error.not_found"},
	http.StatusMethodNotAllowed:    {Code: codeMethodNotAllowed, Message: "api.error.method_not_allowed"},
	http.StatusTooManyRequests:     {Code: codeTooManyRequests, Message: "api.error.too_many_requests"},
	http.StatusInternalServerError: {Code: codeInternal, Message: "api.error.internal"},
}

// apiErrorOf is the API's error for err, which the handler or echo returned
// with status code.
func apiErrorOf(err error, code int) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	e, ok := apiErrors[code]
	if !ok {
		e = apiErrors[http.StatusInternalServerError]
		if code < 500 {
			e = apiErrors[http.StatusBadRequest]
		}
	}
	e.Status = code
	return &e
}

func invalidParameter(field, message string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: codeInvalidParameter, Field: field, Message: message}
}

// intParam reads the whole number name, def when it is absent, which must lie
// in [lo, hi].
func intParam(c echo.Context, name string, def, lo, hi int) (int, error) {
	v := c.QueryParam(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, invalidParameter(name, models.Msg("api.error.int_range", "Name", name, "Min", lo, "Max", hi))
	}
	return n, nil
}

// oneOfParam reads name, "" when it is absent, which must be one of values.
func oneOfParam(c echo.Context, name string, values []string) (string, error) {
	v := c.QueryParam(name)
	if v == "" {
		return "", nil
	}
	for _, ok := range values {
		if v == ok {
			return v, nil
		}
	}
	return "", invalidParameter(name, models.Msg("api.error.one_of", "Name", name, "Values", strings.Join(values, ", ")))
}

// textParam reads the text name, trimmed, of at most most characters.
func textParam(c echo.Context, name string, most int) (string, error) {
	v := strings.TrimSpace(c.QueryParam(name))
	if utf8.RuneCountInString(v) > most {
		return "", invalidParameter(name, models.Msg("api.error.too_long", "Name", name, "Count", most))
	}
	return v, nil
}

// apiID is the record id of the address; anything but a number names no
// record.
func apiID(c echo.Context) (uint, error) {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil || id == 0 {
		return 0, echo.ErrNotFound
	}
	return uint(id), nil
}
