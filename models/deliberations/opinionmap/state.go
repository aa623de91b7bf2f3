package opinionmap

// State is what one run leaves for the next, as Polis keeps it in its
// conversation: the caller stores it with the map (it encodes as JSON) and
// passes it to the next Compute. A nil or empty State starts afresh.
type State struct {
	// Statements are the ids of the statements in the math, ascending;
	// Components hold the two principal components, one entry per statement.
	Statements []int64      `json:"statements"`
	Components [2][]float64 `json:"components"`
	// BaseClusters are the base clusters; their members are participant ids.
	BaseClusters []Cluster `json:"base_clusters"`
	// GroupClusterings are the group clusterings for each k tried, by k;
	// their members are base cluster ids.
	GroupClusterings []Clustering `json:"group_clusterings"`
	// K is the choice of the number of groups.
	K KChoice `json:"k"`
	// Placed are the participants placed so far, ascending: once placed, a
	// participant stays on the map.
	Placed []int64 `json:"placed"`
}

// Cluster is a k-means cluster.
type Cluster struct {
	ID      int     `json:"id"`
	Members []int64 `json:"members"`
	X       float64 `json:"x"`
	Y       float64 `json:"y"`
}

// Clustering is the groups found for one k.
type Clustering struct {
	K        int       `json:"k"`
	Clusters []Cluster `json:"clusters"`
}

// KChoice smooths the number of groups: Best is the k with the best
// silhouette in the last run, and Runs how many runs in a row it has been
// best; Chosen is the k in use, which becomes Best once Best has won
// Config.KRuns runs in a row.
type KChoice struct {
	Best   int `json:"best"`
	Runs   int `json:"runs"`
	Chosen int `json:"chosen"`
}

// clustering returns the previous clustering for k, nil when none.
func (s *State) clustering(k int) []Cluster {
	if s == nil {
		return nil
	}
	for _, c := range s.GroupClusterings {
		if c.K == k {
			return c.Clusters
		}
	}
	return nil
}
