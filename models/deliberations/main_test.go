package deliberations_test

import (
	"testing"

	"ydp1/models/modeltest"
)

func TestMain(m *testing.M) { modeltest.Main(m) }
