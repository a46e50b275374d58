package data_test

import (
	"context"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

func TestDateFormatParse(t *testing.T) {
	for _, tc := range []struct {
		f       data.DateFormat
		in      string
		want    string // ISO; "" with wantErr
		wantErr bool
	}{
		{data.DateDMY, "30/11/2026", "2026-11-30", false},
		{data.DateDMY, "1.9.2026", "2026-09-01", false},
		{data.DateDMY, "2026-11-30", "2026-11-30", false}, // ISO is always understood
		{data.DateDMY, "31/02/2026", "", true},
		{data.DateDMY, "11/30/2026", "", true},
		{data.DateDMY, "30/11/26", "", true}, // a two-digit year is ambiguous
		{data.DateMDY, "11/30/2026", "2026-11-30", false},
		{data.DateMDY, "30/11/2026", "", true},
		{data.DateISO, "2026-11-30", "2026-11-30", false},
		{data.DateISO, "30/11/2026", "", true},
		{data.DateDMY, "", "", false},
		{data.DateDMY, "30/11/2026/1", "", true},
		{data.DateDMY, "+1/11/2026", "", true},
	} {
		d, err := tc.f.Parse(tc.in)
		if (err != nil) != tc.wantErr || d.String() != tc.want {
			t.Errorf("%s.Parse(%q) = %s, %v; want %q (error %v)", tc.f, tc.in, d, err, tc.want, tc.wantErr)
		}
		if err == nil && tc.in != "" && tc.f.Format(d) == "" {
			t.Errorf("%s.Format(%s) is empty", tc.f, d)
		}
	}
	d := data.MustDate("2026-03-07")
	for f, want := range map[data.DateFormat]string{data.DateISO: "2026-03-07", data.DateDMY: "07/03/2026", data.DateMDY: "03/07/2026"} {
		if got := f.Format(d); got != want {
			t.Errorf("%s.Format(%s) = %q, want %q", f, d, got, want)
		}
		if back, err := f.Parse(f.Format(d)); err != nil || back != d {
			t.Errorf("%s.Parse(%s.Format(d)) = %s, %v; want %s", f, f, back, err, d)
		}
	}
}

func TestSaveDateFormat(t *testing.T) {
	s := datatest.Open(t, time.Date(2026, 3, 11, 9, 0, 0, 0, time.Local))
	ctx := context.Background()
	var f data.DateFormat
	if err := s.View(ctx, func(tx *data.Tx) (err error) { f, err = tx.DateFormat(); return }); err != nil || f != data.DateISO {
		t.Fatalf("DateFormat() on a new database = %q, %v; want iso", f, err)
	}
	if err := s.Update(ctx, func(tx *data.Tx) error { return tx.SaveDateFormat("ymd") }); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("SaveDateFormat(ymd) = %v, want EINVALID", err)
	}
	if err := s.Update(ctx, func(tx *data.Tx) error { return tx.SaveDateFormat(data.DateDMY) }); err != nil {
		t.Fatal(err)
	}
	if err := s.View(ctx, func(tx *data.Tx) (err error) { f, err = tx.DateFormat(); return }); err != nil || f != data.DateDMY {
		t.Errorf("DateFormat() after saving dmy = %q, %v", f, err)
	}
}
