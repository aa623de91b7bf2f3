package metrics

import (
	"net/http"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// BenchmarkRequestMetrics is what recording one answer in the metrics
// costs, a part of every request BenchmarkHandler measures.
func BenchmarkRequestMetrics(b *testing.B) {
	t := New(nil, nil).RouteTimer()
	t.Add([]*echo.Route{{Method: http.MethodGet, Path: "/petitions/:id"}})
	for range b.N {
		t.Observe("/petitions/:id", http.MethodGet, http.StatusOK, 80*time.Microsecond)
	}
}
