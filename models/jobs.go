package models

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The site's periodic work (the daily recount, the minute sweep with the
// anonymisation) keeps the time of its last run in job_runs, so a job's
// interval holds across restarts and instances: a server restarted every
// day neither repeats the daily recount at every start nor postpones it,
// because on start it runs whatever the database says is due.

// Job is a piece of periodic work, run by one instance at a time.
type Job struct {
	Name     string
	Interval time.Duration
	Label    string // the message id of what staff call it on the desk
}

var (
	// JobDaily repairs the counters.
	JobDaily = Job{"daily", 24 * time.Hour, "desk.jobs.daily"}
	// JobSweep stores the states that time changed, queues tomorrow's meeting
	// reminders and anonymises the supporters whose time has come.
	JobSweep = Job{"sweep", time.Minute, "desk.jobs.sweep"}
	// JobMaps computes the opinion map of every 공론장 that has new votes.
	JobMaps = Job{"maps", 15 * time.Second, "desk.jobs.maps"}
)

// Jobs is every periodic job, in the order the desk lists them.
var Jobs = []Job{JobDaily, JobSweep, JobMaps}

// JobRetry is how soon a job that failed is tried again, when its interval is longer.
const JobRetry = 10 * time.Minute

// JobSlack lets a run fall due a moment before its interval has passed, so a
// scheduler that wakes once per interval finds it due at every wake-up and
// not at every other one.
const JobSlack = 5 * time.Second

// The kinds of change a run counts in its JobResult.
const (
	JobRepaired   = "repaired"   // counters set to the rows they count
	JobAnonymised = "anonymised" // supports that lost their account
	JobClosed     = "closed"     // petitions whose 사전동의 or period ended
	JobReminded   = "reminded"   // meetings whose reminder was queued
	JobMapped     = "mapped"     // 공론장 whose opinion map was computed
)

// jobCounts says each kind of change for staff (a message id of the desk,
// with the number as {{.N}}) and for the operator in English (ydp1 check).
var jobCounts = []struct{ kind, msg, english string }{
	{JobRepaired, "desk.jobs.repaired", "%s counters repaired"},
	{JobAnonymised, "desk.jobs.anonymised", "%s supporters anonymised"},
	{JobClosed, "desk.jobs.closed", "%s petitions closed"},
	{JobReminded, "desk.jobs.reminded", "%s meeting reminders queued"},
	{JobMapped, "desk.jobs.mapped", "%s opinion maps computed"},
}

// JobResult counts what one run changed, by kind (JobRepaired …); kinds it
// did not change are left out.
type JobResult map[string]int64

// Msgs say what the run did, for staff, as messages with their numbers
// (익명화 120건); one saying nothing changed when nothing did.
func (r JobResult) Msgs() []string {
	var out []string
	for _, c := range jobCounts {
		if n := r[c.kind]; n != 0 {
			out = append(out, Msg(c.msg, "Count", n, "N", FormatNumber(int(n))))
		}
	}
	if len(out) == 0 {
		return []string{"desk.jobs.unchanged"}
	}
	return out
}

// English says what the run did, for the operator: "120 supporters anonymised".
func (r JobResult) English() string {
	var parts []string
	for _, c := range jobCounts {
		if n := r[c.kind]; n != 0 {
			parts = append(parts, fmt.Sprintf(c.english, FormatNumber(int(n))))
		}
	}
	if len(parts) == 0 {
		return "nothing to change"
	}
	return strings.Join(parts, ", ")
}

// JobRun is the last run of a job.
type JobRun struct {
	Job         string `gorm:"primaryKey"`
	StartedAt   time.Time
	DurationMS  int64
	Result      string // JobResult as JSON
	Error       string // empty when the run succeeded
	SucceededAt *time.Time
}

// Duration is how long the run took.
func (r JobRun) Duration() time.Duration { return time.Duration(r.DurationMS) * time.Millisecond }

// Counts is what the run changed.
func (r JobRun) Counts() JobResult {
	var res JobResult
	_ = json.Unmarshal([]byte(r.Result), &res) // a result that does not parse says nothing changed
	return res
}

// Failed reports whether the run ended in an error.
func (r JobRun) Failed() bool { return r.Error != "" }

// DueAt is when job runs next after this run: an interval after it started,
// or JobRetry after, when it failed.
func (r JobRun) DueAt(job Job) time.Time {
	wait := job.Interval
	if r.Failed() {
		wait = min(wait, JobRetry)
	}
	return r.StartedAt.Add(wait)
}

// JobDue reports whether job should run at now: it never ran, or its last
// run is an interval old (JobRetry old, when it failed). A scheduler on
// several instances calls it again inside Exclusive before running the job,
// so a run another instance just finished is not repeated.
func JobDue(db *gorm.DB, job Job, now time.Time) (bool, error) {
	var runs []JobRun
	if err := db.Where("job = ?", job.Name).Limit(1).Find(&runs).Error; err != nil {
		return false, fmt.Errorf("job %s: %w", job.Name, err)
	}
	return len(runs) == 0 || !now.Before(runs[0].DueAt(job).Add(-JobSlack)), nil
}

// RecordJobRun stores a finished run of job as its last one: started at
// started, taking took, having changed res, or failed with runErr. The time
// of the last success stays when the run failed.
func RecordJobRun(db *gorm.DB, job Job, started time.Time, took time.Duration, res JobResult, runErr error) error {
	started = started.UTC()
	if res == nil {
		res = JobResult{}
	}
	result, err := json.Marshal(res)
	if err != nil {
		return err
	}
	var succeeded *time.Time
	msg := ""
	if runErr != nil {
		msg = runErr.Error()
	} else {
		succeeded = &started
	}
	return db.Exec(`INSERT INTO job_runs (job, started_at, duration_ms, result, error, succeeded_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (job) DO UPDATE SET started_at = excluded.started_at, duration_ms = excluded.duration_ms,
			result = excluded.result, error = excluded.error,
			succeeded_at = COALESCE(excluded.succeeded_at, job_runs.succeeded_at)`,
		job.Name, started, took.Milliseconds(), string(result), msg, succeeded).Error
}

// JobState is a job with its last run, as the desk and ydp1 check show it.
type JobState struct {
	Job
	Last    *JobRun // nil until it first runs
	Overdue bool    // it ran, but has not succeeded for twice its interval
}

// Next is when the job runs next: at its due time, or on the next start
// of a server when it never ran.
func (s JobState) Next() time.Time {
	if s.Last == nil {
		return time.Time{}
	}
	return s.Last.DueAt(s.Job)
}

// JobStates reads the last run of every job in Jobs.
func JobStates(db *gorm.DB, now time.Time) ([]JobState, error) {
	var runs []JobRun
	if err := db.Find(&runs).Error; err != nil {
		return nil, fmt.Errorf("job runs: %w", err)
	}
	out := make([]JobState, len(Jobs))
	for i, job := range Jobs {
		out[i].Job = job
		for _, r := range runs {
			if r.Job == job.Name {
				out[i].Last = &r
				ok := r.SucceededAt
				out[i].Overdue = ok == nil || now.Sub(*ok) > 2*job.Interval
			}
		}
	}
	return out, nil
}
