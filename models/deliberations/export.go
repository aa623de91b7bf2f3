package deliberations

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/deliberations/opendata"
)

// SeedAuthor is the author-id of seed statements in comments.csv: they were
// written by staff, not by a participant.
const SeedAuthor = -1

// Export writes a 공론장 into dir in Polis' openData format:
// participants-votes.csv (each participant's votes and group in the latest
// map), comments.csv and votes.csv (each participant's latest vote).
// Participants appear under their export ids, random per 공론장 (an
// imported conversation keeps its published ids); statements under their
// ids (an imported one under its published id). Statements waiting for
// approval are left out; the vote matrix has no column for statements
// nobody voted on.
func Export(db *gorm.DB, id uint, dir string) error {
	if _, err := Find(db, id); err != nil {
		return err
	}
	var stmts []Statement
	if err := db.Where("deliberation_id = ? AND status <> ?", id, StatementPending).Order("id").Find(&stmts).Error; err != nil {
		return err
	}
	var parts []Participant
	if err := db.Where("deliberation_id = ?", id).Order("export_id").Find(&parts).Error; err != nil {
		return err
	}
	exportOf := make(map[uint]int64, len(parts))
	row := make(map[uint]int, len(parts))
	for i, p := range parts {
		exportOf[p.ID], row[p.ID] = p.ExportID, i
	}
	c := &opendata.Conversation{Votes: []opendata.Vote{}}
	col := make(map[uint]int, len(stmts))
	authored := map[uint]int{}
	commentOf := make(map[uint]int64, len(stmts))
	for _, s := range stmts {
		commentID := int64(s.ID) // #nosec G115 -- a row id fits int64
		if s.ExternalID != nil {
			commentID = *s.ExternalID
		}
		commentOf[s.ID] = commentID
		// as in Polis, the matrix has no column for a statement nobody voted on
		if s.Votes() > 0 {
			col[s.ID] = len(c.Participants.CommentIDs)
			c.Participants.CommentIDs = append(c.Participants.CommentIDs, commentID)
		}
		author := int64(SeedAuthor)
		if s.ParticipantID != nil {
			author = exportOf[*s.ParticipantID]
			authored[*s.ParticipantID]++
		}
		moderated := opendata.Shown
		if s.Status == StatementRemoved {
			moderated = opendata.Removed
		}
		ms := s.CreatedAt.UnixMilli()
		c.Comments = append(c.Comments, opendata.Comment{Timestamp: ms, Datetime: opendata.Datetime(ms, models.Seoul), ID: commentID,
			AuthorID: author, Agrees: s.AgreeCount, Disagrees: s.DisagreeCount, Moderated: moderated, Body: s.Body})
	}
	groupOf, err := exportGroups(db, id)
	if err != nil {
		return err
	}
	c.Participants.Participants = make([]opendata.Participant, len(parts))
	for i, p := range parts {
		votes := make([]int8, len(c.Participants.CommentIDs))
		for j := range votes {
			votes[j] = opendata.NotSeen
		}
		g, ok := groupOf[int64(p.ID)] // #nosec G115 -- a row id fits int64
		if !ok {
			g = -1
		}
		c.Participants.Participants[i] = opendata.Participant{ID: p.ExportID, Group: g, NComments: authored[p.ID], Votes: votes}
	}
	rows, err := db.Model(&VoteRecord{}).Select("participant_id", "statement_id", "value", "updated_at").
		Where("deliberation_id = ?", id).Order("updated_at, participant_id, statement_id").Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v VoteRecord
		if err := rows.Scan(&v.ParticipantID, &v.StatementID, &v.Value, &v.UpdatedAt); err != nil {
			return err
		}
		j, ok := col[v.StatementID]
		if !ok {
			continue // on a statement waiting for approval
		}
		c.Participants.Participants[row[v.ParticipantID]].Votes[j] = int8(v.Value)
		ms := v.UpdatedAt.UnixMilli()
		c.Votes = append(c.Votes, opendata.Vote{Timestamp: ms, Datetime: opendata.Datetime(ms, models.Seoul),
			CommentID: commentOf[v.StatementID], VoterID: exportOf[v.ParticipantID], Vote: int8(v.Value)})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	c.Participants.Tally()
	return opendata.WriteDir(dir, c)
}

// exportGroups maps participant ids to the group they are in on the latest
// map, numbered 0, 1, … in the map's order as Polis numbers them.
func exportGroups(db *gorm.DB, id uint) (map[int64]int, error) {
	snap, m, err := latestMap(db, id)
	if err != nil || snap == nil {
		return nil, err
	}
	out := map[int64]int{}
	for i, g := range m.Groups {
		for _, p := range g.Members {
			out[p] = i
		}
	}
	return out, nil
}

// ImportOptions tune an import.
type ImportOptions struct {
	// Meta are the published comment ids of statements about the
	// participants themselves (the export does not say which were meta).
	Meta []int64
}

// Import loads a conversation published in Polis' openData format from dir
// as a new closed 공론장, keeping the published participant and comment ids
// (its export shows them again), computes its opinion map, and returns its
// id. The topic, address and description come from summary.csv when there
// is one. Votes come from votes.csv in time order (the last vote of a pair
// counts), else from participants-votes.csv.
func Import(db *gorm.DB, dir string, opts ImportOptions, now time.Time) (uint, error) {
	now = now.UTC()
	c, err := opendata.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	summary, err := readSummary(filepath.Join(dir, "summary.csv"))
	if err != nil {
		return 0, err
	}
	votes := importVotes(c)
	d := importedDeliberation(c, votes, summary, filepath.Base(filepath.Clean(dir)), now)
	err = models.Transact(db, func(tx *gorm.DB) error {
		d.ID = 0
		if err := tx.Create(d).Error; err != nil {
			return err
		}
		pid, err := importParticipants(tx, d.ID, c, votes, d.ClosesAt)
		if err != nil {
			return err
		}
		sid, err := importStatements(tx, d.ID, c, pid, opts.Meta)
		if err != nil {
			return err
		}
		n, err := importVoteRows(tx, d.ID, votes, pid, sid, d.ClosesAt)
		if err != nil {
			return err
		}
		err = tx.Exec(`UPDATE deliberations SET statement_count = (SELECT COUNT(*) FROM deliberation_statements WHERE deliberation_id = ? AND status = ?),
			participant_count = ?, vote_count = ?, vote_seq = ? WHERE id = ?`, d.ID, StatementShown, len(pid), n, n, d.ID).Error
		if err != nil {
			return err
		}
		return models.Audit(tx, 0, AuditImport, "deliberation", d.ID, nil, map[string]any{"source": d.Source, "meta": opts.Meta}, now)
	})
	if err != nil {
		return 0, err
	}
	return d.ID, Recompute(db, d.ID, now)
}

// importVotes are the conversation's votes: the latest of each pair from
// votes.csv, else the cells of participants-votes.csv.
func importVotes(c *opendata.Conversation) []opendata.Vote {
	if c.Votes != nil {
		votes := slices.Clone(c.Votes)
		slices.SortStableFunc(votes, func(a, b opendata.Vote) int { return cmp.Compare(a.Timestamp, b.Timestamp) })
		return opendata.LatestVotes(votes)
	}
	var out []opendata.Vote
	for _, p := range c.Participants.Participants {
		for i, v := range p.Votes {
			if v != opendata.NotSeen {
				out = append(out, opendata.Vote{CommentID: c.Participants.CommentIDs[i], VoterID: p.ID, Vote: v})
			}
		}
	}
	return out
}

// importedDeliberation is the 공론장 of a published conversation: its period
// runs from its first comment or vote to its last.
func importedDeliberation(c *opendata.Conversation, votes []opendata.Vote, summary map[string]string, name string, now time.Time) *Deliberation {
	var first, last int64
	stamp := func(ms int64) {
		if ms <= 0 {
			return
		}
		if first == 0 || ms < first {
			first = ms
		}
		last = max(last, ms)
	}
	for _, cm := range c.Comments {
		stamp(cm.Timestamp)
	}
	for _, v := range votes {
		stamp(v.Timestamp)
	}
	opens, closes := now, now
	if first != 0 {
		opens, closes = time.UnixMilli(first).UTC(), time.UnixMilli(last).UTC()
	}
	if !closes.After(opens) {
		closes = opens.Add(time.Second)
	}
	topic := cmp.Or(summary["topic"], name)
	d := &Deliberation{Title: truncate(topic, MaxTitle), Question: truncate(topic, MaxQuestion),
		Background: summary["conversation-description"], Status: StatusClosed, Moderation: ModerationPost,
		OpensAt: opens, ClosesAt: closes, ClosedAt: &closes, Imported: true,
		Source: truncate(strings.TrimSpace(name+" "+summary["url"]), 500), CreatedAt: now, UpdatedAt: now}
	d.BackgroundHTML = models.RenderMarkdown(d.Background)
	return d
}

// importParticipants stores the participants with their published ids, in
// ascending order of them, and maps each published id to its row.
func importParticipants(tx *gorm.DB, id uint, c *opendata.Conversation, votes []opendata.Vote, joined time.Time) (map[int64]uint, error) {
	ids := map[int64]bool{}
	for _, p := range c.Participants.Participants {
		ids[p.ID] = true
	}
	for _, v := range votes {
		ids[v.VoterID] = true
	}
	for _, cm := range c.Comments {
		if cm.AuthorID >= 0 {
			ids[cm.AuthorID] = true
		}
	}
	sorted := make([]int64, 0, len(ids))
	for p := range ids {
		sorted = append(sorted, p)
	}
	slices.Sort(sorted)
	rows := make([]Participant, len(sorted))
	for i, p := range sorted {
		rows[i] = Participant{DeliberationID: id, ExportID: p, JoinedAt: joined}
	}
	if err := tx.CreateInBatches(rows, 500).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]uint, len(rows))
	for _, r := range rows {
		out[r.ExportID] = r.ID
	}
	return out, nil
}

// importStatements stores the comments in ascending order of their
// published ids, shown unless Polis' moderators removed them.
func importStatements(tx *gorm.DB, id uint, c *opendata.Conversation, pid map[int64]uint, meta []int64) (map[int64]uint, error) {
	comments := slices.Clone(c.Comments)
	slices.SortFunc(comments, func(a, b opendata.Comment) int { return cmp.Compare(a.ID, b.ID) })
	rows := make([]Statement, len(comments))
	for i, cm := range comments {
		s := Statement{DeliberationID: id, Body: cm.Body, Status: StatementShown, IsMeta: slices.Contains(meta, cm.ID),
			ExternalID: &comments[i].ID, CreatedAt: time.UnixMilli(cm.Timestamp).UTC()}
		if cm.Moderated == opendata.Removed {
			s.Status, s.RemovedReason = StatementRemoved, "원래 대화에서 삭제된 의견"
		}
		if p, ok := pid[cm.AuthorID]; ok && cm.AuthorID >= 0 {
			s.ParticipantID = &p
		}
		rows[i] = s
	}
	if err := tx.CreateInBatches(rows, 500).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]uint, len(rows))
	for _, s := range rows {
		out[*s.ExternalID] = s.ID
	}
	return out, nil
}

// importVoteRows stores the votes and moves the statements' counters;
// votes on comments the export does not list are left out.
func importVoteRows(tx *gorm.DB, id uint, votes []opendata.Vote, pid, sid map[int64]uint, closes time.Time) (int, error) {
	rows := make([]VoteRecord, 0, len(votes))
	tally := map[uint]*Tally{}
	for _, v := range votes {
		s, ok := sid[v.CommentID]
		if !ok {
			continue
		}
		at := closes
		if v.Timestamp > 0 {
			at = time.UnixMilli(v.Timestamp).UTC()
		}
		rows = append(rows, VoteRecord{StatementID: s, ParticipantID: pid[v.VoterID], DeliberationID: id, Value: Value(v.Vote), CreatedAt: at, UpdatedAt: at})
		t := tally[s]
		if t == nil {
			t = &Tally{}
			tally[s] = t
		}
		t.Add(v.Vote)
	}
	if err := tx.CreateInBatches(rows, 1000).Error; err != nil {
		return 0, err
	}
	counts := make(map[uint][]any, len(tally))
	for s, t := range tally {
		counts[s] = []any{t.Agree, t.Disagree, t.Pass}
	}
	return len(rows), setByID(tx, []column{{"agree_count", "INTEGER"}, {"disagree_count", "INTEGER"}, {"pass_count", "INTEGER"}}, counts)
}

// readSummary reads summary.csv (key, value rows), empty when there is none.
func readSummary(name string) (map[string]string, error) {
	out := map[string]string{}
	f, err := os.Open(name) // #nosec G304 -- the export directory the operator names
	if errors.Is(err, os.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("summary.csv: %w", err)
	}
	for _, rec := range recs {
		if len(rec) >= 2 {
			out[rec[0]] = strings.TrimSpace(rec[1])
		}
	}
	return out, nil
}

func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
