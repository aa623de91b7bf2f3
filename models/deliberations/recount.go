package deliberations

import (
	"fmt"

	"gorm.io/gorm"

	"ydp1/models"
)

// Counters are the 열린공론장's stored counters: each statement's
// agree_count, disagree_count and pass_count (its votes by value), and each
// 공론장's statement_count (statements shown), participant_count and
// vote_count.
var Counters = models.Counters{Differences: counterDifferences, Count: countSQL}

// countSQL counts, in SQL, the rows behind one counter of the row being updated.
func countSQL(field string) any {
	switch field {
	case "agree_count", "disagree_count", "pass_count":
		value := map[string]Value{"agree_count": Agree, "disagree_count": Disagree, "pass_count": Pass}[field]
		return gorm.Expr(`(SELECT COUNT(*) FROM deliberation_votes v WHERE v.deliberation_id = deliberation_statements.deliberation_id
			AND v.statement_id = deliberation_statements.id AND v.value = ?)`, int(value))
	case "statement_count":
		return gorm.Expr("(SELECT COUNT(*) FROM deliberation_statements s WHERE s.deliberation_id = deliberations.id AND s.status = ?)", StatementShown)
	case "participant_count":
		return gorm.Expr("(SELECT COUNT(*) FROM deliberation_participants p WHERE p.deliberation_id = deliberations.id)")
	}
	return gorm.Expr("(SELECT COUNT(*) FROM deliberation_votes v WHERE v.deliberation_id = deliberations.id)")
}

// counterDifferences lists every counter of the 열린공론장 that differs from its rows.
func counterDifferences(db *gorm.DB) ([]models.Difference, error) {
	var out []models.Difference
	var stmts []struct {
		ID                                uint
		Agree, Disagree, Pass             int64
		AgreeRows, DisagreeRows, PassRows int64
	}
	// the votes are counted in one pass over the table, then joined to their statements
	err := db.Raw(`SELECT id, agree, disagree, pass, agree_rows, disagree_rows, pass_rows FROM (
		SELECT s.id, s.agree_count AS agree, s.disagree_count AS disagree, s.pass_count AS pass,
			COALESCE(t.agree_rows, 0) AS agree_rows, COALESCE(t.disagree_rows, 0) AS disagree_rows, COALESCE(t.pass_rows, 0) AS pass_rows
		FROM deliberation_statements s LEFT JOIN (
			SELECT statement_id, COUNT(CASE WHEN value = 1 THEN 1 END) AS agree_rows,
				COUNT(CASE WHEN value = -1 THEN 1 END) AS disagree_rows, COUNT(CASE WHEN value = 0 THEN 1 END) AS pass_rows
			FROM deliberation_votes GROUP BY statement_id) t ON t.statement_id = s.id) c
		WHERE agree <> agree_rows OR disagree <> disagree_rows OR pass <> pass_rows ORDER BY id`).Scan(&stmts).Error
	if err != nil {
		return nil, fmt.Errorf("recount statement votes: %w", err)
	}
	for _, s := range stmts {
		out = append(out, models.Differences("deliberation_statements", s.ID,
			models.Count{Field: "agree_count", Stored: s.Agree, Counted: s.AgreeRows},
			models.Count{Field: "disagree_count", Stored: s.Disagree, Counted: s.DisagreeRows},
			models.Count{Field: "pass_count", Stored: s.Pass, Counted: s.PassRows})...)
	}
	var delibs []struct {
		ID                                       uint
		Statements, Participants, Votes          int64
		StatementRows, ParticipantRows, VoteRows int64
	}
	err = db.Raw(`SELECT id, statements, participants, votes, statement_rows, participant_rows, vote_rows FROM (
		SELECT d.id, d.statement_count AS statements, d.participant_count AS participants, d.vote_count AS votes,
			(SELECT COUNT(*) FROM deliberation_statements s WHERE s.deliberation_id = d.id AND s.status = ?) AS statement_rows,
			(SELECT COUNT(*) FROM deliberation_participants p WHERE p.deliberation_id = d.id) AS participant_rows,
			(SELECT COUNT(*) FROM deliberation_votes v WHERE v.deliberation_id = d.id) AS vote_rows
		FROM deliberations d) c
		WHERE statements <> statement_rows OR participants <> participant_rows OR votes <> vote_rows ORDER BY id`, StatementShown).Scan(&delibs).Error
	if err != nil {
		return nil, fmt.Errorf("recount deliberations: %w", err)
	}
	for _, d := range delibs {
		out = append(out, models.Differences("deliberations", d.ID,
			models.Count{Field: "statement_count", Stored: d.Statements, Counted: d.StatementRows},
			models.Count{Field: "participant_count", Stored: d.Participants, Counted: d.ParticipantRows},
			models.Count{Field: "vote_count", Stored: d.Votes, Counted: d.VoteRows})...)
	}
	return out, nil
}
