package models

import (
	"time"
)

// How times and numbers read to residents, the same on every page and mail.

// Seoul is the district's time zone.
var Seoul = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		return time.FixedZone("KST", 9*60*60)
	}
	return loc
}()

// FormatNumber writes n with thousands separators: 1,000.
func FormatNumber(n int) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := []byte{}
	digits := 0
	for {
		if digits > 0 && digits%3 == 0 {
			s = append(s, ',')
		}
		s = append(s, byte('0'+n%10))
		digits++
		n /= 10
		if n == 0 {
			break
		}
	}
	if neg {
		s = append(s, '-')
	}
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
	return string(s)
}

// DaysLeft counts the calendar days in Seoul from now to the deadline, as a
// D-day counter does: 0 on the last day, negative when overdue.
func DaysLeft(deadline, now time.Time) int {
	now = now.UTC()
	d := seoulDate(deadline.Add(-time.Nanosecond))
	n := seoulDate(now)
	return int(d.Sub(n).Hours() / 24)
}

func seoulDate(t time.Time) time.Time {
	y, m, d := t.In(Seoul).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
