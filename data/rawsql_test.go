package data_test

import (
	"database/sql"
	"testing"
)

// rawExec runs SQL on a file directly, the way another program or a
// damaged disk would change it behind the store's back.
func rawExec(tb testing.TB, path, query string) {
	tb.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query); err != nil {
		tb.Fatal(err)
	}
}
