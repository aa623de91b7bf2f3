package petitions_test

import (
	"context"
	"flag"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"ydp1/internal/demo"
	"ydp1/models"
	"ydp1/models/petitions"
)

// benchPetitions sizes the generated database of BenchmarkLarge; the issue's
// figure is -bench.petitions=100000 (with ten supports per petition).
var benchPetitions = flag.Int("bench.petitions", 20000, "petitions of the generated database of BenchmarkLarge (supports: 10 each)")

var benchDB = flag.String("bench.db", "", `a database made by "ydp1 demo --petitions N --supports M" for BenchmarkLarge, instead of generating one`)

// BenchmarkSupport is one 공감 through SupportPetition: user, petition, row,
// counter and threshold check in one transaction, on a real SQLite file.
func BenchmarkSupport(b *testing.B) {
	const users = 200
	for _, parallel := range []bool{false, true} {
		name := map[bool]string{false: "serial", true: "parallel"}[parallel]
		b.Run(name, func(b *testing.B) {
			db, err := models.Open(filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer models.Close(db)
			now := time.Now().UTC()
			if err := demo.SeedBench(db, users, b.N/users+1, now); err != nil {
				b.Fatal(err)
			}
			var ids []uint
			if err := db.Model(&models.User{}).Where("email LIKE ?", "bench%").Order("id").Pluck("id", &ids).Error; err != nil {
				b.Fatal(err)
			}
			var next atomic.Int64
			support := func() {
				i := int(next.Add(1) - 1)
				in := petitions.SupportInput{PetitionID: uint(i/users + 1), UserID: ids[i%users]}
				if _, err := petitions.SupportPetition(db, in, now); err != nil {
					b.Error(err)
				}
			}
			b.ResetTimer()
			if !parallel {
				for range b.N {
					support()
				}
				return
			}
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					support()
				}
			})
		})
	}
}

// BenchmarkSupportWriter is the same 공감 through the group-commit writer,
// from many requests at once as under load: the writer's cost per support.
// 64 residents support petitions one after another, either in step (a
// petition going viral: most supports of a commit are for one petition) or
// each on a petition of their own (every support of a commit on another
// petition, so another page of each table and index to write).
func BenchmarkSupportWriter(b *testing.B) {
	const users = 64 // ydp1 bench's clients
	for _, spread := range []bool{false, true} {
		b.Run(map[bool]string{false: "viral", true: "spread"}[spread], func(b *testing.B) {
			db, err := models.Open(filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer models.Close(db)
			now := time.Now().UTC()
			open := max(3000, b.N/users+1)
			s := models.DefaultSettings
			s.Threshold = 50
			if err := models.SeedSettings(db, s, []string{"petition_threshold"}, now); err != nil {
				b.Fatal(err)
			}
			if err := demo.SeedBench(db, users, open, now); err != nil {
				b.Fatal(err)
			}
			var ids []uint
			if err := db.Model(&models.User{}).Where("email LIKE ?", "bench%").Order("id").Pluck("id", &ids).Error; err != nil {
				b.Fatal(err)
			}
			w := petitions.NewSupportWriter(db)
			var next atomic.Int64
			b.SetParallelism(users / 2) // 64 requests waiting on 2 cores, as in ydp1 bench
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := int(next.Add(1) - 1)
					u, n := i%users, i/users
					in := petitions.SupportInput{PetitionID: uint(n%open + 1), UserID: ids[u]}
					if spread {
						in.PetitionID = uint((u*7919+n)%open + 1)
					}
					if n%5 == 0 {
						in.Comment = "공감합니다. 꼭 개선되면 좋겠습니다."
					}
					if _, err := w.Support(context.Background(), in, now); err != nil {
						b.Error(err)
					}
				}
			})
			b.StopTimer()
			w.Close()
			st := w.Stats()
			b.ReportMetric(float64(st.Requests)/float64(max(1, st.Batches)), "supports/commit")
			b.ReportMetric(float64(st.Busy.Nanoseconds())/float64(max(1, st.Requests)), "busy-ns/support")
		})
	}
}

// BenchmarkLarge runs the list and search queries on a generated database
// built once per run (-bench.petitions sizes it).
func BenchmarkLarge(b *testing.B) {
	path := *benchDB
	if path == "" {
		path = filepath.Join(b.TempDir(), "large.db")
	}
	db, err := models.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer models.Close(db)
	now := time.Now().UTC()
	if *benchDB == "" {
		if _, err := demo.SeedLarge(db, *benchPetitions, *benchPetitions*10, now); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		q    petitions.Query
	}{
		{"list", petitions.Query{}},
		{"list-page-50", petitions.Query{Page: 50}},
		{"list-support", petitions.Query{Sort: petitions.SortSupport}},
		{"list-closing", petitions.Query{Sort: petitions.SortClosing}},
		{"list-open", petitions.Query{Status: petitions.StatusOpen}},
		{"list-category", petitions.Query{Category: "도시"}},
		{"search-주차", petitions.Query{Q: "주차"}},
		{"search-어린이집", petitions.Query{Q: "어린이집"}},
		{"search-공영주차장", petitions.Query{Q: "공영주차장"}},
		{"search-공원-화장실", petitions.Query{Q: "공원 화장실"}},
		{"search-none", petitions.Query{Q: "없는말"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				if _, _, err := petitions.ListPetitions(db, c.q, now); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	var top petitions.Petition
	if err := db.Order("support_count DESC").Take(&top).Error; err != nil {
		b.Fatal(err)
	}
	b.Run("petition-page-queries", func(b *testing.B) {
		for range b.N {
			if _, err := petitions.FindPetition(db, top.ID, now); err != nil {
				b.Fatal(err)
			}
			if _, _, err := petitions.Comments(db, top.ID, 1, 10); err != nil {
				b.Fatal(err)
			}
			if _, err := petitions.SupportsByDong(db, top.ID); err != nil {
				b.Fatal(err)
			}
			if _, err := petitions.Timeline(db, top.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}
