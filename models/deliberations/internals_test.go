package deliberations

import (
	"slices"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// Internals the package's tests reach.

// WriteVotes writes the votes as one batch of a writer on db, in the
// writer's order, and returns each vote's outcome in the order given.
func WriteVotes(db *gorm.DB, ins []VoteInput, now time.Time) ([]*VoteResult, []error) {
	reqs := make([]*voteRequest, len(ins))
	for i, in := range ins {
		reqs[i] = &voteRequest{in: in, now: now.Add(time.Duration(i) * time.Millisecond).UTC()}
	}
	batch := slices.Clone(reqs)
	slices.SortStableFunc(batch, voteOrder)
	err := models.Transact(db, func(tx *gorm.DB) error { return commitVotes(tx, batch) })
	results, errs := make([]*VoteResult, len(reqs)), make([]error, len(reqs))
	for i, r := range reqs {
		results[i], errs[i] = r.result, r.err
		if err != nil {
			results[i], errs[i] = nil, err
		}
	}
	return results, errs
}
