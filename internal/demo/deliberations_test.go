package demo_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"ydp1/internal/demo"
	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/deliberations/opinionmap"
)

// The demo's open 공론장 shows its three planted groups on first look, and
// the closed one its 결과.
func TestDemoDeliberations(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the whole demo")
	}
	db := openDemoDB(t)
	now := time.Date(2025, 6, 16, 1, 30, 0, 0, time.UTC)
	if _, err := demo.Seed(db, now); err != nil {
		t.Fatal(err)
	}
	list, err := deliberations.List(db, deliberations.Query{}, now)
	if err != nil || len(list) != 2 {
		t.Fatalf("공론장: %v (%v)", list, err)
	}
	open, closed := list[0], list[1]
	if open.StateAt(now) != deliberations.StateOpen || open.ParticipantCount < 200 || open.MeetingID == nil {
		t.Errorf("open 공론장: %s, %d participants, meeting %v", open.StateAt(now), open.ParticipantCount, open.MeetingID)
	}
	if closed.StateAt(now) != deliberations.StateClosed || closed.ResultPublishedAt == nil {
		t.Errorf("closed 공론장: %s, 결과 %v", closed.StateAt(now), closed.ResultPublishedAt)
	}
	m, err := deliberations.Result(db, open.ID)
	if err != nil || m == nil {
		t.Fatalf("map: %v", err)
	}
	if len(m.Groups) != 3 {
		t.Fatalf("%d groups, want the 3 planted", len(m.Groups))
	}
	var found, planted []int
	for _, p := range m.Places {
		var email string
		db.Raw("SELECT u.email FROM deliberation_participants p JOIN users u ON u.id = p.user_id WHERE p.id = ?", p.ParticipantID).Scan(&email)
		var n int
		if _, err := fmt.Sscanf(email, "demo%d@", &n); err != nil {
			t.Fatalf("participant %d is %q", p.ParticipantID, email)
		}
		found, planted = append(found, p.Group), append(planted, (n-1)%3)
	}
	ari := opinionmap.AdjustedRandIndex(found, planted)
	t.Logf("demo 공론장: %d participants, %d placed, groups %d/%d/%d, ARI with the planted groups %.3f",
		open.ParticipantCount, m.Placed, m.Groups[0].Size, m.Groups[1].Size, m.Groups[2].Size, ari)
	if ari < 0.8 {
		t.Errorf("ARI %.3f with the planted groups", ari)
	}
	consensus := false
	for _, c := range m.Consensus {
		consensus = consensus || (c.Agree && strings.Contains(c.Statement.Body, "보안등"))
	}
	if !consensus {
		t.Errorf("the 보안등 statement every group agrees with is not consensus: %+v", m.Consensus)
	}
	if rep, err := models.Recount(db, false, now, deliberations.Counters); err != nil || !rep.Clean() {
		t.Errorf("counters: %v %v", rep.Differences, err)
	}
}
