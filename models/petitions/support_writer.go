package petitions

import (
	"cmp"
	"context"
	"time"

	"gorm.io/gorm"

	"ydp1/models/groupcommit"
)

// SupportWriter records supports by group commit (package groupcommit): a
// support refused by the rules (already given, period over) writes
// nothing, so the others in its commit go on, and each request is answered
// with the outcome it would have had in a transaction of its own. A batch
// takes its petitions in id order and writes each petition's supports
// together.
type SupportWriter struct {
	w *groupcommit.Writer[*supportRequest]
}

// ErrWriterClosed is the answer to a support sent after the site began to stop.
var ErrWriterClosed = groupcommit.ErrClosed

// NewSupportWriter starts a writer; Close stops it.
func NewSupportWriter(db *gorm.DB) *SupportWriter {
	return &SupportWriter{groupcommit.New(db, commitSupports, supportOrder)}
}

// Support records one 공감 and returns once it is committed or refused.
func (w *SupportWriter) Support(ctx context.Context, in SupportInput, now time.Time) (*SupportResult, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	req := &supportRequest{in: in, now: now.UTC()}
	if err := w.w.Do(ctx, req); err != nil {
		return nil, err
	}
	return req.result, req.err
}

// Close writes what is queued and stops the writer.
func (w *SupportWriter) Close() { w.w.Close() }

// Stats reports the commits so far.
func (w *SupportWriter) Stats() groupcommit.Stats { return w.w.Stats() }

// supportOrder puts a batch in petition order.
func supportOrder(a, b *supportRequest) int { return cmp.Compare(a.in.PetitionID, b.in.PetitionID) }

// commitSupports writes a batch in petition order, each petition's supports
// together.
func commitSupports(tx *gorm.DB, batch []*supportRequest) error {
	for len(batch) > 0 {
		n := 1
		for n < len(batch) && batch[n].in.PetitionID == batch[0].in.PetitionID {
			n++
		}
		if err := supportPetition(tx, batch[:n]); err != nil {
			return err
		}
		batch = batch[n:]
	}
	return nil
}
