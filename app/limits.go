package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// limit allows each client address burst requests at once and one more
// every interval after that; past it the visitor gets the Korean "too many
// requests" page and nothing is stored. The address is the connection's, or
// the one a trusted proxy reports (see ipExtractor).
func (a *App) limit(burst int, interval time.Duration) echo.MiddlewareFunc {
	if !a.cfg.RateLimits {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Every(interval), Burst: burst, ExpiresIn: time.Duration(burst) * interval,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store:               store,
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			return echo.NewHTTPError(http.StatusTooManyRequests)
		},
	})
}
