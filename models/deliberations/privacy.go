package deliberations

import (
	"time"

	"gorm.io/gorm"
)

// OwnStatement is a statement a resident wrote, for their data download.
type OwnStatement struct {
	DeliberationID uint
	Title          string // the 공론장's
	Body           string
	Status         StatementStatus
	CreatedAt      time.Time
}

// OwnVote is a resident's vote, for their data download.
type OwnVote struct {
	DeliberationID uint
	Title          string // the 공론장's
	Statement      string
	Value          Value
	UpdatedAt      time.Time
}

// UserData lists the statements a resident wrote and the votes they cast.
func UserData(db *gorm.DB, userID uint) ([]OwnStatement, []OwnVote, error) {
	var stmts []OwnStatement
	err := db.Table("deliberation_statements s").Select("s.deliberation_id, d.title, s.body, s.status, s.created_at").
		Joins("JOIN deliberations d ON d.id = s.deliberation_id").Where("s.author_id = ?", userID).Order("s.id").Scan(&stmts).Error
	if err != nil {
		return nil, nil, err
	}
	var votes []OwnVote
	err = db.Table("deliberation_votes v").Select("v.deliberation_id, d.title, s.body AS statement, v.value, v.updated_at").
		Joins("JOIN deliberation_participants p ON p.deliberation_id = v.deliberation_id AND p.id = v.participant_id").
		Joins("JOIN deliberation_statements s ON s.id = v.statement_id").
		Joins("JOIN deliberations d ON d.id = v.deliberation_id").
		Where("p.user_id = ?", userID).Order("v.deliberation_id, v.statement_id").Scan(&votes).Error
	return stmts, votes, err
}

// ForgetAccount cuts a deleted account from what it did in the 열린공론장,
// inside the deletion's transaction. Its votes and statements stay, as a
// petition's supports keep counting: opinion maps, 결과 and exports were made
// from them, and taking them out would move the groups of a 공론장 after the
// fact. What tied them to the person goes: the participant row keeps its
// random export id and 행정동 but no account, the statements and reports no
// author.
func ForgetAccount(tx *gorm.DB, userID uint) error {
	for _, q := range []string{
		"UPDATE deliberation_participants SET user_id = NULL WHERE user_id = ?",
		"UPDATE deliberation_statements SET author_id = NULL WHERE author_id = ?",
		"UPDATE deliberation_reports SET reporter_id = NULL WHERE reporter_id = ?",
	} {
		if err := tx.Exec(q, userID).Error; err != nil {
			return err
		}
	}
	return nil
}
