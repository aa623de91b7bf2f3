package petitions_test

import (
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/maintenance"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
	"ydp1/models/privacy"
)

func TestAnonymiseSupportsAfterThePetitionCloses(t *testing.T) {
	db := modeltest.NewDB(t)
	old := modeltest.MkOpen(t, db, 1000, modeltest.T0) // closes 30 days after T0
	recent := modeltest.MkOpen(t, db, 1000, modeltest.T0.Add(90*modeltest.Day))
	unsupported := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	hong := modeltest.MkUser(t, db, func(u *models.User) { u.Name, u.Dong = "홍길동", "문래동" })
	kim := modeltest.MkUser(t, db, func(u *models.User) { u.Name, u.Dong = "김철수", "여의동" })
	for _, s := range []struct {
		p       *petitions.Petition
		u       *models.User
		comment string
		at      time.Time
	}{
		{old, hong, "꼭 필요합니다", modeltest.T0.Add(time.Hour)},
		{old, kim, "", modeltest.T0.Add(2 * time.Hour)},
		{recent, hong, "이것도 공감합니다", modeltest.T0.Add(91 * modeltest.Day)},
	} {
		_, err := petitions.SupportPetition(db, petitions.SupportInput{PetitionID: s.p.ID, UserID: s.u.ID, Comment: s.comment}, s.at)
		modeltest.WantErr(t, err, nil)
	}
	closes := *modeltest.StoredRow(t, db, old.ID).ClosesAt

	// A day short of 12 months after it closed, nothing changes.
	res, err := petitions.AnonymiseSupports(db, 12, closes.AddDate(0, 12, 0).Add(-modeltest.Day))
	modeltest.WantErr(t, err, nil)
	if res != (petitions.AnonymiseResult{}) {
		t.Fatalf("before the time: %+v", res)
	}
	if ok, _ := petitions.HasSupported(db, old.ID, hong.ID); !ok {
		t.Fatal("the support lost its supporter early")
	}

	at := closes.AddDate(0, 12, 0).Add(time.Minute)
	res, err = petitions.AnonymiseSupports(db, 12, at)
	modeltest.WantErr(t, err, nil)
	if res != (petitions.AnonymiseResult{Petitions: 1, Supports: 2}) {
		t.Fatalf("anonymised %+v, want 1 petition and 2 supports", res)
	}

	// Nobody can tie the old supports to a person any more...
	if n := modeltest.CountRows(t, db, &petitions.Support{}, "petition_id = ? AND user_id IS NOT NULL", old.ID); n != 0 {
		t.Errorf("%d supports of the old petition still name their supporter", n)
	}
	cs, _, err := petitions.Comments(db, old.ID, 1, 10)
	modeltest.WantErr(t, err, nil)
	if len(cs) != 1 || cs[0].Name != "익명" || cs[0].Text != "꼭 필요합니다" || cs[0].Dong != "문래동" {
		t.Errorf("comments after anonymising = %+v, want one by 익명 from 문래동", cs)
	}
	data, err := privacy.ExportUserData(db, hong.ID)
	modeltest.WantErr(t, err, nil)
	if len(data.Supports) != 1 || data.Supports[0].PetitionID != recent.ID {
		t.Errorf("홍길동's own data lists supports %+v, want only the recent petition", data.Supports)
	}
	// ...while the counts and the 행정동 tally stay as they were.
	if got := modeltest.StoredRow(t, db, old.ID).SupportCount; got != 2 {
		t.Errorf("support_count = %d, want 2", got)
	}
	tally, err := petitions.SupportsByDong(db, old.ID)
	modeltest.WantErr(t, err, nil)
	if len(tally) != 2 {
		t.Errorf("tally = %v, want two 행정동", tally)
	}
	rep, err := maintenance.Recount(db, false, at)
	modeltest.WantErr(t, err, nil)
	if !rep.Clean() {
		t.Errorf("recount after anonymising: %+v", rep.Differences)
	}
	// The recent petition's supporters keep their link, and the pass is recorded.
	if ok, _ := petitions.HasSupported(db, recent.ID, hong.ID); !ok {
		t.Error("the recent petition's support was anonymised")
	}
	entries, _, err := models.ListAudit(db, models.AuditQuery{Action: petitions.AuditAnonymise})
	modeltest.WantErr(t, err, nil)
	if len(entries) != 1 || entries[0].TargetID != old.ID {
		t.Errorf("audit entries = %+v, want one for petition %d", entries, old.ID)
	}

	// A second pass finds nothing more to do.
	res, err = petitions.AnonymiseSupports(db, 12, at.Add(modeltest.Day))
	modeltest.WantErr(t, err, nil)
	if res != (petitions.AnonymiseResult{}) {
		t.Errorf("second pass: %+v", res)
	}
	// Every petition the pass went through is marked done, those with no
	// supporter too, so the minute sweep reads only those still to come.
	for _, c := range []struct {
		p    *petitions.Petition
		done int64
	}{{old, 1}, {unsupported, 1}, {recent, 0}} {
		if n := modeltest.CountRows(t, db, &petitions.Petition{}, "id = ? AND anonymised_at IS NOT NULL", c.p.ID); n != c.done {
			t.Errorf("petition %d marked done %d times, want %d", c.p.ID, n, c.done)
		}
	}
}
