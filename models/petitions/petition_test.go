package models

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

func TestFilePetitionValidation(t *testing.T) {
	db := newTestDB(t)
	author := mkUser(t, db)
	tests := []struct {
		name string
		edit func(*PetitionInput)
		want []string // fields with a message; nil when the petition is filed
	}{
		{"valid", func(in *PetitionInput) {}, nil},
		{"no dong is fine", func(in *PetitionInput) { in.Dong = "" }, nil},
		{"title of 100 letters", func(in *PetitionInput) { in.Title = strings.Repeat("가", 100) }, nil},
		{"body of exactly 20 letters", func(in *PetitionInput) { in.Body = strings.Repeat("나", 20) }, nil},
		{"body of 5,000 letters", func(in *PetitionInput) { in.Body = strings.Repeat("나", 5000) }, nil},
		{"empty title", func(in *PetitionInput) { in.Title = "" }, []string{"title"}},
		{"blank title", func(in *PetitionInput) { in.Title = "   " }, []string{"title"}},
		{"title of 101 letters", func(in *PetitionInput) { in.Title = strings.Repeat("가", 101) }, []string{"title"}},
		{"no category", func(in *PetitionInput) { in.Category = "" }, []string{"category"}},
		{"unknown category", func(in *PetitionInput) { in.Category = "기타" }, []string{"category"}},
		{"there is no 신길2동", func(in *PetitionInput) { in.Dong = "신길2동" }, []string{"dong"}},
		{"empty body", func(in *PetitionInput) { in.Body = "  \r\n " }, []string{"body"}},
		{"body of 19 letters", func(in *PetitionInput) { in.Body = strings.Repeat("나", 19) }, []string{"body"}},
		{"body of 5,001 letters", func(in *PetitionInput) { in.Body = strings.Repeat("나", 5001) }, []string{"body"}},
		{"everything wrong", func(in *PetitionInput) { *in = PetitionInput{Dong: "강남동"} },
			[]string{"body", "category", "dong", "title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := petitionInput("골목길 가로등 설치")
			tt.edit(&in)
			before := countRows(t, db, &Petition{})
			p, err := FilePetition(db, author.ID, in, t0)
			if tt.want == nil {
				wantErr(t, err, nil)
				if p.ID == 0 || p.Status != StatusPreconsent {
					t.Fatalf("filed petition = %+v", p)
				}
				return
			}
			if got := fieldErrors(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fields with errors = %v, want %v", got, tt.want)
			}
			if after := countRows(t, db, &Petition{}); after != before {
				t.Errorf("an invalid petition was stored")
			}
		})
	}
}

func TestFilePetitionMessages(t *testing.T) {
	db := newTestDB(t)
	author := mkUser(t, db)
	in := petitionInput(strings.Repeat("가", 120))
	in.Body = "짧아요"
	_, err := FilePetition(db, author.ID, in, t0)
	fe, _ := AsErrors(err)
	if fe["title"] != "제목은 100자 이하로 입력해 주세요. (지금 120자)" {
		t.Errorf("title message = %q", fe["title"])
	}
	if !strings.HasPrefix(fe["body"], "청원 내용을 20자 이상 써 주세요.") {
		t.Errorf("body message = %q", fe["body"])
	}
}

func TestFilePetitionStartsInPreconsent(t *testing.T) {
	db := newTestDB(t)
	useSettings(t, db, Settings{Threshold: 300, PreconsentGoal: 3, PreconsentDays: 5, PetitionDays: 30, AnswerDays: 20})
	author := mkUser(t, db)
	in := petitionInput("  공원 화장실을 고쳐 주세요  ")
	in.Body = "첫 줄입니다. 공원 화장실이 고장났습니다.\r\n둘째 줄입니다."
	p, err := FilePetition(db, author.ID, in, t0)
	wantErr(t, err, nil)

	got := storedRow(t, db, p.ID)
	if got.Status != StatusPreconsent || got.PreconsentGoal != 3 || !got.PreconsentEndsAt.Equal(t0.Add(5*day)) {
		t.Errorf("status %q, goal %d, ends %v; want preconsent, 3, %v", got.Status, got.PreconsentGoal, got.PreconsentEndsAt, t0.Add(5*day))
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
	other := filePetition(t, db, t0)
	if other.ShareToken == p.ShareToken {
		t.Error("two petitions share a share token")
	}
}

func TestFilePetitionWithoutPreconsentGoesToReview(t *testing.T) {
	db := newTestDB(t)
	useSettings(t, db, rules(0, 1000))
	p := filePetition(t, db, t0)
	got := storedRow(t, db, p.ID)
	if got.Status != StatusReview || !sameTime(got.ReviewAt, t0) {
		t.Errorf("status %q, review_at %v; want review at %v", got.Status, got.ReviewAt, t0)
	}
}

func TestFilePetitionRefusesUnverifiedAndUnknownAuthors(t *testing.T) {
	db := newTestDB(t)
	u := mkUser(t, db, unverified)
	_, err := FilePetition(db, u.ID, petitionInput("확인 안 된 계정의 청원"), t0)
	wantErr(t, err, ErrNotVerified)
	_, err = FilePetition(db, 9999, petitionInput("없는 계정의 청원"), t0)
	wantErr(t, err, ErrNotFound)
	_, err = FindPetition(db, 9999, t0)
	wantErr(t, err, ErrNotFound)
	if n := countRows(t, db, &Petition{}); n != 0 {
		t.Errorf("%d petitions stored, want 0", n)
	}
}

func TestPreconsentGoalMovesToReview(t *testing.T) {
	db := newTestDB(t)
	useSettings(t, db, rules(3, 1000))
	p := filePetition(t, db, t0)
	us := mkUsers(t, db, 4)

	want := []Status{StatusPreconsent, StatusPreconsent, StatusReview}
	for i, st := range want {
		now := t0.Add(time.Duration(i+1) * time.Hour)
		r := mustSupport(t, db, p, &us[i], now)
		if r.Count != i+1 || r.Status != st {
			t.Errorf("support %d: count %d status %q, want %d %q", i+1, r.Count, r.Status, i+1, st)
		}
	}
	got := storedRow(t, db, p.ID)
	if got.Status != StatusReview || !sameTime(got.ReviewAt, t0.Add(3*time.Hour)) || got.SupportCount != 3 {
		t.Errorf("after the goal: status %q review_at %v count %d", got.Status, got.ReviewAt, got.SupportCount)
	}
	// 검토중 takes no supports, even through the share link.
	_, err := trySupport(db, p, &us[3], t0.Add(4*time.Hour))
	wantErr(t, err, ErrSupportClosed)
	if got := storedRow(t, db, p.ID); got.SupportCount != 3 {
		t.Errorf("count = %d after a refused support, want 3", got.SupportCount)
	}
}

func TestPreconsentSupportRules(t *testing.T) {
	db := newTestDB(t)
	useSettings(t, db, rules(10, 1000))
	p := filePetition(t, db, t0)
	stranger := mkUser(t, db)
	tests := []struct {
		name  string
		user  uint
		share string
		want  error
	}{
		{"no share token", stranger.ID, "", ErrNotFound},
		{"wrong share token", stranger.ID, "aaaaaaaaaaaaaaaa", ErrNotFound},
		{"the author with the link", p.AuthorID, p.ShareToken, ErrOwnPetition},
		{"the author without the link", p.AuthorID, "", ErrNotFound},
		{"another resident with the link", stranger.ID, p.ShareToken, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SupportPetition(db, SupportInput{PetitionID: p.ID, UserID: tt.user, Share: tt.share}, t0.Add(time.Hour))
			wantErr(t, err, tt.want)
		})
	}
	if got := storedRow(t, db, p.ID); got.SupportCount != 1 {
		t.Errorf("count = %d, want 1 (only the stranger with the link)", got.SupportCount)
	}
	if n := countRows(t, db, &Support{}, "user_id = ?", p.AuthorID); n != 0 {
		t.Errorf("the author has %d supports of their own petition", n)
	}
}

func TestPreconsentLapsesAtTheEndOfItsPeriod(t *testing.T) {
	db := newTestDB(t)
	useSettings(t, db, rules(3, 1000)) // 7 days
	p := filePetition(t, db, t0)
	ends := t0.Add(7 * day)
	us := mkUsers(t, db, 2)

	// One nanosecond before the end it still takes supports.
	r := mustSupport(t, db, p, &us[0], ends.Add(-time.Nanosecond))
	if r.Status != StatusPreconsent || r.Count != 1 {
		t.Errorf("support just before the end: %+v", r)
	}
	_, err := trySupport(db, p, &us[1], ends)
	wantErr(t, err, ErrSupportClosed)

	row := storedRow(t, db, p.ID)
	for _, c := range []struct {
		now  time.Time
		want Status
	}{
		{ends.Add(-time.Nanosecond), StatusPreconsent},
		{ends.Add(-time.Second), StatusPreconsent},
		{ends, StatusLapsed},
		{ends.Add(time.Second), StatusLapsed},
	} {
		if got := row.StatusAt(c.now); got != c.want {
			t.Errorf("StatusAt(end%+v) = %q, want %q", c.now.Sub(ends), got, c.want)
		}
		found, err := FindPetition(db, p.ID, c.now)
		wantErr(t, err, nil)
		if found.Status != c.want {
			t.Errorf("FindPetition at end%+v: %q, want %q", c.now.Sub(ends), found.Status, c.want)
		}
		for _, s := range []Status{StatusPreconsent, StatusLapsed} {
			n, err := CountIn(db, s, c.now)
			wantErr(t, err, nil)
			in, err := PetitionsIn(db, s, c.now, 10)
			wantErr(t, err, nil)
			want := int64(0)
			if s == c.want {
				want = 1
			}
			if n != want || int64(len(in)) != want {
				t.Errorf("at end%+v: CountIn(%s) = %d, PetitionsIn(%s) has %d, want %d", c.now.Sub(ends), s, n, s, len(in), want)
			}
		}
		list, total, err := ListPetitions(db, PetitionQuery{}, c.now)
		wantErr(t, err, nil)
		if total != 0 || len(list) != 0 {
			t.Errorf("the public list shows a 사전동의/미성립 petition")
		}
	}

	n, err := SweepExpired(db, ends.Add(-time.Nanosecond))
	wantErr(t, err, nil)
	if n != 0 {
		t.Errorf("sweep before the end changed %d petitions", n)
	}
	n, err = SweepExpired(db, ends)
	wantErr(t, err, nil)
	if got := storedRow(t, db, p.ID); n != 1 || got.Status != StatusLapsed {
		t.Errorf("sweep at the end: changed %d, stored %q; want 1, lapsed", n, got.Status)
	}
}

func TestPublish(t *testing.T) {
	db := newTestDB(t)
	useSettings(t, db, Settings{Threshold: 500, PreconsentGoal: 0, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20})
	p := filePetition(t, db, t0)
	pub := t0.Add(26 * time.Hour)
	wantErr(t, Publish(db, p.ID, 0, pub), nil)

	got := storedRow(t, db, p.ID)
	if got.Status != StatusOpen || !sameTime(got.OpenedAt, pub) || !sameTime(got.ClosesAt, pub.AddDate(0, 0, 30)) {
		t.Errorf("status %q opened %v closes %v", got.Status, got.OpenedAt, got.ClosesAt)
	}
	if got.Threshold != 500 || got.AnswerDays != 20 || got.ThresholdAt != nil {
		t.Errorf("threshold %d answer_days %d threshold_at %v", got.Threshold, got.AnswerDays, got.ThresholdAt)
	}

	// Later changes to the settings do not move the goalposts of a running petition.
	useSettings(t, db, Settings{Threshold: 5000, PreconsentGoal: 10, PreconsentDays: 7, PetitionDays: 60, AnswerDays: 5})
	if again := storedRow(t, db, p.ID); again.Threshold != 500 || again.AnswerDays != 20 || !again.ClosesAt.Equal(*got.ClosesAt) {
		t.Errorf("the snapshot changed with the settings: %+v", again)
	}

	wantErr(t, Publish(db, p.ID, 0, pub.Add(time.Hour)), ErrStateChanged)
	if again := storedRow(t, db, p.ID); !again.OpenedAt.Equal(pub) {
		t.Errorf("a second publish moved opened_at to %v", again.OpenedAt)
	}
}

func TestPublishOnlyFromReview(t *testing.T) {
	db := newTestDB(t)
	for _, st := range []Status{StatusPreconsent, StatusLapsed, StatusOpen, StatusAwaitingAnswer, StatusAnswered, StatusExpired, StatusHidden} {
		p := insertPetition(t, db, Petition{Status: st})
		wantErr(t, Publish(db, p.ID, 0, t0), ErrStateChanged)
		if got := storedRow(t, db, p.ID); got.Status != st || got.OpenedAt != nil {
			t.Errorf("publishing a %s petition changed it to %q", st, got.Status)
		}
	}
	wantErr(t, Publish(db, 424242, 0, t0), ErrStateChanged)
}

func TestPublishAtThresholdGoesStraightToAwaitingAnswer(t *testing.T) {
	db := newTestDB(t)
	useSettings(t, db, rules(2, 2))
	p := filePetition(t, db, t0)
	for _, u := range mkUsers(t, db, 2) {
		mustSupport(t, db, p, &u, t0.Add(time.Hour))
	}
	pub := t0.Add(day)
	wantErr(t, Publish(db, p.ID, 0, pub), nil)
	got := storedRow(t, db, p.ID)
	if got.Status != StatusAwaitingAnswer || !sameTime(got.ThresholdAt, pub) || !sameTime(got.AnswerDueAt, pub.AddDate(0, 0, 20)) {
		t.Errorf("status %q threshold_at %v answer_due_at %v", got.Status, got.ThresholdAt, got.AnswerDueAt)
	}
}

func TestThresholdAndSupportAfterIt(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 3, t0)
	us := mkUsers(t, db, 6)
	steps := []struct {
		want   int
		status Status
	}{{1, StatusOpen}, {2, StatusOpen}, {3, StatusAwaitingAnswer}, {4, StatusAwaitingAnswer}}
	for i, s := range steps {
		r := mustSupport(t, db, p, &us[i], t0.Add(time.Duration(i+1)*day))
		// The result is read after the transition, inside the support's transaction.
		if r.Count != s.want || r.Status != s.status {
			t.Errorf("support %d: %+v, want count %d status %q", i+1, r, s.want, s.status)
		}
	}
	crossed := t0.Add(3 * day)
	got := storedRow(t, db, p.ID)
	if !sameTime(got.ThresholdAt, crossed) || !sameTime(got.AnswerDueAt, crossed.AddDate(0, 0, 20)) {
		t.Errorf("threshold_at %v answer_due_at %v, want %v and 20 days later", got.ThresholdAt, got.AnswerDueAt, crossed)
	}

	// Answered petitions keep taking supports until the period ends.
	staff := mkUser(t, db, asStaff)
	wantErr(t, AnswerPetition(db, p.ID, staff.ID, AnswerInput{Body: "답변입니다."}, t0.Add(5*day)), nil)
	r := mustSupport(t, db, p, &us[4], got.ClosesAt.Add(-time.Nanosecond))
	if r.Count != 5 || r.Status != StatusAnswered {
		t.Errorf("support on an answered petition just before the end: %+v", r)
	}
	_, err := trySupport(db, p, &us[5], *got.ClosesAt)
	wantErr(t, err, ErrSupportClosed)
	if got := storedRow(t, db, p.ID); got.SupportCount != 5 || !sameTime(got.ThresholdAt, crossed) {
		t.Errorf("count %d threshold_at %v after the period", got.SupportCount, got.ThresholdAt)
	}
}

func TestPeriodEndsBelowThreshold(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 5, t0)
	closes := *p.ClosesAt
	us := mkUsers(t, db, 4)
	mustSupport(t, db, p, &us[0], t0.Add(day))
	mustSupport(t, db, p, &us[1], closes.Add(-time.Second))
	r := mustSupport(t, db, p, &us[2], closes.Add(-time.Nanosecond))
	if r.Status != StatusOpen || r.Count != 3 {
		t.Errorf("support one nanosecond before the end: %+v", r)
	}
	_, err := trySupport(db, p, &us[3], closes)
	wantErr(t, err, ErrSupportClosed)

	row := storedRow(t, db, p.ID)
	for _, c := range []struct {
		now  time.Time
		want Status
	}{
		{closes.Add(-time.Second), StatusOpen},
		{closes.Add(-time.Nanosecond), StatusOpen},
		{closes, StatusExpired},
		{closes.Add(time.Hour), StatusExpired},
	} {
		if got := row.StatusAt(c.now); got != c.want {
			t.Errorf("StatusAt(close%+v) = %q, want %q", c.now.Sub(closes), got, c.want)
		}
		if row.AcceptsSupport(c.now) != (c.want == StatusOpen) {
			t.Errorf("AcceptsSupport(close%+v) = %v", c.now.Sub(closes), row.AcceptsSupport(c.now))
		}
		for _, s := range []Status{StatusOpen, StatusExpired} {
			list, total, err := ListPetitions(db, PetitionQuery{Status: s}, c.now)
			wantErr(t, err, nil)
			n, err := CountIn(db, s, c.now)
			wantErr(t, err, nil)
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

	n, err := SweepExpired(db, closes.Add(-time.Nanosecond))
	wantErr(t, err, nil)
	if n != 0 {
		t.Errorf("sweep before the end changed %d", n)
	}
	n, err = SweepExpired(db, closes)
	wantErr(t, err, nil)
	if got := storedRow(t, db, p.ID); n != 1 || got.Status != StatusExpired || got.SupportCount != 3 {
		t.Errorf("sweep at the end: changed %d, stored %q with %d", n, got.Status, got.SupportCount)
	}
}

func TestAwaitingAnswerIsNotExpiredWhenThePeriodEnds(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 1, t0)
	mustSupport(t, db, p, mkUser(t, db), t0.Add(time.Hour))
	after := p.ClosesAt.Add(day)
	n, err := SweepExpired(db, after)
	wantErr(t, err, nil)
	got := storedRow(t, db, p.ID)
	if n != 0 || got.Status != StatusAwaitingAnswer || got.StatusAt(after) != StatusAwaitingAnswer {
		t.Errorf("a 공감청원 after its period: swept %d, stored %q", n, got.Status)
	}
}

func TestAnswerPetition(t *testing.T) {
	db := newTestDB(t)
	staff := mkUser(t, db, asStaff)
	p := mkOpen(t, db, 1, t0)
	mustSupport(t, db, p, mkUser(t, db), t0.Add(time.Hour))

	invalid := []struct {
		name string
		in   AnswerInput
		want []string
	}{
		{"empty body", AnswerInput{}, []string{"body"}},
		{"blank body", AnswerInput{Body: " \n\t "}, []string{"body"}},
		{"body over 30,000 letters", AnswerInput{Body: strings.Repeat("답", 30001)}, []string{"body"}},
		{"video without scheme", AnswerInput{Body: "답변", VideoURL: "youtube.com/watch?v=dQw4w9WgXcQ"}, []string{"video_url"}},
		{"javascript video", AnswerInput{Body: "답변", VideoURL: "javascript:alert(1)"}, []string{"video_url"}},
		{"ftp video", AnswerInput{Body: "답변", VideoURL: "ftp://example.com/a.mp4"}, []string{"video_url"}},
		{"video without host", AnswerInput{Body: "답변", VideoURL: "https:///watch"}, []string{"video_url"}},
		{"answerer over 50 letters", AnswerInput{Body: "답변", Answerer: strings.Repeat("가", 51)}, []string{"answerer"}},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			err := AnswerPetition(db, p.ID, staff.ID, tt.in, t0.Add(day))
			if got := fieldErrors(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fields %v, want %v", got, tt.want)
			}
		})
	}
	if got := storedRow(t, db, p.ID); got.Status != StatusAwaitingAnswer || countRows(t, db, &Answer{}) != 0 {
		t.Fatalf("an invalid answer changed the petition: %q", got.Status)
	}

	at := t0.Add(2 * day)
	in := AnswerInput{Body: "**검토 결과**를 알려 드립니다.\n\n<script>alert(1)</script>", VideoURL: " https://youtu.be/dQw4w9WgXcQ "}
	wantErr(t, AnswerPetition(db, p.ID, staff.ID, in, at), nil)
	found, err := FindPetition(db, p.ID, at)
	wantErr(t, err, nil)
	a := found.Answer
	if found.Status != StatusAnswered || a == nil {
		t.Fatalf("status %q, answer %v", found.Status, a)
	}
	if a.Answerer != DefaultAnswerer || a.StaffID != staff.ID || !a.AnsweredAt.Equal(at) || a.VideoURL != "https://youtu.be/dQw4w9WgXcQ" {
		t.Errorf("answer = %+v", a)
	}
	if !strings.Contains(a.BodyHTML, "<strong>검토 결과</strong>") || strings.Contains(a.BodyHTML, "<script") {
		t.Errorf("body html = %q", a.BodyHTML)
	}
	if a.EmbedURL() != "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" {
		t.Errorf("embed = %q", a.EmbedURL())
	}

	// A second answer, or an answer to a petition not awaiting one, is refused.
	wantErr(t, AnswerPetition(db, p.ID, staff.ID, AnswerInput{Body: "다시"}, at), ErrStateChanged)
	for _, st := range []Status{StatusPreconsent, StatusReview, StatusOpen, StatusExpired, StatusHidden, StatusLapsed} {
		q := insertPetition(t, db, Petition{Status: st})
		wantErr(t, AnswerPetition(db, q.ID, staff.ID, AnswerInput{Body: "답변"}, at), ErrStateChanged)
		if got := storedRow(t, db, q.ID); got.Status != st {
			t.Errorf("answering a %s petition changed it to %q", st, got.Status)
		}
	}
	if n := countRows(t, db, &Answer{}); n != 1 {
		t.Errorf("%d answers stored, want 1", n)
	}
}

func TestHideValidation(t *testing.T) {
	db := newTestDB(t)
	p := insertPetition(t, db, Petition{Status: StatusReview})
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
			if got := fieldErrors(t, Hide(db, p.ID, 0, tt.reason, tt.note, t0)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fields %v, want %v", got, tt.want)
			}
		})
	}
	if got := storedRow(t, db, p.ID); got.Status != StatusReview {
		t.Errorf("an invalid hide changed the petition to %q", got.Status)
	}
	for _, reason := range HideReasons {
		if reason == "기타" {
			continue
		}
		q := insertPetition(t, db, Petition{Status: StatusReview})
		wantErr(t, Hide(db, q.ID, 0, reason, "", t0), nil)
	}
}

func TestHideAndRestore(t *testing.T) {
	db := newTestDB(t)
	opened, closes := t0.Add(-day), t0.Add(29*day)
	reader := mkUser(t, db)
	for _, st := range []Status{StatusPreconsent, StatusReview, StatusOpen, StatusAwaitingAnswer, StatusAnswered, StatusExpired, StatusLapsed} {
		t.Run(string(st), func(t *testing.T) {
			p := insertPetition(t, db, Petition{Status: st, OpenedAt: &opened, ClosesAt: &closes, Title: "숨길 청원"})
			hideAt := t0.Add(time.Hour)
			wantErr(t, Hide(db, p.ID, 0, "기타", "  개인 연락처가 들어 있어 가렸습니다.  ", hideAt), nil)
			got := storedRow(t, db, p.ID)
			if got.Status != StatusHidden || got.HiddenFrom != st || got.HiddenReason != "기타" ||
				got.HiddenNote != "개인 연락처가 들어 있어 가렸습니다." || !sameTime(got.HiddenAt, hideAt) {
				t.Errorf("hidden row = %+v", got)
			}
			if got.VisibleTo(nil, p.ShareToken) || got.VisibleTo(reader, p.ShareToken) {
				t.Error("a hidden petition is visible to the public")
			}
			if !got.VisibleTo(&User{ID: p.AuthorID}, "") || !got.VisibleTo(&User{ID: 999999, Role: RoleStaff}, "") {
				t.Error("the author or staff cannot read a hidden petition")
			}
			_, err := trySupport(db, got, reader, hideAt)
			wantErr(t, err, ErrSupportClosed)
			list, _, err := ListPetitions(db, PetitionQuery{Q: "숨길", PerPage: 100}, hideAt)
			wantErr(t, err, nil)
			if containsID(list, p.ID) {
				t.Errorf("the public list shows a hidden petition")
			}
			wantErr(t, Hide(db, p.ID, 0, "중복", "", hideAt), ErrStateChanged)

			wantErr(t, Restore(db, p.ID, 0, hideAt.Add(time.Hour)), nil)
			got = storedRow(t, db, p.ID)
			if got.Status != st || got.HiddenFrom != "" || got.HiddenReason != "" || got.HiddenNote != "" || got.HiddenAt != nil {
				t.Errorf("restored row = %+v", got)
			}
			wantErr(t, Restore(db, p.ID, 0, hideAt.Add(time.Hour)), ErrStateChanged)
		})
	}
	wantErr(t, Hide(db, 424242, 0, "중복", "", t0), ErrStateChanged)
}

// fixtureStates stores petitions on both sides of every time boundary around at.
func fixtureStates(t *testing.T, db *gorm.DB, at time.Time) {
	t.Helper()
	before, after := at.Add(-time.Second), at.Add(time.Second)
	past := at.Add(-40 * day)
	for _, ends := range []time.Time{before, at, after} {
		insertPetition(t, db, Petition{Status: StatusPreconsent, PreconsentEndsAt: ends})
	}
	for _, closes := range []time.Time{before, at, after} {
		insertPetition(t, db, Petition{Status: StatusOpen, OpenedAt: &past, ClosesAt: timePtr(closes)})
		insertPetition(t, db, Petition{Status: StatusAwaitingAnswer, OpenedAt: &past, ClosesAt: timePtr(closes), ThresholdAt: &past})
		insertPetition(t, db, Petition{Status: StatusAnswered, OpenedAt: &past, ClosesAt: timePtr(closes)})
		insertPetition(t, db, Petition{Status: StatusHidden, HiddenFrom: StatusOpen, OpenedAt: &past, ClosesAt: timePtr(closes)})
	}
	insertPetition(t, db, Petition{Status: StatusReview, PreconsentEndsAt: before})
	insertPetition(t, db, Petition{Status: StatusLapsed, PreconsentEndsAt: before})
	insertPetition(t, db, Petition{Status: StatusExpired, OpenedAt: &past, ClosesAt: &before})
}

var allStatuses = []Status{StatusPreconsent, StatusLapsed, StatusReview, StatusOpen,
	StatusAwaitingAnswer, StatusAnswered, StatusExpired, StatusHidden}

func TestStatusWhereAgreesWithStatusAt(t *testing.T) {
	db := newTestDB(t)
	fixtureStates(t, db, t0)
	var rows []Petition
	wantErr(t, db.Find(&rows).Error, nil)
	for _, now := range []time.Time{t0.Add(-time.Second), t0.Add(-time.Nanosecond), t0, t0.Add(time.Nanosecond), t0.Add(time.Second)} {
		want := map[Status][]uint{}
		var public []uint
		for _, p := range rows {
			s := p.StatusAt(now)
			want[s] = append(want[s], p.ID)
			if s.IsPublic() {
				public = append(public, p.ID)
			}
		}
		for _, s := range allStatuses {
			in, err := PetitionsIn(db, s, now, 1000)
			wantErr(t, err, nil)
			n, err := CountIn(db, s, now)
			wantErr(t, err, nil)
			if !sameIDs(petitionIDs(in), want[s]) || n != int64(len(want[s])) {
				t.Errorf("at t0%+v, %s: PetitionsIn %v, CountIn %d; StatusAt says %v", now.Sub(t0), s, petitionIDs(in), n, want[s])
			}
			for _, p := range in {
				if p.Status != s {
					t.Errorf("PetitionsIn(%s) returned petition %d as %q", s, p.ID, p.Status)
				}
			}
			if s.IsPublic() {
				list, total, err := ListPetitions(db, PetitionQuery{Status: s, PerPage: 100}, now)
				wantErr(t, err, nil)
				if !sameIDs(petitionIDs(list), want[s]) || total != int64(len(want[s])) {
					t.Errorf("at t0%+v, list of %s: %v (total %d); StatusAt says %v", now.Sub(t0), s, petitionIDs(list), total, want[s])
				}
			}
		}
		list, total, err := ListPetitions(db, PetitionQuery{PerPage: 100}, now)
		wantErr(t, err, nil)
		if !sameIDs(petitionIDs(list), public) || total != int64(len(public)) {
			t.Errorf("at t0%+v, the whole list: %v; public by StatusAt: %v", now.Sub(t0), petitionIDs(list), public)
		}
	}
}

func TestSweepExpiredStoresWhatStatusAtShows(t *testing.T) {
	db := newTestDB(t)
	fixtureStates(t, db, t0)
	var rows []Petition
	wantErr(t, db.Find(&rows).Error, nil)
	want := map[uint]Status{}
	changes := int64(0)
	for _, p := range rows {
		want[p.ID] = p.StatusAt(t0)
		if want[p.ID] != p.Status {
			changes++
		}
	}
	n, err := SweepExpired(db, t0)
	wantErr(t, err, nil)
	if n != changes || n != 4 { // 2 lapsed 사전동의 (before, at) and 2 expired 진행중
		t.Errorf("sweep changed %d, StatusAt differs on %d, want 4", n, changes)
	}
	for id, s := range want {
		if got := storedRow(t, db, id); got.Status != s {
			t.Errorf("petition %d stored as %q, StatusAt showed %q", id, got.Status, s)
		}
	}
	n, err = SweepExpired(db, t0)
	wantErr(t, err, nil)
	if n != 0 {
		t.Errorf("a second sweep changed %d", n)
	}
}

func TestProgressAndDeadline(t *testing.T) {
	opened, closes, due := t0, t0.Add(30*day), t0.Add(40*day)
	ends := t0.Add(7 * day)
	tests := []struct {
		name     string
		p        Petition
		goal     int
		percent  int
		deadline *time.Time
	}{
		{"사전동의 counts to its goal", Petition{Status: StatusPreconsent, SupportCount: 4, PreconsentGoal: 10, PreconsentEndsAt: ends}, 10, 40, &ends},
		{"진행중 counts to the threshold", Petition{Status: StatusOpen, SupportCount: 250, PreconsentGoal: 10, Threshold: 1000, OpenedAt: &opened, ClosesAt: &closes}, 1000, 25, &closes},
		{"over the threshold caps at 100", Petition{Status: StatusAwaitingAnswer, SupportCount: 1500, Threshold: 1000, OpenedAt: &opened, ClosesAt: &closes, AnswerDueAt: &due}, 1000, 100, &due},
		{"rounds down: 999 of 1,000 is not full", Petition{Status: StatusOpen, SupportCount: 999, Threshold: 1000, OpenedAt: &opened, ClosesAt: &closes}, 1000, 99, &closes},
		{"answered has no deadline", Petition{Status: StatusAnswered, SupportCount: 1000, Threshold: 1000, OpenedAt: &opened}, 1000, 100, nil},
		{"검토중 has no deadline", Petition{Status: StatusReview, SupportCount: 10, PreconsentGoal: 10}, 10, 100, nil},
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
	author := &User{ID: 1}
	other := &User{ID: 2}
	staff := &User{ID: 3, Role: RoleStaff}
	tests := []struct {
		status Status
		viewer *User
		share  string
		want   bool
	}{
		{StatusPreconsent, nil, "", false},
		{StatusPreconsent, nil, "secret", true},
		{StatusPreconsent, nil, "wrong", false},
		{StatusPreconsent, other, "", false},
		{StatusPreconsent, other, "secret", true},
		{StatusPreconsent, author, "", true},
		{StatusPreconsent, staff, "", true},
		{StatusReview, nil, "secret", true},
		{StatusReview, other, "", false},
		{StatusReview, nil, "wrong", false},
		{StatusReview, author, "", true},
		{StatusLapsed, other, "secret", false},
		{StatusHidden, nil, "secret", false},
		{StatusHidden, staff, "", true},
		{StatusOpen, nil, "", true},
		{StatusAwaitingAnswer, nil, "", true},
		{StatusAnswered, nil, "", true},
		{StatusExpired, nil, "", true},
	}
	for _, tt := range tests {
		p := Petition{AuthorID: 1, Status: tt.status, ShareToken: "secret"}
		if got := p.VisibleTo(tt.viewer, tt.share); got != tt.want {
			t.Errorf("%s petition, viewer %+v, share %q: visible = %v, want %v", tt.status, tt.viewer, tt.share, got, tt.want)
		}
	}
	if (&Petition{ShareToken: ""}).VisibleTo(nil, "") {
		t.Error("an empty share token opens a petition without one")
	}
}

func TestStatusLabels(t *testing.T) {
	for _, s := range allStatuses {
		if s.Label() == "" {
			t.Errorf("status %q has no Korean label", s)
		}
	}
	if StatusAwaitingAnswer.Label() != "답변대기" || StatusLapsed.Label() != "미성립" {
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

func containsID(ps []Petition, id uint) bool {
	for _, p := range ps {
		if p.ID == id {
			return true
		}
	}
	return false
}
