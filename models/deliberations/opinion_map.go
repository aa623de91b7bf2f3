package deliberations

import (
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/deliberations/opinionmap"
)

// Tally counts the votes on a statement: 동의, 비동의, 모르겠음.
type Tally = opinionmap.Tally

// Map is the latest opinion map of a 공론장 with the statements' texts, as
// the result page shows it.
type Map struct {
	ComputedAt time.Time
	// Voters are everyone whose votes were in the map; Placed those drawn
	// on it, in a group.
	Voters, Placed int
	Groups         []GroupView
	// Places are the placed participants' places, by participant id; a
	// resident sees their own (Mine).
	Places     []Place
	Consensus  []ConsensusView
	Uncertain  []UncertainView
	Statements []StatementView
	// Regions are the 권역 in the order of StatementView.ByRegion.
	Regions []string
}

// GroupView is an opinion group.
type GroupView struct {
	ID    int
	Label string // A, B, C … as Polis names them
	Size  int
	X, Y  float64
	// Representative are what the group believes, compared with the others.
	Representative []RepresentativeView
}

// RepresentativeView is a statement that tells a group apart.
type RepresentativeView struct {
	Statement Statement
	Agree     bool // the group agrees with it (else disagrees)
	// Share is the group's share of votes that way, RestShare the other
	// groups' share.
	Share, RestShare float64
	Group, Rest      Tally
}

// ConsensusView is a statement the groups share.
type ConsensusView struct {
	Statement Statement
	Agree     bool    // agreed across groups (else disagreed)
	Score     float64 // group-informed consensus
	Overall   Tally
}

// UncertainView is a statement many were unsure of.
type UncertainView struct {
	Statement Statement
	Overall   Tally
	PassShare float64
}

// StatementView is how one statement was voted: overall and by group (in
// the map), and by 권역 (the votes now).
type StatementView struct {
	Statement Statement
	Overall   Tally
	ByGroup   []Tally
	ByRegion  []Tally
}

// Place is a participant on the map.
type Place struct {
	ParticipantID uint
	X, Y          float64
	Group         int
}

// OutsideRegion names the participants of no 권역: who live outside the
// district, and imported participants.
const OutsideRegion = "deliberations.region.outside"

// Result reads the latest opinion map of a 공론장 with its statements; nil
// when none was computed yet.
func Result(db *gorm.DB, id uint) (*Map, error) {
	snap, m, err := latestMap(db, id)
	if err != nil || snap == nil {
		return nil, err
	}
	stmts, err := Statements(db, id)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]Statement, len(stmts))
	for _, s := range stmts {
		byID[int64(s.ID)] = s // #nosec G115 -- a row id fits int64
	}
	out := &Map{ComputedAt: snap.ComputedAt, Voters: len(m.Participants)}
	for _, p := range m.Participants {
		if p.Placed {
			out.Placed++
			out.Places = append(out.Places, Place{ParticipantID: uint(p.ID), X: p.X, Y: p.Y, Group: p.Group}) // #nosec G115 -- ids of rows
		}
	}
	for i, g := range m.Groups {
		gv := GroupView{ID: g.ID, Label: string(rune('A' + i)), Size: len(g.Members), X: g.X, Y: g.Y}
		for _, r := range g.Representative {
			// the statement the group agrees with best is shown for its
			// agreement, whichever way Polis' tests lean where every vote
			// agrees and neither test tells the group apart
			agree := r.For == opinionmap.Agree || r.BestAgree
			share, rest := r.Group.DisagreeShare(), r.Rest.DisagreeShare()
			if agree {
				share, rest = r.Group.AgreeShare(), r.Rest.AgreeShare()
			}
			gv.Representative = append(gv.Representative, RepresentativeView{Statement: byID[r.Statement], Agree: agree,
				Share: share, RestShare: rest, Group: r.Group, Rest: r.Rest})
		}
		out.Groups = append(out.Groups, gv)
	}
	for _, c := range m.Consensus.Agree {
		out.Consensus = append(out.Consensus, ConsensusView{Statement: byID[c.Statement], Agree: true, Score: c.Score, Overall: c.Overall})
	}
	for _, c := range m.Consensus.Disagree {
		out.Consensus = append(out.Consensus, ConsensusView{Statement: byID[c.Statement], Score: c.Score, Overall: c.Overall})
	}
	for _, u := range m.Uncertain {
		out.Uncertain = append(out.Uncertain, UncertainView{Statement: byID[u.Statement], Overall: u.Overall, PassShare: u.PassShare})
	}
	regions, byRegion, err := regionTallies(db, id)
	if err != nil {
		return nil, err
	}
	out.Regions = regions
	inMap := make(map[int64]opinionmap.StatementResult, len(m.Statements))
	for _, r := range m.Statements {
		inMap[r.ID] = r
	}
	for _, s := range stmts {
		if s.Status != StatementShown {
			continue
		}
		v := StatementView{Statement: s, ByRegion: byRegion[s.ID]}
		if r, ok := inMap[int64(s.ID)]; ok { // #nosec G115 -- a row id fits int64
			v.Overall, v.ByGroup = r.Overall, r.ByGroup
		}
		if v.ByRegion == nil {
			v.ByRegion = make([]Tally, len(regions))
		}
		out.Statements = append(out.Statements, v)
	}
	return out, nil
}

// regionTallies counts the votes on each statement by the 권역 of the
// participants' 행정동 when they joined, in the order of models.Regions,
// then OutsideRegion.
func regionTallies(db *gorm.DB, id uint) ([]string, map[uint][]Tally, error) {
	regionOf := map[string]int{}
	var names []string
	for i, r := range models.Regions {
		names = append(names, r.Name)
		for _, d := range r.Dongs {
			regionOf[d] = i
		}
	}
	names = append(names, OutsideRegion)
	var rows []struct {
		StatementID uint
		Dong        string
		Value       int8
		N           int
	}
	err := db.Raw(`SELECT v.statement_id, p.dong, v.value, COUNT(*) AS n FROM deliberation_votes v
		JOIN deliberation_participants p ON p.id = v.participant_id
		WHERE v.deliberation_id = ? GROUP BY v.statement_id, p.dong, v.value`, id).Scan(&rows).Error
	if err != nil {
		return nil, nil, err
	}
	out := map[uint][]Tally{}
	for _, r := range rows {
		ts := out[r.StatementID]
		if ts == nil {
			ts = make([]Tally, len(names))
			out[r.StatementID] = ts
		}
		i, ok := regionOf[r.Dong]
		if !ok {
			i = len(names) - 1
		}
		switch Value(r.Value) {
		case Agree:
			ts[i].Agree += r.N
		case Disagree:
			ts[i].Disagree += r.N
		default:
			ts[i].Pass += r.N
		}
	}
	return names, out, nil
}

// ParticipantOf is the participant id of an account in a 공론장, 0 when it
// has not voted or written there: the result page marks its place for it.
func ParticipantOf(db *gorm.DB, deliberationID, userID uint) (uint, error) {
	var id uint
	err := db.Raw("SELECT id FROM deliberation_participants WHERE deliberation_id = ? AND user_id = ?", deliberationID, userID).Scan(&id).Error
	return id, err
}
