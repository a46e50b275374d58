package app

import (
	"testing"

	"mentorbook/data/pgtest"
)

// The window on a server is tested on a PostgreSQL server the tests start
// (data/pgtest), stopped when they end.
func TestMain(m *testing.M) { pgtest.Main(m) }
