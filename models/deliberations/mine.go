package deliberations

import "gorm.io/gorm"

// MyVote is a statement a resident voted on, with their latest vote.
type MyVote struct {
	Statement
	Value Value
}

// VotesOf lists what an account voted on in a 공론장, the statements it
// wrote included (they count as its 동의), the latest vote first, so the
// resident can see and change their votes.
func VotesOf(db *gorm.DB, deliberationID, userID uint) ([]MyVote, error) {
	var out []MyVote
	err := db.Raw(`SELECT s.*, v.value FROM deliberation_votes v
		JOIN deliberation_participants p ON p.id = v.participant_id
		JOIN deliberation_statements s ON s.id = v.statement_id
		WHERE v.deliberation_id = ? AND p.user_id = ?
		ORDER BY v.updated_at DESC, s.id DESC`, deliberationID, userID).Scan(&out).Error
	return out, err
}
