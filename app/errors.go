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

var errorPages = map[int][2]string{
	http.StatusBadRequest:            {"요청을 처리할 수 없습니다", "보내신 내용의 형식이 올바르지 않습니다. 이전 페이지로 돌아가 다시 시도해 주세요."},
	http.StatusForbidden:             {"접근 권한이 없습니다", "이 페이지는 권한이 있는 분만 볼 수 있습니다."},
	http.StatusNotFound:              {"페이지를 찾을 수 없습니다", "주소가 바뀌었거나 삭제된 페이지입니다. 주소를 다시 확인해 주세요."},
	http.StatusMethodNotAllowed:      {"허용되지 않은 요청입니다", "이 주소는 그 방식으로 열 수 없습니다."},
	http.StatusRequestEntityTooLarge: {"보내신 내용이 너무 큽니다", "내용을 줄여서 다시 보내 주세요."},
	http.StatusTooManyRequests:       {"요청이 너무 많습니다", "잠시 뒤에 다시 시도해 주세요."},
	http.StatusInternalServerError:   {"일시적인 오류가 발생했습니다", "불편을 드려 죄송합니다. 잠시 뒤 다시 시도해 주세요. 문제가 계속되면 영등포구청 소통공감팀(02-2670-3114)으로 알려 주세요."},
}

// handleError is the one place errors become pages: a Korean page for
// people, JSON for the API. Internal details go to the log, never to the user.
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
		text = [2]string{"보안 확인 시간이 지났습니다", "페이지를 오래 열어 두었거나 쿠키가 꺼져 있으면 생길 수 있습니다. 이전 페이지를 새로 고친 뒤 다시 보내 주세요."}
	}
	if isAPI(c.Request().URL.Path) {
		ae := apiErrorOf(err, code)
		err = c.JSON(ae.Status, map[string]*apiError{"error": ae})
	} else if c.Request().Method == http.MethodHead {
		err = c.NoContent(code)
	} else {
		err = a.render(c, code, "error", &errorPage{base: titled(text[0]), Heading: text[0], Message: text[1], Code: code})
	}
	if err != nil {
		a.log.Error("render error page", "err", err)
		_ = c.String(http.StatusInternalServerError, "일시적인 오류가 발생했습니다.")
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
