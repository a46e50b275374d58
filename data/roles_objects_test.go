package data

import (
	"reflect"
	"sort"
	"testing"
)

// TestRoleObjects: what roles.sql makes beside the tables (views,
// functions, policies) is what the exact-schema check knows to leave out
// (roleObjects), no more and no less, and a database made by server init
// passes that check.
func TestRoleObjects(t *testing.T) {
	url, db := postgresWithSchema(t)
	got := queryStrings(t, db, `SELECT DISTINCT name FROM (
			SELECT relname::text AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'v'
			UNION SELECT proname::text FROM pg_proc WHERE pronamespace = current_schema()::regnamespace
			UNION SELECT policyname::text FROM pg_policies WHERE schemaname = current_schema()) AS o ORDER BY name`)
	want := append([]string(nil), roleObjects...)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("roles.sql makes %q, the check leaves out %q", got, want)
	}
	if v, err := CheckPostgres(t.Context(), url); err != nil || v != SchemaVersion() {
		t.Errorf("CheckPostgres after server init = %d, %v", v, err)
	}
}
