package metrics

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"ydp1/models"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// BenchmarkRequestMetrics is what recording one answer in the metrics
// costs, a part of every request BenchmarkHandler measures.
func BenchmarkRequestMetrics(b *testing.B) {
	t := New(nil, nil, nil).RouteTimer()
	t.Add([]*echo.Route{{Method: http.MethodGet, Path: "/petitions/:id"}})
	for range b.N {
		t.Observe("/petitions/:id", http.MethodGet, http.StatusOK, 80*time.Microsecond)
	}
}

// Each request counts under the outcome its error names, a form's errors as
// invalid and an error of no known kind as error.
func TestOutcomes(t *testing.T) {
	m := New(nil, nil, nil)
	m.Supported(nil)
	m.Supported(fmt.Errorf("support: %w", petitions.ErrAlreadySupported))
	m.Supported(models.Errors{"comment": "한마디는 100자까지 쓸 수 있습니다."})
	m.Supported(errors.New("disk full"))
	m.Booked(&meetings.Booking{Status: meetings.BookingBooked}, nil)
	m.Booked(&meetings.Booking{Status: meetings.BookingWaiting}, nil)
	m.Booked(nil, meetings.ErrBookingClosed)
	m.Booked(nil, models.ErrNotVerified)
	for outcome, want := range map[string]float64{"counted": 1, "already": 1, "invalid": 1, "error": 1, "closed": 0, "own": 0} {
		if got := value(t, m.supports[outcome]); got != want {
			t.Errorf("supports %s: %v, want %v", outcome, got, want)
		}
	}
	for outcome, want := range map[string]float64{"booked": 1, "waitlisted": 1, "closed": 1, "unverified": 1, "error": 0} {
		if got := value(t, m.bookings[outcome]); got != want {
			t.Errorf("bookings %s: %v, want %v", outcome, got, want)
		}
	}
}

func value(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var d dto.Metric
	if err := c.Write(&d); err != nil {
		t.Fatal(err)
	}
	return d.GetCounter().GetValue()
}
