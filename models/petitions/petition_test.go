package petitions_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

func TestFilePetitionValidation(t *testing.T) {
	db := modeltest.NewDB(t)
	author := modeltest.MkUser(t, db)
	tests := []struct {
		name string
		edit func(*petitions.Input)
		want []string // fields with a message; nil when the petition is filed
	}{
		{"valid", func(in *petitions.Input) {}, nil},
		{"no dong is fine", func(in *petitions.Input) { in.Dong = "" }, nil},
		{"title of 100 letters", func(in *petitions.Input) { in.Title = strings.Repeat("가", 100) }, nil},
		{"body of exactly 20 letters", func(in *petitions.Input) { in.Body = strings.Repeat("나", 20) }, nil},
		{"body of 5,000 letters", func(in *petitions.Input) { in.Body = strings.Repeat("나", 5000) }, nil},
		{"empty title", func(in *petitions.Input) { in.Title = "" }, []string{"title"}},
		{"blank title", func(in *petitions.Input) { in.Title = "   " }, []string{"title"}},
		{"title of 101 letters", func(in *petitions.Input) { in.Title = strings.Repeat("가", 101) }, []string{"title"}},
		{"no category", func(in *petitions.Input) { in.Category = "" }, []string{"category"}},
		{"unknown category", func(in *petitions.Input) { in.Category = "기타" }, []string{"category"}},
		{"there is no 신길2동", func(in *petitions.Input) { in.Dong = "신길2동" }, []string{"dong"}},
		{"empty body", func(in *petitions.Input) { in.Body = "  \r\n " }, []string{"body"}},
		{"body of 19 letters", func(in *petitions.Input) { in.Body = strings.Repeat("나", 19) }, []string{"body"}},
		{"body of 5,001 letters", func(in *petitions.Input) { in.Body = strings.Repeat("나", 5001) }, []string{"body"}},
		{"everything wrong", func(in *petitions.Input) { *in = petitions.Input{Dong: "강남동"} },
			[]string{"body", "category", "dong", "title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := modeltest.PetitionInput("골목길 가로등 설치")
			tt.edit(&in)
			before := modeltest.CountRows(t, db, &petitions.Petition{})
			p, err := petitions.FilePetition(db, author.ID, in, modeltest.T0)
			if tt.want == nil {
				modeltest.WantErr(t, err, nil)
				if p.ID == 0 || p.Status != petitions.StatusPreconsent {
					t.Fatalf("filed petition = %+v", p)
				}
				return
			}
			if got := modeltest.FieldErrors(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fields with errors = %v, want %v", got, tt.want)
			}
			if after := modeltest.CountRows(t, db, &petitions.Petition{}); after != before {
				t.Errorf("an invalid petition was stored")
			}
		})
	}
}

func TestFilePetitionMessages(t *testing.T) {
	db := modeltest.NewDB(t)
	author := modeltest.MkUser(t, db)
	in := modeltest.PetitionInput(strings.Repeat("가", 120))
	in.Body = "짧아요"
	_, err := petitions.FilePetition(db, author.ID, in, modeltest.T0)
	fe, _ := models.AsErrors(err)
	if got := inLang("ko")(fe["title"]); got != "제목은 100자 이하로 입력해 주세요. (지금 120자)" {
		t.Errorf("title message = %q", fe["title"])
	}
	if !strings.HasPrefix(inLang("ko")(fe["body"]), "청원 내용을 20자 이상 써 주세요.") {
		t.Errorf("body message = %q", fe["body"])
	}
	if got := inLang("en")(fe["title"]); got != "Please keep the title to 100 characters or fewer (now 120)." {
		t.Errorf("English title message = %q", got)
	}
}

func TestFilePetitionStartsInPreconsent(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.UseSettings(t, db, models.Settings{Threshold: 300, PreconsentGoal: 3, PreconsentDays: 5, PetitionDays: 30, AnswerDays: 20})
	author := modeltest.MkUser(t, db)
	in := modeltest.PetitionInput("  공원 화장실을 고쳐 주세요  ")
	in.Body = "첫 줄입니다. 공원 화장실이 고장났습니다.\r\n둘째 줄입니다."
	p, err := petitions.FilePetition(db, author.ID, in, modeltest.T0)
	modeltest.WantErr(t, err, nil)

	got := modeltest.StoredRow(t, db, p.ID)
	if got.Status != petitions.StatusPreconsent || got.PreconsentGoal != 3 || !got.PreconsentEndsAt.Equal(modeltest.T0.Add(5*modeltest.Day)) {
		t.Errorf("status %q, goal %d, ends %v; want preconsent, 3, %v", got.Status, got.PreconsentGoal, got.PreconsentEndsAt, modeltest.T0.Add(5*modeltest.Day))
	}
	if got.Title != "공원 화장실을 고쳐 주세요" || strings.Contains(got.Body, "\r") {
		t.Errorf("title %q and body %q are not trimmed and normalised", got.Title, got.Body)
	}
	if len(got.ShareToken) < 16 || got.ReviewAt != nil || got.OpenedAt != nil || got.ClosesAt != nil {
		t.Errorf("share token %q, review %v, opened %v, closes %v", got.ShareToken, got.ReviewAt, got.OpenedAt, got.ClosesAt)
	}
	if got.Threshold != 0 {
		t.Errorf("threshold = %d before publication, want 0 (it is taken when published)", got.Threshold)
	}
	other := modeltest.FilePetition(t, db, modeltest.T0)
	if other.ShareToken == p.ShareToken {
		t.Error("two petitions share a share token")
	}
}

func TestSubmitFilesOnlyWhatTheAuthorConfirmed(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.UseSettings(t, db, models.Settings{Threshold: 300, PreconsentGoal: 3, PreconsentDays: 5, PetitionDays: 30, AnswerDays: 20})
	author := modeltest.MkUser(t, db)
	in := modeltest.PetitionInput("  공원 화장실을 고쳐 주세요  ")

	// unconfirmed: the draft as it will be published, nothing stored
	draft, filed, err := petitions.Submit(db, author.ID, in, false, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if filed || draft.ID != 0 || draft.Title != "공원 화장실을 고쳐 주세요" || draft.Author.ID != author.ID ||
		draft.Status != petitions.StatusPreconsent || draft.PreconsentGoal != 3 {
		t.Errorf("draft = %+v (filed %v), want the trimmed, unsaved petition in 사전동의 with goal 3", draft, filed)
	}
	if n := modeltest.CountRows(t, db, &petitions.Petition{}); n != 0 {
		t.Fatalf("a draft stored %d petitions", n)
	}
	// a draft is refused as filing would be
	_, _, err = petitions.Submit(db, author.ID, petitions.Input{Title: "제목"}, false, modeltest.T0)
	if got := modeltest.FieldErrors(t, err); !reflect.DeepEqual(got, []string{"body", "category"}) {
		t.Errorf("fields with errors = %v", got)
	}
	u := modeltest.MkUser(t, db, modeltest.Unverified)
	_, _, err = petitions.Submit(db, u.ID, in, false, modeltest.T0)
	modeltest.WantErr(t, err, models.ErrNotVerified)

	// confirmed: filed as shown
	p, filed, err := petitions.Submit(db, author.ID, in, true, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if !filed || p.ID == 0 || p.Title != draft.Title || p.Body != draft.Body {
		t.Errorf("filed %v: %+v, want the draft stored", filed, p)
	}
}

func TestFilePetitionWithoutPreconsentGoesToReview(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.UseSettings(t, db, modeltest.Rules(0, 1000))
	p := modeltest.FilePetition(t, db, modeltest.T0)
	got := modeltest.StoredRow(t, db, p.ID)
	if got.Status != petitions.StatusReview || !modeltest.SameTime(got.ReviewAt, modeltest.T0) {
		t.Errorf("status %q, review_at %v; want review at %v", got.Status, got.ReviewAt, modeltest.T0)
	}
}

func TestFilePetitionRefusesUnverifiedAndUnknownAuthors(t *testing.T) {
	db := modeltest.NewDB(t)
	u := modeltest.MkUser(t, db, modeltest.Unverified)
	_, err := petitions.FilePetition(db, u.ID, modeltest.PetitionInput("확인 안 된 계정의 청원"), modeltest.T0)
	modeltest.WantErr(t, err, models.ErrNotVerified)
	_, err = petitions.FilePetition(db, 9999, modeltest.PetitionInput("없는 계정의 청원"), modeltest.T0)
	modeltest.WantErr(t, err, models.ErrNotFound)
	_, err = petitions.FindPetition(db, 9999, modeltest.T0)
	modeltest.WantErr(t, err, models.ErrNotFound)
	if n := modeltest.CountRows(t, db, &petitions.Petition{}); n != 0 {
		t.Errorf("%d petitions stored, want 0", n)
	}
}

func TestPreconsentGoalMovesToReview(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.UseSettings(t, db, modeltest.Rules(3, 1000))
	p := modeltest.FilePetition(t, db, modeltest.T0)
	us := modeltest.MkUsers(t, db, 4)

	want := []petitions.Status{petitions.StatusPreconsent, petitions.StatusPreconsent, petitions.StatusReview}
	for i, st := range want {
		now := modeltest.T0.Add(time.Duration(i+1) * time.Hour)
		r := modeltest.MustSupport(t, db, p, &us[i], now)
		if r.Count != i+1 || r.Status != st {
			t.Errorf("support %d: count %d status %q, want %d %q", i+1, r.Count, r.Status, i+1, st)
		}
	}
	got := modeltest.StoredRow(t, db, p.ID)
	if got.Status != petitions.StatusReview || !modeltest.SameTime(got.ReviewAt, modeltest.T0.Add(3*time.Hour)) || got.SupportCount != 3 {
		t.Errorf("after the goal: status %q review_at %v count %d", got.Status, got.ReviewAt, got.SupportCount)
	}
	// 검토중 takes no supports, even through the share link.
	_, err := modeltest.TrySupport(db, p, &us[3], modeltest.T0.Add(4*time.Hour))
	modeltest.WantErr(t, err, petitions.ErrSupportClosed)
	if got := modeltest.StoredRow(t, db, p.ID); got.SupportCount != 3 {
		t.Errorf("count = %d after a refused support, want 3", got.SupportCount)
	}
}

func TestPreconsentSupportRules(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.UseSettings(t, db, modeltest.Rules(10, 1000))
	p := modeltest.FilePetition(t, db, modeltest.T0)
	stranger := modeltest.MkUser(t, db)
	tests := []struct {
		name  string
		user  uint
		share string
		want  error
	}{
		{"no share token", stranger.ID, "", models.ErrNotFound},
		{"wrong share token", stranger.ID, "aaaaaaaaaaaaaaaa", models.ErrNotFound},
		{"the author with the link", p.AuthorID, p.ShareToken, petitions.ErrOwnPetition},
		{"the author without the link", p.AuthorID, "", models.ErrNotFound},
		{"another resident with the link", stranger.ID, p.ShareToken, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := petitions.SupportPetition(db, petitions.SupportInput{PetitionID: p.ID, UserID: tt.user, Share: tt.share}, modeltest.T0.Add(time.Hour))
			modeltest.WantErr(t, err, tt.want)
		})
	}
	if got := modeltest.StoredRow(t, db, p.ID); got.SupportCount != 1 {
		t.Errorf("count = %d, want 1 (only the stranger with the link)", got.SupportCount)
	}
	if n := modeltest.CountRows(t, db, &petitions.Support{}, "user_id = ?", p.AuthorID); n != 0 {
		t.Errorf("the author has %d supports of their own petition", n)
	}
}

func TestPreconsentLapsesAtTheEndOfItsPeriod(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.UseSettings(t, db, modeltest.Rules(3, 1000)) // 7 days
	p := modeltest.FilePetition(t, db, modeltest.T0)
	ends := modeltest.T0.Add(7 * modeltest.Day)
	us := modeltest.MkUsers(t, db, 2)

	// One nanosecond before the end it still takes supports.
	r := modeltest.MustSupport(t, db, p, &us[0], ends.Add(-time.Nanosecond))
	if r.Status != petitions.StatusPreconsent || r.Count != 1 {
		t.Errorf("support just before the end: %+v", r)
	}
	_, err := modeltest.TrySupport(db, p, &us[1], ends)
	modeltest.WantErr(t, err, petitions.ErrSupportClosed)

	row := modeltest.StoredRow(t, db, p.ID)
	for _, c := range []struct {
		now  time.Time
		want petitions.Status
	}{
		{ends.Add(-time.Nanosecond), petitions.StatusPreconsent},
		{ends.Add(-time.Second), petitions.StatusPreconsent},
		{ends, petitions.StatusLapsed},
		{ends.Add(time.Second), petitions.StatusLapsed},
	} {
		if got := row.StatusAt(c.now); got != c.want {
			t.Errorf("StatusAt(end%+v) = %q, want %q", c.now.Sub(ends), got, c.want)
		}
		found, err := petitions.FindPetition(db, p.ID, c.now)
		modeltest.WantErr(t, err, nil)
		if found.Status != c.want {
			t.Errorf("FindPetition at end%+v: %q, want %q", c.now.Sub(ends), found.Status, c.want)
		}
		for _, s := range []petitions.Status{petitions.StatusPreconsent, petitions.StatusLapsed} {
			n, err := petitions.CountIn(db, s, c.now)
			modeltest.WantErr(t, err, nil)
			in, err := petitions.PetitionsIn(db, s, c.now, 10)
			modeltest.WantErr(t, err, nil)
			want := int64(0)
			if s == c.want {
				want = 1
			}
			if n != want || int64(len(in)) != want {
				t.Errorf("at end%+v: CountIn(%s) = %d, PetitionsIn(%s) has %d, want %d", c.now.Sub(ends), s, n, s, len(in), want)
			}
		}
		list, total, err := petitions.ListPetitions(db, petitions.Query{}, c.now)
		modeltest.WantErr(t, err, nil)
		if total != 0 || len(list) != 0 {
			t.Errorf("the public list shows a 사전동의/미성립 petition")
		}
	}

	n, err := petitions.SweepExpired(db, ends.Add(-time.Nanosecond))
	modeltest.WantErr(t, err, nil)
	if n != 0 {
		t.Errorf("sweep before the end changed %d petitions", n)
	}
	n, err = petitions.SweepExpired(db, ends)
	modeltest.WantErr(t, err, nil)
	if got := modeltest.StoredRow(t, db, p.ID); n != 1 || got.Status != petitions.StatusLapsed {
		t.Errorf("sweep at the end: changed %d, stored %q; want 1, lapsed", n, got.Status)
	}
}

func TestPublish(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.UseSettings(t, db, models.Settings{Threshold: 500, PreconsentGoal: 0, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20})
	p := modeltest.FilePetition(t, db, modeltest.T0)
	pub := modeltest.T0.Add(26 * time.Hour)
	modeltest.WantErr(t, petitions.Publish(db, p.ID, 0, pub), nil)

	got := modeltest.StoredRow(t, db, p.ID)
	if got.Status != petitions.StatusOpen || !modeltest.SameTime(got.OpenedAt, pub) || !modeltest.SameTime(got.ClosesAt, pub.AddDate(0, 0, 30)) {
		t.Errorf("status %q opened %v closes %v", got.Status, got.OpenedAt, got.ClosesAt)
	}
	if got.Threshold != 500 || got.AnswerDays != 20 || got.ThresholdAt != nil {
		t.Errorf("threshold %d answer_days %d threshold_at %v", got.Threshold, got.AnswerDays, got.ThresholdAt)
	}

	// Later changes to the settings do not move the goalposts of a running petition.
	modeltest.UseSettings(t, db, models.Settings{Threshold: 5000, PreconsentGoal: 10, PreconsentDays: 7, PetitionDays: 60, AnswerDays: 5})
	if again := modeltest.StoredRow(t, db, p.ID); again.Threshold != 500 || again.AnswerDays != 20 || !again.ClosesAt.Equal(*got.ClosesAt) {
		t.Errorf("the snapshot changed with the settings: %+v", again)
	}

	modeltest.WantErr(t, petitions.Publish(db, p.ID, 0, pub.Add(time.Hour)), models.ErrStateChanged)
	if again := modeltest.StoredRow(t, db, p.ID); !again.OpenedAt.Equal(pub) {
		t.Errorf("a second publish moved opened_at to %v", again.OpenedAt)
	}
}

func TestPublishOnlyFromReview(t *testing.T) {
	db := modeltest.NewDB(t)
	for _, st := range []petitions.Status{petitions.StatusPreconsent, petitions.StatusLapsed, petitions.StatusOpen, petitions.StatusAwaitingAnswer, petitions.StatusAnswered, petitions.StatusExpired, petitions.StatusHidden} {
		p := modeltest.InsertPetition(t, db, petitions.Petition{Status: st})
		modeltest.WantErr(t, petitions.Publish(db, p.ID, 0, modeltest.T0), models.ErrStateChanged)
		if got := modeltest.StoredRow(t, db, p.ID); got.Status != st || got.OpenedAt != nil {
			t.Errorf("publishing a %s petition changed it to %q", st, got.Status)
		}
	}
	modeltest.WantErr(t, petitions.Publish(db, 424242, 0, modeltest.T0), models.ErrStateChanged)
}

func TestPublishAtThresholdGoesStraightToAwaitingAnswer(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.UseSettings(t, db, modeltest.Rules(2, 2))
	p := modeltest.FilePetition(t, db, modeltest.T0)
	for _, u := range modeltest.MkUsers(t, db, 2) {
		modeltest.MustSupport(t, db, p, &u, modeltest.T0.Add(time.Hour))
	}
	pub := modeltest.T0.Add(modeltest.Day)
	modeltest.WantErr(t, petitions.Publish(db, p.ID, 0, pub), nil)
	got := modeltest.StoredRow(t, db, p.ID)
	if got.Status != petitions.StatusAwaitingAnswer || !modeltest.SameTime(got.ThresholdAt, pub) || !modeltest.SameTime(got.AnswerDueAt, pub.AddDate(0, 0, 20)) {
		t.Errorf("status %q threshold_at %v answer_due_at %v", got.Status, got.ThresholdAt, got.AnswerDueAt)
	}
}

func TestThresholdAndSupportAfterIt(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 3, modeltest.T0)
	us := modeltest.MkUsers(t, db, 6)
	steps := []struct {
		want   int
		status petitions.Status
	}{{1, petitions.StatusOpen}, {2, petitions.StatusOpen}, {3, petitions.StatusAwaitingAnswer}, {4, petitions.StatusAwaitingAnswer}}
	for i, s := range steps {
		r := modeltest.MustSupport(t, db, p, &us[i], modeltest.T0.Add(time.Duration(i+1)*modeltest.Day))
		// The result is read after the transition, inside the support's transaction.
		if r.Count != s.want || r.Status != s.status {
			t.Errorf("support %d: %+v, want count %d status %q", i+1, r, s.want, s.status)
		}
	}
	crossed := modeltest.T0.Add(3 * modeltest.Day)
	got := modeltest.StoredRow(t, db, p.ID)
	if !modeltest.SameTime(got.ThresholdAt, crossed) || !modeltest.SameTime(got.AnswerDueAt, crossed.AddDate(0, 0, 20)) {
		t.Errorf("threshold_at %v answer_due_at %v, want %v and 20 days later", got.ThresholdAt, got.AnswerDueAt, crossed)
	}

	// Answered petitions keep taking supports until the period ends.
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	modeltest.WantErr(t, petitions.AnswerPetition(db, p.ID, staff.ID, petitions.AnswerInput{Body: "답변입니다."}, modeltest.T0.Add(5*modeltest.Day)), nil)
	r := modeltest.MustSupport(t, db, p, &us[4], got.ClosesAt.Add(-time.Nanosecond))
	if r.Count != 5 || r.Status != petitions.StatusAnswered {
		t.Errorf("support on an answered petition just before the end: %+v", r)
	}
	_, err := modeltest.TrySupport(db, p, &us[5], *got.ClosesAt)
	modeltest.WantErr(t, err, petitions.ErrSupportClosed)
	if got := modeltest.StoredRow(t, db, p.ID); got.SupportCount != 5 || !modeltest.SameTime(got.ThresholdAt, crossed) {
		t.Errorf("count %d threshold_at %v after the period", got.SupportCount, got.ThresholdAt)
	}
}

func TestPeriodEndsBelowThreshold(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 5, modeltest.T0)
	closes := *p.ClosesAt
	us := modeltest.MkUsers(t, db, 4)
	modeltest.MustSupport(t, db, p, &us[0], modeltest.T0.Add(modeltest.Day))
	modeltest.MustSupport(t, db, p, &us[1], closes.Add(-time.Second))
	r := modeltest.MustSupport(t, db, p, &us[2], closes.Add(-time.Nanosecond))
	if r.Status != petitions.StatusOpen || r.Count != 3 {
		t.Errorf("support one nanosecond before the end: %+v", r)
	}
	_, err := modeltest.TrySupport(db, p, &us[3], closes)
	modeltest.WantErr(t, err, petitions.ErrSupportClosed)

	row := modeltest.StoredRow(t, db, p.ID)
	for _, c := range []struct {
		now  time.Time
		want petitions.Status
	}{
		{closes.Add(-time.Second), petitions.StatusOpen},
		{closes.Add(-time.Nanosecond), petitions.StatusOpen},
		{closes, petitions.StatusExpired},
		{closes.Add(time.Hour), petitions.StatusExpired},
	} {
		if got := row.StatusAt(c.now); got != c.want {
			t.Errorf("StatusAt(close%+v) = %q, want %q", c.now.Sub(closes), got, c.want)
		}
		if row.AcceptsSupport(c.now) != (c.want == petitions.StatusOpen) {
			t.Errorf("AcceptsSupport(close%+v) = %v", c.now.Sub(closes), row.AcceptsSupport(c.now))
		}
		for _, s := range []petitions.Status{petitions.StatusOpen, petitions.StatusExpired} {
			list, total, err := petitions.ListPetitions(db, petitions.Query{Status: s}, c.now)
			modeltest.WantErr(t, err, nil)
			n, err := petitions.CountIn(db, s, c.now)
			modeltest.WantErr(t, err, nil)
			want := int64(0)
			if s == c.want {
				want = 1
			}
			if total != want || int64(len(list)) != want || n != want {
				t.Errorf("at close%+v: list(%s) total %d, CountIn %d, want %d", c.now.Sub(closes), s, total, n, want)
			}
			if len(list) == 1 && list[0].Status != c.want {
				t.Errorf("listed with status %q, want %q", list[0].Status, c.want)
			}
		}
	}

	n, err := petitions.SweepExpired(db, closes.Add(-time.Nanosecond))
	modeltest.WantErr(t, err, nil)
	if n != 0 {
		t.Errorf("sweep before the end changed %d", n)
	}
	n, err = petitions.SweepExpired(db, closes)
	modeltest.WantErr(t, err, nil)
	if got := modeltest.StoredRow(t, db, p.ID); n != 1 || got.Status != petitions.StatusExpired || got.SupportCount != 3 {
		t.Errorf("sweep at the end: changed %d, stored %q with %d", n, got.Status, got.SupportCount)
	}
}

func TestAwaitingAnswerIsNotExpiredWhenThePeriodEnds(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1, modeltest.T0)
	modeltest.MustSupport(t, db, p, modeltest.MkUser(t, db), modeltest.T0.Add(time.Hour))
	after := p.ClosesAt.Add(modeltest.Day)
	n, err := petitions.SweepExpired(db, after)
	modeltest.WantErr(t, err, nil)
	got := modeltest.StoredRow(t, db, p.ID)
	if n != 0 || got.Status != petitions.StatusAwaitingAnswer || got.StatusAt(after) != petitions.StatusAwaitingAnswer {
		t.Errorf("a 공감청원 after its period: swept %d, stored %q", n, got.Status)
	}
}

func TestAnswerPetition(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	p := modeltest.MkOpen(t, db, 1, modeltest.T0)
	modeltest.MustSupport(t, db, p, modeltest.MkUser(t, db), modeltest.T0.Add(time.Hour))

	invalid := []struct {
		name string
		in   petitions.AnswerInput
		want []string
	}{
		{"empty body", petitions.AnswerInput{}, []string{"body"}},
		{"blank body", petitions.AnswerInput{Body: " \n\t "}, []string{"body"}},
		{"body over 30,000 letters", petitions.AnswerInput{Body: strings.Repeat("답", 30001)}, []string{"body"}},
		{"video without scheme", petitions.AnswerInput{Body: "답변", VideoURL: "youtube.com/watch?v=dQw4w9WgXcQ"}, []string{"video_url"}},
		{"javascript video", petitions.AnswerInput{Body: "답변", VideoURL: "javascript:alert(1)"}, []string{"video_url"}},
		{"ftp video", petitions.AnswerInput{Body: "답변", VideoURL: "ftp://example.com/a.mp4"}, []string{"video_url"}},
		{"video without host", petitions.AnswerInput{Body: "답변", VideoURL: "https:///watch"}, []string{"video_url"}},
		{"answerer over 50 letters", petitions.AnswerInput{Body: "답변", Answerer: strings.Repeat("가", 51)}, []string{"answerer"}},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			err := petitions.AnswerPetition(db, p.ID, staff.ID, tt.in, modeltest.T0.Add(modeltest.Day))
			if got := modeltest.FieldErrors(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fields %v, want %v", got, tt.want)
			}
		})
	}
	if got := modeltest.StoredRow(t, db, p.ID); got.Status != petitions.StatusAwaitingAnswer || modeltest.CountRows(t, db, &petitions.Answer{}) != 0 {
		t.Fatalf("an invalid answer changed the petition: %q", got.Status)
	}

	at := modeltest.T0.Add(2 * modeltest.Day)
	in := petitions.AnswerInput{Body: "**검토 결과**를 알려 드립니다.\n\n<script>alert(1)</script>", VideoURL: " https://youtu.be/dQw4w9WgXcQ "}
	modeltest.WantErr(t, petitions.AnswerPetition(db, p.ID, staff.ID, in, at), nil)
	found, err := petitions.FindPetition(db, p.ID, at)
	modeltest.WantErr(t, err, nil)
	a := found.Answer
	if found.Status != petitions.StatusAnswered || a == nil {
		t.Fatalf("status %q, answer %v", found.Status, a)
	}
	if a.Answerer != petitions.DefaultAnswerer || a.StaffID != staff.ID || !a.AnsweredAt.Equal(at) || a.VideoURL != "https://youtu.be/dQw4w9WgXcQ" ||
		!a.CreatedAt.Equal(at) || !a.UpdatedAt.Equal(at) { // the feed dates the answer by these

		t.Errorf("answer = %+v", a)
	}
	if !strings.Contains(a.BodyHTML, "<strong>검토 결과</strong>") || strings.Contains(a.BodyHTML, "<script") {
		t.Errorf("body html = %q", a.BodyHTML)
	}
	if a.EmbedURL() != "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" {
		t.Errorf("embed = %q", a.EmbedURL())
	}

	// A second answer, or an answer to a petition not awaiting one, is refused.
	modeltest.WantErr(t, petitions.AnswerPetition(db, p.ID, staff.ID, petitions.AnswerInput{Body: "다시"}, at), models.ErrStateChanged)
	for _, st := range []petitions.Status{petitions.StatusPreconsent, petitions.StatusReview, petitions.StatusOpen, petitions.StatusExpired, petitions.StatusHidden, petitions.StatusLapsed} {
		q := modeltest.InsertPetition(t, db, petitions.Petition{Status: st})
		modeltest.WantErr(t, petitions.AnswerPetition(db, q.ID, staff.ID, petitions.AnswerInput{Body: "답변"}, at), models.ErrStateChanged)
		if got := modeltest.StoredRow(t, db, q.ID); got.Status != st {
			t.Errorf("answering a %s petition changed it to %q", st, got.Status)
		}
	}
	if n := modeltest.CountRows(t, db, &petitions.Answer{}); n != 1 {
		t.Errorf("%d answers stored, want 1", n)
	}
}

func TestHideValidation(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusReview})
	tests := []struct {
		name, reason, note string
		want               []string
	}{
		{"unknown reason", "싫어서", "", []string{"reason"}},
		{"no reason", "", "", []string{"reason"}},
		{"기타 without a note", "기타", "", []string{"note"}},
		{"기타 with a blank note", "기타", "   ", []string{"note"}},
		{"note over 1,000 letters", "중복", strings.Repeat("가", 1001), []string{"note"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := modeltest.FieldErrors(t, petitions.Hide(db, p.ID, 0, tt.reason, tt.note, modeltest.T0)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fields %v, want %v", got, tt.want)
			}
		})
	}
	if got := modeltest.StoredRow(t, db, p.ID); got.Status != petitions.StatusReview {
		t.Errorf("an invalid hide changed the petition to %q", got.Status)
	}
	for _, reason := range petitions.HideReasons {
		if reason == "기타" {
			continue
		}
		q := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusReview})
		modeltest.WantErr(t, petitions.Hide(db, q.ID, 0, reason, "", modeltest.T0), nil)
	}
}

func TestHideAndRestore(t *testing.T) {
	db := modeltest.NewDB(t)
	opened, closes := modeltest.T0.Add(-modeltest.Day), modeltest.T0.Add(29*modeltest.Day)
	reader := modeltest.MkUser(t, db)
	for _, st := range []petitions.Status{petitions.StatusPreconsent, petitions.StatusReview, petitions.StatusOpen, petitions.StatusAwaitingAnswer, petitions.StatusAnswered, petitions.StatusExpired, petitions.StatusLapsed} {
		t.Run(string(st), func(t *testing.T) {
			p := modeltest.InsertPetition(t, db, petitions.Petition{Status: st, OpenedAt: &opened, ClosesAt: &closes, Title: "숨길 청원"})
			hideAt := modeltest.T0.Add(time.Hour)
			modeltest.WantErr(t, petitions.Hide(db, p.ID, 0, "기타", "  개인 연락처가 들어 있어 가렸습니다.  ", hideAt), nil)
			got := modeltest.StoredRow(t, db, p.ID)
			if got.Status != petitions.StatusHidden || got.HiddenFrom != st || got.HiddenReason != "기타" ||
				got.HiddenNote != "개인 연락처가 들어 있어 가렸습니다." || !modeltest.SameTime(got.HiddenAt, hideAt) {
				t.Errorf("hidden row = %+v", got)
			}
			if got.VisibleTo(nil, p.ShareToken) || got.VisibleTo(reader, p.ShareToken) {
				t.Error("a hidden petition is visible to the public")
			}
			if !got.VisibleTo(&models.User{ID: p.AuthorID}, "") || !got.VisibleTo(&models.User{ID: 999999, Role: models.RoleStaff}, "") {
				t.Error("the author or staff cannot read a hidden petition")
			}
			_, err := modeltest.TrySupport(db, got, reader, hideAt)
			modeltest.WantErr(t, err, petitions.ErrSupportClosed)
			list, _, err := petitions.ListPetitions(db, petitions.Query{Q: "숨길", PerPage: 100}, hideAt)
			modeltest.WantErr(t, err, nil)
			if containsID(list, p.ID) {
				t.Errorf("the public list shows a hidden petition")
			}
			modeltest.WantErr(t, petitions.Hide(db, p.ID, 0, "중복", "", hideAt), models.ErrStateChanged)

			modeltest.WantErr(t, petitions.Restore(db, p.ID, 0, hideAt.Add(time.Hour)), nil)
			got = modeltest.StoredRow(t, db, p.ID)
			if got.Status != st || got.HiddenFrom != "" || got.HiddenReason != "" || got.HiddenNote != "" || got.HiddenAt != nil {
				t.Errorf("restored row = %+v", got)
			}
			modeltest.WantErr(t, petitions.Restore(db, p.ID, 0, hideAt.Add(time.Hour)), models.ErrStateChanged)
		})
	}
	modeltest.WantErr(t, petitions.Hide(db, 424242, 0, "중복", "", modeltest.T0), models.ErrStateChanged)
}

// fixtureStates stores petitions on both sides of every time boundary around at.
func fixtureStates(t *testing.T, db *gorm.DB, at time.Time) {
	t.Helper()
	before, after := at.Add(-time.Second), at.Add(time.Second)
	past := at.Add(-40 * modeltest.Day)
	for _, ends := range []time.Time{before, at, after} {
		modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusPreconsent, PreconsentEndsAt: ends})
	}
	for _, closes := range []time.Time{before, at, after} {
		modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusOpen, OpenedAt: &past, ClosesAt: modeltest.TimePtr(closes)})
		modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAwaitingAnswer, OpenedAt: &past, ClosesAt: modeltest.TimePtr(closes), ThresholdAt: &past})
		modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAnswered, OpenedAt: &past, ClosesAt: modeltest.TimePtr(closes)})
		modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusHidden, HiddenFrom: petitions.StatusOpen, OpenedAt: &past, ClosesAt: modeltest.TimePtr(closes)})
	}
	modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusReview, PreconsentEndsAt: before})
	modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusLapsed, PreconsentEndsAt: before})
	modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusExpired, OpenedAt: &past, ClosesAt: &before})
}

var allStatuses = []petitions.Status{petitions.StatusPreconsent, petitions.StatusLapsed, petitions.StatusReview, petitions.StatusOpen,
	petitions.StatusAwaitingAnswer, petitions.StatusAnswered, petitions.StatusExpired, petitions.StatusHidden}

func TestStatusWhereAgreesWithStatusAt(t *testing.T) {
	db := modeltest.NewDB(t)
	fixtureStates(t, db, modeltest.T0)
	var rows []petitions.Petition
	modeltest.WantErr(t, db.Find(&rows).Error, nil)
	for _, now := range []time.Time{modeltest.T0.Add(-time.Second), modeltest.T0.Add(-time.Nanosecond), modeltest.T0, modeltest.T0.Add(time.Nanosecond), modeltest.T0.Add(time.Second)} {
		want := map[petitions.Status][]uint{}
		var public []uint
		for _, p := range rows {
			s := p.StatusAt(now)
			want[s] = append(want[s], p.ID)
			if s.IsPublic() {
				public = append(public, p.ID)
			}
		}
		for _, s := range allStatuses {
			in, err := petitions.PetitionsIn(db, s, now, 1000)
			modeltest.WantErr(t, err, nil)
			n, err := petitions.CountIn(db, s, now)
			modeltest.WantErr(t, err, nil)
			if !sameIDs(modeltest.PetitionIDs(in), want[s]) || n != int64(len(want[s])) {
				t.Errorf("at t0%+v, %s: PetitionsIn %v, CountIn %d; StatusAt says %v", now.Sub(modeltest.T0), s, modeltest.PetitionIDs(in), n, want[s])
			}
			for _, p := range in {
				if p.Status != s {
					t.Errorf("PetitionsIn(%s) returned petition %d as %q", s, p.ID, p.Status)
				}
			}
			if s.IsPublic() {
				list, total, err := petitions.ListPetitions(db, petitions.Query{Status: s, PerPage: 100}, now)
				modeltest.WantErr(t, err, nil)
				if !sameIDs(modeltest.PetitionIDs(list), want[s]) || total != int64(len(want[s])) {
					t.Errorf("at t0%+v, list of %s: %v (total %d); StatusAt says %v", now.Sub(modeltest.T0), s, modeltest.PetitionIDs(list), total, want[s])
				}
			}
		}
		list, total, err := petitions.ListPetitions(db, petitions.Query{PerPage: 100}, now)
		modeltest.WantErr(t, err, nil)
		if !sameIDs(modeltest.PetitionIDs(list), public) || total != int64(len(public)) {
			t.Errorf("at t0%+v, the whole list: %v; public by StatusAt: %v", now.Sub(modeltest.T0), modeltest.PetitionIDs(list), public)
		}
	}
}

func TestSweepExpiredStoresWhatStatusAtShows(t *testing.T) {
	db := modeltest.NewDB(t)
	fixtureStates(t, db, modeltest.T0)
	var rows []petitions.Petition
	modeltest.WantErr(t, db.Find(&rows).Error, nil)
	want := map[uint]petitions.Status{}
	changes := int64(0)
	for _, p := range rows {
		want[p.ID] = p.StatusAt(modeltest.T0)
		if want[p.ID] != p.Status {
			changes++
		}
	}
	n, err := petitions.SweepExpired(db, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if n != changes || n != 4 { // 2 lapsed 사전동의 (before, at) and 2 expired 진행중
		t.Errorf("sweep changed %d, StatusAt differs on %d, want 4", n, changes)
	}
	for id, s := range want {
		if got := modeltest.StoredRow(t, db, id); got.Status != s {
			t.Errorf("petition %d stored as %q, StatusAt showed %q", id, got.Status, s)
		}
	}
	n, err = petitions.SweepExpired(db, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if n != 0 {
		t.Errorf("a second sweep changed %d", n)
	}
}

func TestProgressAndDeadline(t *testing.T) {
	opened, closes, due := modeltest.T0, modeltest.T0.Add(30*modeltest.Day), modeltest.T0.Add(40*modeltest.Day)
	ends := modeltest.T0.Add(7 * modeltest.Day)
	tests := []struct {
		name     string
		p        petitions.Petition
		goal     int
		percent  int
		deadline *time.Time
	}{
		{"사전동의 counts to its goal", petitions.Petition{Status: petitions.StatusPreconsent, SupportCount: 4, PreconsentGoal: 10, PreconsentEndsAt: ends}, 10, 40, &ends},
		{"진행중 counts to the threshold", petitions.Petition{Status: petitions.StatusOpen, SupportCount: 250, PreconsentGoal: 10, Threshold: 1000, OpenedAt: &opened, ClosesAt: &closes}, 1000, 25, &closes},
		{"over the threshold caps at 100", petitions.Petition{Status: petitions.StatusAwaitingAnswer, SupportCount: 1500, Threshold: 1000, OpenedAt: &opened, ClosesAt: &closes, AnswerDueAt: &due}, 1000, 100, &due},
		{"rounds down: 999 of 1,000 is not full", petitions.Petition{Status: petitions.StatusOpen, SupportCount: 999, Threshold: 1000, OpenedAt: &opened, ClosesAt: &closes}, 1000, 99, &closes},
		{"answered has no deadline", petitions.Petition{Status: petitions.StatusAnswered, SupportCount: 1000, Threshold: 1000, OpenedAt: &opened}, 1000, 100, nil},
		{"검토중 has no deadline", petitions.Petition{Status: petitions.StatusReview, SupportCount: 10, PreconsentGoal: 10}, 10, 100, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if g := tt.p.Goal(); g != tt.goal {
				t.Errorf("Goal = %d, want %d", g, tt.goal)
			}
			if pc := tt.p.Percent(); pc != tt.percent {
				t.Errorf("Percent = %d, want %d", pc, tt.percent)
			}
			d := tt.p.Deadline()
			if (d == nil) != (tt.deadline == nil) || d != nil && !d.Equal(*tt.deadline) {
				t.Errorf("Deadline = %v, want %v", d, tt.deadline)
			}
		})
	}
}

func TestVisibleTo(t *testing.T) {
	author := &models.User{ID: 1}
	other := &models.User{ID: 2}
	staff := &models.User{ID: 3, Role: models.RoleStaff}
	tests := []struct {
		status petitions.Status
		viewer *models.User
		share  string
		want   bool
	}{
		{petitions.StatusPreconsent, nil, "", false},
		{petitions.StatusPreconsent, nil, "secret", true},
		{petitions.StatusPreconsent, nil, "wrong", false},
		{petitions.StatusPreconsent, other, "", false},
		{petitions.StatusPreconsent, other, "secret", true},
		{petitions.StatusPreconsent, author, "", true},
		{petitions.StatusPreconsent, staff, "", true},
		{petitions.StatusReview, nil, "secret", true},
		{petitions.StatusReview, other, "", false},
		{petitions.StatusReview, nil, "wrong", false},
		{petitions.StatusReview, author, "", true},
		{petitions.StatusLapsed, other, "secret", false},
		{petitions.StatusHidden, nil, "secret", false},
		{petitions.StatusHidden, staff, "", true},
		{petitions.StatusOpen, nil, "", true},
		{petitions.StatusAwaitingAnswer, nil, "", true},
		{petitions.StatusAnswered, nil, "", true},
		{petitions.StatusExpired, nil, "", true},
	}
	for _, tt := range tests {
		p := petitions.Petition{AuthorID: 1, Status: tt.status, ShareToken: "secret"}
		if got := p.VisibleTo(tt.viewer, tt.share); got != tt.want {
			t.Errorf("%s petition, viewer %+v, share %q: visible = %v, want %v", tt.status, tt.viewer, tt.share, got, tt.want)
		}
	}
	if (&petitions.Petition{ShareToken: ""}).VisibleTo(nil, "") {
		t.Error("an empty share token opens a petition without one")
	}
}

func TestStatusLabels(t *testing.T) {
	for _, s := range allStatuses {
		if s.Label() == "" {
			t.Errorf("status %q has no Korean label", s)
		}
	}
	if petitions.StatusAwaitingAnswer.Label() != "답변대기" || petitions.StatusLapsed.Label() != "미성립" {
		t.Error("labels do not match the product's names")
	}
}

func sameIDs(a, b []uint) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[uint]int{}
	for _, id := range a {
		seen[id]++
	}
	for _, id := range b {
		seen[id]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

func containsID(ps []petitions.Petition, id uint) bool {
	for _, p := range ps {
		if p.ID == id {
			return true
		}
	}
	return false
}
