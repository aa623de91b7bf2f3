package petitions

import (
	"slices"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// Internals the package's tests reach.

var ListFilters = listFilters

const MaxSimilarWords = maxSimilarWords

var RecordMonths = recordMonths

var StatusWhere = statusWhere

var TermRange = termRange

var TitleWordsAndStems = titleWords

// Validate checks the petition form as FilePetition does.
func (in *Input) Validate() models.Errors { return in.validate() }

// SupportRequest is one support waiting for the writer.
type SupportRequest = supportRequest

// NewSupportRequest is a support given at now, as the writer receives it.
func NewSupportRequest(in SupportInput, now time.Time) *SupportRequest {
	return &supportRequest{in: in, now: now}
}

// Outcome is what the writer answered the request.
func (r *supportRequest) Outcome() (*SupportResult, error) { return r.result, r.err }

// WriteBatch writes the requests as one batch of a writer on db, in the
// writer's order.
func WriteBatch(db *gorm.DB, reqs []*SupportRequest) {
	slices.SortStableFunc(reqs, supportOrder)
	if err := models.Transact(db, func(tx *gorm.DB) error { return commitSupports(tx, reqs) }); err != nil {
		for _, r := range reqs {
			r.result, r.err = nil, err
		}
	}
}
