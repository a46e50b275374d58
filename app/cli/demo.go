package cli

import (
	"context"
	"flag"
	"fmt"

	"mentorbook/data"
	"mentorbook/data/demo"
)

// runDemo fills an empty database with the demo school.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	students := fs.Int("students", 200, "how many students")
	seed := fs.Int64("seed", 1, "the random seed; the same seed gives the same school")
	if pos, err := flags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("demo takes no arguments")
	}
	if *students < 1 || *students > 100000 {
		return usageErr("--students must be between 1 and 100000")
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := demo.Generate(ctx, s, demo.Options{Students: *students, Seed: *seed}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo school with %d students written to %s\n", *students, data.HidePassword(e.dbPath))
	return nil
}
