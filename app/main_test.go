package app

import (
	"os"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"ydp1/models"
)

// TestMain makes password hashing cheap: the tests sign up many people and
// check behaviour, not bcrypt's cost. After the run it names the gates that
// were skipped for want of a tool (toolgate_test.go).
func TestMain(m *testing.M) {
	models.PasswordCost = bcrypt.MinCost
	if _, err := loadCatalogs(); err != nil { // the Korean texts helpers like monthChart write without a server
		panic(err)
	}
	code := m.Run()
	reportSkips(code)
	os.Exit(code)
}
