package roster

import (
	"testing"

	"mentorbook/data/datatest"
)

// TestMain lets the tests run on PostgreSQL too (datatest.BackendVar).
func TestMain(m *testing.M) { datatest.Main(m) }
