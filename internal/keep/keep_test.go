package keep

import (
	"errors"
	"testing"
	"time"
)

func TestMapKeepsUntilForgottenOrStale(t *testing.T) {
	m := Map[string, int]{TTL: time.Hour, Max: 2}
	reads := 0
	read := func() (int, error) { reads++; return reads, nil }
	get := func(key string) int {
		t.Helper()
		v, err := m.Get(key, read)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for range 2 {
		if get("a") != 1 {
			t.Fatalf("a kept value was read again (%d reads)", reads)
		}
	}
	m.Forget()
	if v := get("a"); v != 2 {
		t.Errorf("after Forget got %d, want a new read", v)
	}
	// a value read across a Forget is given but not kept
	v, _ := m.Get("b", func() (int, error) { m.Forget(); return 10, nil })
	if v != 10 || get("b") != 3 {
		t.Errorf("a value read across a change was kept (%d reads)", reads)
	}
	// past Max, all are let go
	get("c") // b and c: Max
	get("d") // lets b and c go
	before := reads
	get("d")
	get("b")
	if reads != before+1 {
		t.Errorf("%d reads for one kept value and one let go, want 1", reads-before)
	}
	// an error is not kept
	if _, err := m.Get("e", func() (int, error) { return 0, errors.New("no") }); err == nil || get("e") != reads {
		t.Errorf("an error was kept: %v", err)
	}
	m.SetTTL(0)
	before = reads
	get("e")
	if reads != before+1 {
		t.Error("a value past its lifetime was used")
	}
}
