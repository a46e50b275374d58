package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// BenchmarkWindow10k shows each screen of the 10,000-student demo school
// (about 300,000 meetings) and opens one student's detail: the screen is
// built once, then each iteration reads its records again and draws them
// (ui.show's refresh until every background read has been applied). The
// dashboard's figures are measured alone too: they no longer wait for the
// alerts.
func BenchmarkWindow10k(b *testing.B) {
	store := datatest.Demo(b, 10000, time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local))
	a := test.NewTempApp(b)
	a.Settings().SetTheme(newWindowTheme())
	u, _ := newTestUIOn(b, a, openPreferences(b.TempDir()), store, screenDashboard)
	b.Run("dashboard figures", func(b *testing.B) {
		for b.Loop() {
			var c *data.Counts
			u.view(func(tx *data.Tx) (err error) { c, err = tx.DashboardCounts(tx.Today()); return }, func(error) { u.dashboard.showFigures(c) })
			u.wait()
		}
	})
	for _, name := range screenOrder {
		b.Run(name, func(b *testing.B) {
			u.show(name)
			u.wait()
			for b.Loop() {
				u.screen(name).refresh()
				u.wait()
			}
		})
	}
	u.show(screenStudents)
	u.wait()
	ids := u.students.ids
	b.Run("student detail", func(b *testing.B) {
		i := 0
		for b.Loop() {
			u.students.detail.load(ids[i%len(ids)])
			u.wait()
			i += 997
		}
	})
}
