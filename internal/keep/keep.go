// Package keep holds values read from the database for a short while: each
// is read again once its lifetime has passed, and all are forgotten at once
// when what they were read from changes.
package keep

import (
	"sync"
	"time"
)

// Map keeps values by key. Its zero value keeps nothing for no time; set TTL.
type Map[K comparable, V any] struct {
	TTL time.Duration // how long a value is used before it is read again
	Max int           // past this many values all are let go; 0 for no bound

	mu   sync.Mutex
	gen  uint64 // moves on each Forget; a value read before it is not kept
	vals map[K]kept[V]
}

type kept[V any] struct {
	value V
	gen   uint64
	read  time.Time
}

// Get gives the value kept for key, or what read gives, which is kept
// unless Forget was called while read ran (it may have read what changed).
func (m *Map[K, V]) Get(key K, read func() (V, error)) (V, error) {
	now := time.Now()
	m.mu.Lock()
	k, ok := m.vals[key]
	gen, ttl := m.gen, m.TTL
	m.mu.Unlock()
	if ok && k.gen == gen && now.Sub(k.read) < ttl {
		return k.value, nil
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gen != gen {
		return v, nil
	}
	if m.vals == nil {
		m.vals = map[K]kept[V]{}
	}
	if m.Max > 0 && len(m.vals) >= m.Max {
		clear(m.vals)
	}
	m.vals[key] = kept[V]{value: v, gen: gen, read: now}
	return v, nil
}

// Forget lets every kept value go: the next Get of each reads it again.
func (m *Map[K, V]) Forget() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	clear(m.vals)
}

// SetTTL changes the lifetime of the values, those kept included.
func (m *Map[K, V]) SetTTL(ttl time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.TTL = ttl
}
