package models

import (
	"context"
	"flag"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
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
			db, err := Open(filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer Close(db)
			now := time.Now().UTC()
			if err := SeedBench(db, users, b.N/users+1, now); err != nil {
				b.Fatal(err)
			}
			var ids []uint
			if err := db.Model(&User{}).Where("email LIKE ?", "bench%").Order("id").Pluck("id", &ids).Error; err != nil {
				b.Fatal(err)
			}
			var next atomic.Int64
			support := func() {
				i := int(next.Add(1) - 1)
				in := SupportInput{PetitionID: uint(i/users + 1), UserID: ids[i%users]}
				if _, err := SupportPetition(db, in, now); err != nil {
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
			db, err := Open(filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer Close(db)
			now := time.Now().UTC()
			open := max(3000, b.N/users+1)
			s := DefaultSettings
			s.Threshold = 50
			if err := SeedSettings(db, s, []string{"petition_threshold"}, now); err != nil {
				b.Fatal(err)
			}
			if err := SeedBench(db, users, open, now); err != nil {
				b.Fatal(err)
			}
			var ids []uint
			if err := db.Model(&User{}).Where("email LIKE ?", "bench%").Order("id").Pluck("id", &ids).Error; err != nil {
				b.Fatal(err)
			}
			w := NewSupportWriter(db)
			var next atomic.Int64
			b.SetParallelism(users / 2) // 64 requests waiting on 2 cores, as in ydp1 bench
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := int(next.Add(1) - 1)
					u, n := i%users, i/users
					in := SupportInput{PetitionID: uint(n%open + 1), UserID: ids[u]}
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
			b.ReportMetric(float64(st.Supports)/float64(max(1, st.Batches)), "supports/commit")
			b.ReportMetric(float64(st.Busy.Nanoseconds())/float64(max(1, st.Supports)), "busy-ns/support")
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
	db, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer Close(db)
	now := time.Now().UTC()
	if *benchDB == "" {
		if _, err := SeedLarge(db, *benchPetitions, *benchPetitions*10, now); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		q    PetitionQuery
	}{
		{"list", PetitionQuery{}},
		{"list-page-50", PetitionQuery{Page: 50}},
		{"list-support", PetitionQuery{Sort: SortSupport}},
		{"list-closing", PetitionQuery{Sort: SortClosing}},
		{"list-open", PetitionQuery{Status: StatusOpen}},
		{"list-category", PetitionQuery{Category: "도시"}},
		{"search-주차", PetitionQuery{Q: "주차"}},
		{"search-어린이집", PetitionQuery{Q: "어린이집"}},
		{"search-공영주차장", PetitionQuery{Q: "공영주차장"}},
		{"search-공원-화장실", PetitionQuery{Q: "공원 화장실"}},
		{"search-none", PetitionQuery{Q: "없는말"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				if _, _, err := ListPetitions(db, c.q, now); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	var top Petition
	if err := db.Order("support_count DESC").Take(&top).Error; err != nil {
		b.Fatal(err)
	}
	b.Run("petition-page-queries", func(b *testing.B) {
		for range b.N {
			if _, err := FindPetition(db, top.ID, now); err != nil {
				b.Fatal(err)
			}
			if _, _, err := Comments(db, top.ID, 1, 10); err != nil {
				b.Fatal(err)
			}
			if _, err := SupportsByDong(db, top.ID); err != nil {
				b.Fatal(err)
			}
			if _, err := Timeline(db, top.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}
