package app

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

var errCSRF = errors.New("csrf token missing or invalid")

// statusClientClosed is what the request log records for a request whose
// client went away before the answer (nginx's 499).
const statusClientClosed = 499

// errorPages are the heading and the message (catalog ids) of each error page.
var errorPages = map[int][2]string{
	http.StatusBadRequest:            {"errors.400.title", "errors.400.text"},
	http.StatusForbidden:             {"errors.403.title", "errors.403.text"},
	http.StatusNotFound:              {"errors.404.title", "errors.404.text"},
	http.StatusMethodNotAllowed:      {"errors.405.title", "errors.405.text"},
	http.StatusRequestEntityTooLarge: {"errors.413.title", "errors.413.text"},
	http.StatusTooManyRequests:       {"errors.429.title", "errors.429.text"},
	http.StatusInternalServerError:   {"errors.500.title", "errors.500.text"},
}

// handleError is the one place errors become pages: a page in the
// visitor's language for people, JSON for the API. Internal details go to the log, never to the user.
func (a *App) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil {
		// the client went away and its queries were cancelled: nobody to answer, nothing failed here
		c.Response().WriteHeader(statusClientClosed)
		return
	}
	code := http.StatusInternalServerError
	var he *echo.HTTPError
	var ae *apiError
	if errors.As(err, &he) {
		code = he.Code
	} else if errors.As(err, &ae) {
		code = ae.Status
	}
	if code >= 500 {
		a.log.Error("request failed", "err", err, "method", c.Request().Method, "path", c.Request().URL.Path)
	}
	text, ok := errorPages[code]
	if !ok {
		text = errorPages[http.StatusInternalServerError]
		if code < 500 {
			text = errorPages[http.StatusBadRequest]
		}
	}
	if errors.Is(err, errCSRF) {
		text = [2]string{"errors.csrf.title", "errors.csrf.text"}
	}
	if isAPI(c.Request().URL.Path) {
		ae := *apiErrorOf(err, code)
		ae.Message = t(c, ae.Message) // the API follows Accept-Language too
		err = c.JSON(ae.Status, map[string]*apiError{"error": &ae})
	} else if c.Request().Method == http.MethodHead {
		err = c.NoContent(code)
	} else {
		err = a.render(c, code, "error", &errorPage{base: titled(t(c, text[0])), Heading: t(c, text[0]), Message: t(c, text[1]), Code: code})
	}
	if err != nil {
		a.log.Error("render error page", "err", err)
		_ = c.String(http.StatusInternalServerError, t(c, "errors.plain"))
	}
}

// isAPI says whether path is the API's, whose errors are JSON.
func isAPI(path string) bool { return path == "/api/v1" || strings.HasPrefix(path, "/api/v1/") }

type errorPage struct {
	base
	Heading string
	Message string
	Code    int
}
