package app

import (
	"errors"
	"strconv"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"ydp1/models"
)

// byID loads the record named by the :id parameter with find; a malformed or
// unknown id is a 404 page.
func byID[T any](a *App, c echo.Context, find func(*gorm.DB, uint) (T, error)) (T, error) {
	var zero T
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return zero, echo.ErrNotFound
	}
	v, err := find(a.dbFor(c), uint(id))
	if errors.Is(err, models.ErrNotFound) {
		return zero, echo.ErrNotFound
	}
	return v, err
}
