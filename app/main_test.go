package app

import (
	"os"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"ydp1/models"
)

// TestMain makes password hashing cheap: the tests sign up many people and
// check behaviour, not bcrypt's cost.
func TestMain(m *testing.M) {
	models.PasswordCost = bcrypt.MinCost
	os.Exit(m.Run())
}
