package data_test

import (
	"testing"

	"mentorbook/data"
)

func TestAuditLog(t *testing.T) {
	w := newWorld(t)
	w.logMeetings(t, 3, "")
	update(t, w.s, func(tx *data.Tx) error {
		return tx.Audit(data.ActExport, "students", 0, "students.csv 100% done_ok for ZOË")
	})
	all := auditLog(t, w.s, data.AuditFilter{})
	for _, tc := range []struct {
		name string
		f    data.AuditFilter
		want int
	}{
		{"All", data.AuditFilter{}, len(all)},
		{"Limit", data.AuditFilter{Limit: 2}, 2},
		{"Entity", data.AuditFilter{Entity: "meeting"}, 3},
		{"Record", data.AuditFilter{Entity: "student", EntityID: w.student.ID}, 2}, // created, guardian linked
		{"Action", data.AuditFilter{Action: data.ActExport}, 1},
		{"QueryWords", data.AuditFilter{Query: "STUDENTS.csv done"}, 1},
		{"QueryLikeCharsAreLiteral", data.AuditFilter{Query: "100%"}, 1},
		{"QueryUnderscoreIsLiteral", data.AuditFilter{Query: "e_o"}, 1},
		// Letters beyond ASCII match as written: the log is folded by
		// SQL's lower(), which changes ASCII letters only.
		{"QueryNonASCIIAsWritten", data.AuditFilter{Query: "ZOË"}, 1},
		{"QueryNonASCIIOtherASCIICase", data.AuditFilter{Query: "zoË"}, 1},
		{"User", data.AuditFilter{User: "nobody-at-all"}, 0},
		{"Day", data.AuditFilter{From: data.DateOf(today), To: data.DateOf(today)}, len(all)},
		{"DayBefore", data.AuditFilter{To: data.DateOf(today).AddDays(-1)}, 0},
		{"NextPage", data.AuditFilter{BeforeID: all[1].ID}, len(all) - 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := auditLog(t, w.s, tc.f); len(got) != tc.want {
				t.Errorf("AuditLog(%+v) = %d lines, want %d", tc.f, len(got), tc.want)
			}
		})
	}
	if all[0].ID < all[1].ID || all[0].Action != data.ActExport || all[0].At.IsZero() || all[0].User == "" {
		t.Errorf("AuditLog()[0] = %+v; want the newest line first, with time and user", all[0])
	}
}

func auditLog(t *testing.T, s *data.Store, f data.AuditFilter) []data.AuditEntry {
	t.Helper()
	var out []data.AuditEntry
	update(t, s, func(tx *data.Tx) error {
		var err error
		out, err = tx.AuditLog(f)
		return err
	})
	return out
}
