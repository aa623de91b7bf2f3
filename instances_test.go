package main

// Two instances of the real binary on one PostgreSQL database, as behind a
// reverse proxy: requests of one resident go to either instance, both run
// the background jobs, and still every support and booking counts once and
// every mail goes out once.

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"ydp1/internal/testdb"
	"ydp1/models"
	"ydp1/models/maintenance"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// postAcross sends a form to one instance and reads the flash it left in the
// session cookie from the other: no sticky routing needed.
func (r *resident) postAcross(post, read, path string, form url.Values, success []string) (outcome, string) {
	form.Set("_csrf", r.csrf)
	res, err := r.client.PostForm(post+path, form)
	if err != nil {
		return unknown, err.Error()
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode >= 500 { // the server could not say what it did: as bad as no answer
		return unknown, res.Status
	}
	if res.StatusCode != 303 {
		return refused, res.Status
	}
	loc, _, _ := strings.Cut(res.Header.Get("Location"), "#")
	page, err := r.get(read, loc, time.Now().Add(5*time.Second))
	if err != nil {
		return unknown, err.Error()
	}
	var said []string
	for _, m := range flashText.FindAllStringSubmatch(page, -1) {
		said = append(said, m[1])
	}
	for _, s := range success {
		if strings.Contains(page, s) {
			return acked, strings.Join(said, " / ")
		}
	}
	return refused, strings.Join(said, " / ")
}

var flashText = regexp.MustCompile(`<div class="flash[^>]*>([^<]*)</div>`)

var sentMailLog = regexp.MustCompile(`msg="mail \(no SMTP_URL[^"]*" id=(\d+) `)

func TestTwoInstancesOnePostgres(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("several instances share a PostgreSQL database: runs when TEST_DATABASE_URL is set (.ci/run sets it)")
	}
	if testing.Short() {
		t.Skip("builds and runs the binary twice")
	}
	const (
		residents = 30
		targets   = 3
		capacity  = 8
		threshold = 20
	)
	f := newFixture(t, residents, targets, capacity)
	db, err := models.Open(f.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	// a threshold the storm crosses, so one instance or the other mails the staff about it
	if err := db.Model(&petitions.Petition{}).Where("id IN ?", f.petitions).Update("threshold", threshold).Error; err != nil {
		t.Fatal(err)
	}

	a, b := newServer(t, f.dbPath), newServer(t, f.dbPath)
	a.start()
	b.start()
	bases := [2]string{a.base, b.base}

	users := make([]*resident, residents)
	for i, email := range f.emails {
		if users[i], err = login(bases[i%2], email); err != nil { // logged in on one, used on both
			t.Fatal(err)
		}
	}
	var (
		mu                     sync.Mutex
		supportAcks, bookAcks  [targets]map[int]bool
		cancels                [targets]int
		unknowns               int
		supportOK, bookOK, cOK = []string{"공감했습니다."}, []string{"신청했습니다. 입장 코드는", "정원이 차서 대기 신청했습니다."}, []string{"신청을 취소했습니다."}
		wg                     sync.WaitGroup
	)
	for k := range targets {
		supportAcks[k], bookAcks[k] = map[int]bool{}, map[int]bool{}
	}
	for i, u := range users {
		wg.Go(func() {
			for k := range targets {
				pid, mid := f.petitions[k], f.meetings[k]
				// each request twice, once through each instance: the second must be refused
				var first [2]string
				for j := range 2 {
					here, there := bases[(i+k+j)%2], bases[(i+k+j+1)%2]
					o, said := u.postAcross(here, there, fmt.Sprintf("/petitions/%d/support", pid), url.Values{"comment": {""}}, supportOK)
					o2, said2 := u.postAcross(there, here, fmt.Sprintf("/meetings/%d/book", mid), url.Values{"question": {""}}, bookOK)
					if j == 0 {
						first = [2]string{said, said2}
					}
					mu.Lock()
					if o == acked {
						supportAcks[k][i] = true
					}
					if o == acked && j == 1 {
						t.Errorf("resident %d, petition %d: the second support through the other instance was acknowledged too: %q; the first got %q", i, pid, said, first[0])
					}
					if o2 == acked && j == 1 {
						t.Errorf("resident %d, meeting %d: the second booking through the other instance was acknowledged too: %q; the first got %q", i, mid, said2, first[1])
					}
					if o2 == acked {
						bookAcks[k][i] = true
					}
					if o == unknown || o2 == unknown {
						unknowns++
					}
					mu.Unlock()
				}
				if i%4 == 0 { // some cancel, and someone on the waiting list moves up and is mailed
					o, _ := u.postAcross(bases[(i+k+1)%2], bases[(i+k)%2], fmt.Sprintf("/meetings/%d/cancel", mid), url.Values{}, cOK)
					mu.Lock()
					if o == acked {
						cancels[k]++
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if unknowns > 0 {
		t.Errorf("%d requests got no answer or a server error", unknowns)
	}

	// both instances expand events and send mail; wait until the outbox is empty
	deadline := time.Now().Add(60 * time.Second)
	for {
		var events, pending int64
		db.Model(&models.Event{}).Where("done_at IS NULL").Count(&events)
		db.Model(&models.Mail{}).Where("status = ?", models.MailPending).Count(&pending)
		if events == 0 && pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 60 s still %d events not expanded and %d mails pending", events, pending)
		}
		time.Sleep(200 * time.Millisecond)
	}
	a.kill()
	b.kill()

	// counters equal rows, and every acknowledged write is there exactly once
	rep, err := maintenance.Recount(db, false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Differences {
		t.Errorf("counter differs from its rows: %s", d)
	}
	for k := range targets {
		var supports, booked, waiting int64
		db.Model(&petitions.Support{}).Where("petition_id = ?", f.petitions[k]).Count(&supports)
		if supports != int64(len(supportAcks[k])) || supports != residents {
			t.Errorf("petition %d: %d supports, %d acknowledged, want %d", f.petitions[k], supports, len(supportAcks[k]), residents)
		}
		db.Model(&meetings.Booking{}).Where("meeting_id = ? AND status = ?", f.meetings[k], meetings.BookingBooked).Count(&booked)
		db.Model(&meetings.Booking{}).Where("meeting_id = ? AND status = ?", f.meetings[k], meetings.BookingWaiting).Count(&waiting)
		if booked != capacity || booked+waiting != int64(len(bookAcks[k])-cancels[k]) {
			t.Errorf("meeting %d: %d booked + %d waiting; want %d booked and %d acknowledged − %d cancelled",
				f.meetings[k], booked, waiting, capacity, len(bookAcks[k]), cancels[k])
		}
		var crossed int64
		db.Model(&models.Event{}).Where("petition_id = ? AND kind = ?", f.petitions[k], petitions.EventThresholdReached).Count(&crossed)
		if crossed != 1 {
			t.Errorf("petition %d reached its threshold %d times, want once", f.petitions[k], crossed)
		}
	}

	// every mail was expanded once and sent once, by one instance or the other
	var mails []models.Mail
	if err := db.Order("id").Find(&mails).Error; err != nil {
		t.Fatal(err)
	}
	sent := map[uint]int{}
	perInstance := [2]int{}
	for i, s := range []*server{a, b} {
		log, err := os.ReadFile(s.log.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range sentMailLog.FindAllStringSubmatch(string(log), -1) {
			id, _ := strconv.Atoi(m[1])
			sent[uint(id)]++
			perInstance[i]++
		}
	}
	same := map[string]uint{}
	for _, m := range mails {
		if m.Status != models.MailSent || m.Attempts != 1 || sent[m.ID] != 1 {
			t.Errorf("mail %d to %s (%s): status %s after %d attempts, sent %d times; want sent once",
				m.ID, m.To, m.Subject, m.Status, m.Attempts, sent[m.ID])
		}
		key := m.To + "\n" + m.Subject + "\n" + m.Text
		if first, ok := same[key]; ok {
			t.Errorf("mails %d and %d are the same mail to %s: an event was expanded twice", first, m.ID, m.To)
		}
		same[key] = m.ID
	}
	if len(sent) != len(mails) {
		t.Errorf("%d mails sent, %d in the outbox", len(sent), len(mails))
	}
	var bookingMails int
	for _, m := range mails {
		if m.To != "staff@ydp1.test" {
			bookingMails++
		}
	}
	if bookingMails < residents {
		t.Errorf("only %d mails to residents; every booking is confirmed by mail", bookingMails)
	}
	t.Logf("%d mails, sent by the instances %d and %d; cancellations %v", len(mails), perInstance[0], perInstance[1], cancels)
}
