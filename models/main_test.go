package models

import (
	"os"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// TestMain makes password hashing cheap: the tests check the rules, not bcrypt's cost.
func TestMain(m *testing.M) {
	PasswordCost = bcrypt.MinCost
	os.Exit(m.Run())
}
