package models_test

import (
	"sync"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/modeltest"
)

// Workers in several instances claim the outbox at once: each due mail goes
// to exactly one of them, and comes back only when its lease has run out.
func TestClaimDueMailsIsExclusive(t *testing.T) {
	db := modeltest.NewDB(t)
	const mails = 60
	for i := range mails {
		modeltest.WantErr(t, models.QueueMail(db, models.Mail{To: "a@example.com", Subject: "제목", Text: "본문", HTML: "본문"}, modeltest.T0.Add(time.Duration(i)*time.Millisecond)), nil)
	}
	now := modeltest.T0.Add(time.Minute)
	var mu sync.Mutex
	seen := map[uint]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				ms, err := models.ClaimDueMails(db, now, 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(ms) == 0 {
					return
				}
				mu.Lock()
				for _, m := range ms {
					seen[m.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != mails {
		t.Errorf("%d mails claimed, want %d", len(seen), mails)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("mail %d claimed %d times", id, n)
		}
	}
	if ms, _ := models.ClaimDueMails(db, now.Add(models.MailLease-time.Second), 100); len(ms) != 0 {
		t.Errorf("%d mails claimed again within the lease", len(ms))
	}
	var first uint
	for id := range seen {
		if first == 0 || id < first {
			first = id
		}
	}
	modeltest.WantErr(t, models.MarkMailSent(db, first, now), nil)
	if ms, _ := models.ClaimDueMails(db, now.Add(models.MailLease), 100); len(ms) != mails-1 {
		t.Errorf("after the lease %d mails are due again, want the %d not sent", len(ms), mails-1)
	}
}

// A job runs in one instance at a time; on SQLite there is only one.
func TestExclusive(t *testing.T) {
	db := modeltest.NewDB(t)
	inside := make(chan struct{})
	release := make(chan struct{})
	done := make(chan bool)
	go func() {
		ran, err := models.Exclusive(db, "test", func() error { close(inside); <-release; return nil })
		if err != nil {
			t.Error(err)
		}
		done <- ran
	}()
	<-inside
	ran, err := models.Exclusive(db, "test", func() error { return nil })
	modeltest.WantErr(t, err, nil)
	if want := db.Dialector.Name() != "postgres"; ran != want {
		t.Errorf("second run while the first is running: ran = %v, want %v", ran, want)
	}
	ran, _ = models.Exclusive(db, "other job", func() error { return nil })
	if !ran {
		t.Error("another job was kept from running")
	}
	close(release)
	if !<-done {
		t.Error("the first run did not run")
	}
	if ran, _ := models.Exclusive(db, "test", func() error { return nil }); !ran {
		t.Error("the job cannot run again after the first run ended")
	}
}
