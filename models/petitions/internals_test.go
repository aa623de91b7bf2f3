package petitions

import (
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
	return &supportRequest{in: in, now: now, done: make(chan struct{})}
}

// Outcome is what the writer answered the request.
func (r *supportRequest) Outcome() (*SupportResult, error) { return r.result, r.err }

// WriteBatch writes the requests as one batch of a writer on db.
func WriteBatch(db *gorm.DB, reqs []*SupportRequest) { (&SupportWriter{db: db}).write(reqs) }
