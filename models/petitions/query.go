package petitions

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"ydp1/models"
)

// statusWhere is the SQL condition for "in state s at now". It mirrors
// StatusAt: a stored state whose period has ended counts as its successor.
func statusWhere(db *gorm.DB, s Status, now time.Time) *gorm.DB {
	switch s {
	case StatusPreconsent:
		return db.Where("status = ? AND preconsent_ends_at > ?", s, now)
	case StatusLapsed:
		return db.Where("status = ? OR (status = ? AND preconsent_ends_at <= ?)", s, StatusPreconsent, now)
	case StatusOpen:
		return db.Where("status = ? AND closes_at > ?", s, now)
	case StatusExpired:
		return db.Where("status = ? OR (status = ? AND closes_at <= ?)", s, StatusOpen, now)
	}
	return db.Where("status = ?", s)
}

// Sort orders of the petition list.
const (
	SortLatest  = "latest"  // 최신순
	SortSupport = "support" // 공감순
	SortClosing = "closing" // 마감임박
)

// Query is a search of the public list.
type Query struct {
	Status   Status // "" for every public state
	Category string
	Q        string
	Sort     string
	Page     int
	PerPage  int
}

// Normalize drops values the list does not know and clamps the paging.
func (q *Query) Normalize() {
	if q.Status != "" && !q.Status.IsPublic() {
		q.Status = ""
	}
	if !models.IsCategory(q.Category) {
		q.Category = ""
	}
	if q.Sort != SortSupport && q.Sort != SortClosing {
		q.Sort = SortLatest
	}
	q.Q = models.SearchText(q.Q)
	q.Page, q.PerPage = models.ClampPaging(q.Page, q.PerPage, 20, 100)
}

// ListPetitions returns one page of the public list and the total matching.
// The page's ids come first, from the indexes alone (the sort never carries
// whole rows), then those rows; a search counts and picks its page in one
// pass over its matches.
func ListPetitions(db *gorm.DB, q Query, now time.Time) ([]Petition, int64, error) {
	now = now.UTC()
	q.Normalize()
	words, err := prepareSearch(db, q.Q)
	if err != nil {
		return nil, 0, err
	}
	selected := func(tx *gorm.DB) *gorm.DB { // the state and the category
		if q.Status != "" {
			tx = statusWhere(tx, q.Status, now)
		} else {
			tx = tx.Where("status IN ?", PublicStatuses)
		}
		if q.Category != "" {
			tx = tx.Where("category = ?", q.Category)
		}
		return tx
	}
	listed := func(tx *gorm.DB) *gorm.DB { return listFilters(selected(tx), q, now) }
	offset := (q.Page - 1) * q.PerPage
	var total int64
	var ids []uint
	driver := rarest(words)
	switch {
	case len(words) > 0 && (words[driver].entries <= SearchCap || !walkable(words)):
		// a rare word: read all its petitions, count them and pick the page in one pass
		tx := listed(searchFrom(db, words, driver)).Session(&gorm.Session{})
		var page []struct {
			ID    uint
			Total int64
		}
		if err := tx.Select("petitions.id, COUNT(*) OVER () AS total").Offset(offset).Limit(q.PerPage).Scan(&page).Error; err != nil {
			return nil, 0, err
		}
		for _, r := range page {
			ids, total = append(ids, r.ID), r.Total
		}
		if len(page) == 0 && offset > 0 { // past the last page: the total still shows
			if err := tx.Count(&total).Error; err != nil {
				return nil, 0, err
			}
		}
		ps, err := petitionsByID(db, ids)
		resolveAll(ps, now)
		return ps, total, err
	case len(words) > 0:
		// only common words: count up to just past SearchCap, and walk the list
		// in its own order looking each petition up, as below
		capped := selected(searchFrom(db, words, driver)).Select("1").Limit(SearchCap + 1)
		if err := db.Table("(?) AS m", capped).Count(&total).Error; err != nil {
			return nil, 0, err
		}
	default:
		if total, err = countListed(db, listed(db.Model(&Petition{})), q, now); err != nil {
			return nil, 0, err
		}
	}
	if q.Status == "" && q.Sort == SortClosing {
		ids, err := closingPage(db, q, words, now, offset)
		if err != nil {
			return nil, 0, err
		}
		ps, err := petitionsByID(db, ids)
		resolveAll(ps, now)
		return ps, total, err
	}
	page := listed(db.Model(&Petition{}))
	if q.Status == "" {
		// Walk the index of the sort order and stop at the page; the state
		// is checked row by row. Written as an expression, the state
		// condition cannot draw the planner to the state index and a sort of
		// every public petition (SQLite has no statistics unless ANALYZE ran).
		page = listFilters(db.Model(&Petition{}).Where("(status || '') IN ?", PublicStatuses), q, now)
	}
	if err := matchWords(page, words).Offset(offset).Limit(q.PerPage).Pluck("petitions.id", &ids).Error; err != nil {
		return nil, 0, err
	}
	ps, err := petitionsByID(db, ids)
	resolveAll(ps, now)
	return ps, total, err
}

// countListed is the total of a list without a search. The public list,
// whole or by category, adds up petition_counts (kept by triggers); 기간만료
// adds the running petitions whose period has ended since the last sweep;
// the other states are few enough to count.
func countListed(db, tx *gorm.DB, q Query, now time.Time) (int64, error) {
	var statuses []Status
	switch q.Status {
	case "":
		statuses = PublicStatuses
	case StatusExpired:
		statuses = []Status{StatusExpired}
	default:
		var n int64
		err := tx.Count(&n).Error
		return n, err
	}
	sum := db.Table("petition_counts").Select("COALESCE(SUM(n), 0)").Where("status IN ?", statuses)
	if q.Category != "" {
		sum = sum.Where("category = ?", q.Category)
	}
	var n int64
	if err := sum.Scan(&n).Error; err != nil {
		return 0, err
	}
	if q.Status == StatusExpired {
		ended := db.Model(&Petition{}).Where("status = ? AND closes_at <= ?", StatusOpen, now)
		if q.Category != "" {
			ended = ended.Where("category = ?", q.Category)
		}
		var late int64
		if err := ended.Count(&late).Error; err != nil {
			return 0, err
		}
		n += late
	}
	return n, nil
}

// closingPage takes a page of 마감임박 in two walks instead of sorting every
// public petition: the running ones, nearest their end first (a few
// hundred), then the closed ones down the index of closes_at, latest first.
func closingPage(db *gorm.DB, q Query, words []searchWord, now time.Time, offset int) ([]uint, error) {
	filter := func(tx *gorm.DB) *gorm.DB {
		if q.Category != "" {
			tx = tx.Where("category = ?", q.Category)
		}
		return matchWords(tx, words)
	}
	running := func() *gorm.DB {
		return filter(db.Model(&Petition{}).Where("status = ? AND closes_at > ?", StatusOpen, now))
	}
	var n int64
	if err := running().Count(&n).Error; err != nil {
		return nil, err
	}
	var ids []uint
	if int64(offset) < n {
		if err := running().Order("closes_at ASC, id DESC").Offset(offset).Limit(q.PerPage).Pluck("id", &ids).Error; err != nil {
			return nil, err
		}
	}
	if rest := q.PerPage - len(ids); rest > 0 {
		var closed []uint
		// the state as an expression, as in ListPetitions: the walk follows closes_at
		err := filter(db.Model(&Petition{}).Where("(status || '') IN ?", PublicStatuses).
			Where("NOT (status = ? AND closes_at > ?)", StatusOpen, now)).
			Order("closes_at DESC, id DESC").Offset(max(0, offset-int(n))).Limit(rest).Pluck("id", &closed).Error
		if err != nil {
			return nil, err
		}
		ids = append(ids, closed...)
	}
	return ids, nil
}

// listFilters adds the category and the sort order to a list query.
func listFilters(tx *gorm.DB, q Query, now time.Time) *gorm.DB {
	if q.Category != "" {
		tx = tx.Where("category = ?", q.Category)
	}
	switch q.Sort {
	case SortSupport:
		tx = tx.Order("support_count DESC, opened_at DESC, id DESC")
	case SortClosing:
		// still open first, the nearest end first; then the closed ones, the latest closed first
		// (Order ignores a gorm.Expr; an OrderBy expression keeps the CASE and its values.)
		tx = tx.Order(clause.OrderBy{Expression: clause.Expr{
			SQL: "CASE WHEN status = ? AND closes_at > ? THEN 0 ELSE 1 END, " +
				"CASE WHEN status = ? AND closes_at > ? THEN closes_at END ASC, closes_at DESC, id DESC",
			Vars: []any{StatusOpen, now, StatusOpen, now},
		}})
	default:
		tx = tx.Order("opened_at DESC, id DESC")
	}
	return tx
}

// petitionsByID loads the petitions with their answers, in the order of ids.
func petitionsByID(db *gorm.DB, ids []uint) ([]Petition, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []Petition
	if err := db.Preload("Answer.Translations").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	byID := make(map[uint]Petition, len(rows))
	for _, p := range rows {
		byID[p.ID] = p
	}
	ps := make([]Petition, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok { // a petition gone in between leaves no hole
			ps = append(ps, p)
		}
	}
	return ps, nil
}

func resolveAll(ps []Petition, now time.Time) {
	for i := range ps {
		ps[i].resolve(now)
	}
}

// PetitionsBy lists everything one resident filed, newest first.
func PetitionsBy(db *gorm.DB, authorID uint, now time.Time) ([]Petition, error) {
	now = now.UTC()
	var ps []Petition
	err := db.Where("author_id = ?", authorID).Order("created_at DESC, id DESC").Find(&ps).Error
	resolveAll(ps, now)
	return ps, err
}

// PetitionsSupportedBy lists the petitions one resident supported, latest support first.
func PetitionsSupportedBy(db *gorm.DB, userID uint, now time.Time) ([]Petition, error) {
	now = now.UTC()
	var ps []Petition
	err := db.Joins("JOIN supports ON supports.petition_id = petitions.id AND supports.user_id = ?", userID).
		Order("supports.created_at DESC").Find(&ps).Error
	resolveAll(ps, now)
	return ps, err
}

// PetitionsIn lists the petitions in one state at now, in the order staff work them.
func PetitionsIn(db *gorm.DB, s Status, now time.Time, limit int) ([]Petition, error) {
	now = now.UTC()
	order := map[Status]string{
		StatusReview:         "review_at ASC, id ASC",
		StatusAwaitingAnswer: "answer_due_at ASC, id ASC",
		StatusExpired:        "closes_at ASC, id ASC", // the department answer longest due first
	}[s]
	if order == "" {
		order = "updated_at DESC"
	}
	var ps []Petition
	err := statusWhere(db.Model(&Petition{}), s, now).Order(order).Limit(limit).Find(&ps).Error
	resolveAll(ps, now)
	return ps, err
}

// CountIn counts the petitions in one state at now.
func CountIn(db *gorm.DB, s Status, now time.Time) (int64, error) {
	now = now.UTC()
	var n int64
	err := statusWhere(db.Model(&Petition{}), s, now).Count(&n).Error
	return n, err
}

// Stats are the figures on the home page.
type Stats struct {
	Open, Answered, Supports int64
}

// PublicStats counts open and answered petitions and all supports.
func PublicStats(db *gorm.DB, now time.Time) (Stats, error) {
	now = now.UTC()
	var s Stats
	var err error
	if s.Open, err = CountIn(db, StatusOpen, now); err != nil {
		return s, err
	}
	if s.Answered, err = CountIn(db, StatusAnswered, now); err != nil {
		return s, err
	}
	err = db.Model(&Petition{}).Where("status IN ?", PublicStatuses).
		Select("COALESCE(SUM(support_count), 0)").Scan(&s.Supports).Error
	return s, err
}

// CountSupports counts every support given.
func CountSupports(db *gorm.DB) (int64, error) {
	var n int64
	err := db.Model(&Support{}).Count(&n).Error
	return n, err
}
