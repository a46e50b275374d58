package roster

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"mentorbook/data"
)

// BenchmarkImportOneRoster10k imports a district-sized roster (10,000
// students, 15,000 guardians, 400 teachers) into a fresh database: reading,
// the automatic backup, and every record written through the store's own
// validation, in one transaction.
func BenchmarkImportOneRoster10k(b *testing.B) {
	dir := b.TempDir()
	writeLargeRoster(b, dir, 10000, 15000, 400)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := data.Open(filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		s.Now = func() time.Time { return testNow }
		b.StartTimer()
		res, err := ImportOneRoster(ctx, s, dir, Options{})
		if err != nil {
			b.Fatalf("ImportOneRoster() error = %v", err)
		}
		b.StopTimer()
		if res.Students.Added != 10000 || res.Guardians.Added != 15000 {
			b.Fatalf("ImportOneRoster() = %+v, want 10000 students and 15000 guardians added", res)
		}
		s.Close()
		b.StartTimer()
	}
}
