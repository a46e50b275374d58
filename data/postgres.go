// PostgreSQL as the shared database: a database named by a URL instead of a
// file's path. The store cannot work on PostgreSQL yet (docs/POSTGRES.md
// lists what remains), so such a database is refused in plain words rather
// than half-worked on.

package data

import (
	"errors"
	"net/url"
	"strings"
)

// ErrPostgresUnfinished refuses a PostgreSQL database until the store can
// work on one. Nothing is created or changed, on the server or on disk.
var ErrPostgresUnfinished = errors.New("PostgreSQL support is not finished in this version; give a database file (a path) instead")

// IsPostgres reports whether db names a PostgreSQL database, a
// postgres:// or postgresql:// URL as libpq writes them, rather than an
// SQLite file.
func IsPostgres(db string) bool {
	scheme, _, ok := strings.Cut(db, "://")
	return ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql"))
}

// HidePassword returns db as it may be shown or logged: a URL's password, in
// its user part or its password parameter, replaced by xxxxx. A path is
// returned as it is.
func HidePassword(db string) string {
	if !IsPostgres(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "a PostgreSQL database (its address could not be read)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
