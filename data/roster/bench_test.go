package roster

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReadOneRoster10k parses a district-sized roster: 10,000 students,
// 15,000 guardians linked from both sides, 400 teachers, homerooms,
// enrollments and birth dates.
func BenchmarkReadOneRoster10k(b *testing.B) {
	dir := b.TempDir()
	writeLargeRoster(b, dir, 10000, 15000, 400)
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r, ps, err := ReadOneRoster(dir)
		if err != nil || len(ps) > 0 {
			b.Fatalf("ReadOneRoster() = %d problems (first %v), %v", len(ps), ps[:min(1, len(ps))], err)
		}
		if len(r.Students) != 10000 || len(r.Guardians) != 15000 {
			b.Fatalf("read %d students and %d guardians, want 10000 and 15000", len(r.Students), len(r.Guardians))
		}
	}
}

func writeLargeRoster(tb testing.TB, dir string, students, guardians, teachers int) {
	tb.Helper()
	create := func(name string, write func(w *bufio.Writer)) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		w := bufio.NewWriter(f)
		write(w)
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		if err := f.Close(); err != nil {
			tb.Fatal(err)
		}
	}
	given := []string{"Zoë", "José", "An", "Σοφία", "Алексей", "太郎", "Aroha", "Oluwaseun", "Siobhán", "Amira", "Priya", "Łukasz"}
	family := []string{"Adams", "García", "Nguyễn", "Παπαδοπούλου", "Смирнов", "山田", "Ngata", "Adeyemi", "O'Brien", "Haddad", "Patel", "Kowalski"}
	homerooms := students / 25

	create("manifest.csv", func(w *bufio.Writer) {
		w.WriteString("propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\n")
		for _, f := range []string{"academicSessions", "classes", "demographics", "enrollments", "orgs", "users"} {
			fmt.Fprintf(w, "file.%s,bulk\n", f)
		}
	})
	create("orgs.csv", func(w *bufio.Writer) {
		w.WriteString("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n")
		w.WriteString("d1,,,Big District,district,BD,\ns1,,,Big School,school,BS,d1\n")
	})
	create("academicSessions.csv", func(w *bufio.Writer) {
		w.WriteString("sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n")
		w.WriteString("y,,,2025–26,schoolYear,2025-09-01,2026-07-17,,2026\n")
		w.WriteString("t1,,,Autumn,term,2025-09-01,2025-12-19,y,2026\nt2,,,Spring,term,2026-01-05,2026-03-27,y,2026\nt3,,,Summer,term,2026-04-13,2026-07-17,y,2026\n")
	})
	create("users.csv", func(w *bufio.Writer) {
		w.WriteString("sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n")
		for i := 0; i < students; i++ {
			// Guardians 3k and 3k+1 share students i = 2k and 2k+1 in turn.
			g1, g2 := i*guardians/students, (i*guardians/students+1)%guardians
			fmt.Fprintf(w, "s%d,,,true,s1,student,stu%d,,%s,%s,,%d,stu%d@school.example,,,\"g%d,g%d\",%02d,\n",
				i, i, given[i%len(given)], family[i%len(family)], 100000+i, i, g1, g2, 7+i%5)
		}
		for i := 0; i < guardians; i++ {
			fmt.Fprintf(w, "g%d,,,true,s1,parent,,,%s,%s,,,g%d@example.org,,0770090%04d,s%d,,\n",
				i, given[(i+3)%len(given)], family[i%len(family)], i, i%10000, i*students/guardians)
		}
		for i := 0; i < teachers; i++ {
			fmt.Fprintf(w, "t%d,,,true,s1,teacher,t%d,,Teacher,Number %d,,T%d,t%d@school.example,,,,,\n", i, i, i, i, i)
		}
	})
	create("classes.csv", func(w *bufio.Writer) {
		w.WriteString("sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n")
		for i := 0; i < homerooms; i++ {
			fmt.Fprintf(w, "c%d,,,Form %d,,hr,F%d,homeroom,,s1,\"t1,t2,t3\",,,\n", i, i, i)
		}
	})
	create("enrollments.csv", func(w *bufio.Writer) {
		w.WriteString("sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n")
		for i := 0; i < students; i++ {
			fmt.Fprintf(w, "e%d,,,c%d,s1,s%d,student,false,2025-09-01,\n", i, i%homerooms, i)
		}
		for i := 0; i < teachers; i++ {
			fmt.Fprintf(w, "et%d,,,c%d,s1,t%d,teacher,true,2025-09-01,\n", i, i%homerooms, i)
		}
	})
	create("demographics.csv", func(w *bufio.Writer) {
		w.WriteString("sourcedId,status,dateLastModified,birthDate,sex\n")
		for i := 0; i < students; i++ {
			fmt.Fprintf(w, "s%d,,,%d-%02d-%02d,other\n", i, 2010+i%5, 1+i%12, 1+i%28)
		}
	})
}
