package cli

import (
	"context"
	"flag"
	"fmt"

	"mentorbook/data"
)

// runUser is `mentorbook --db postgres://… user add|list|remove`: the
// logins of a shared PostgreSQL database and their roles, which the server
// enforces (docs/POSTGRES.md, "Roles"). Run by the database's owner or a
// coordinator. A
// password is never asked for, printed or written: PostgreSQL's own means
// set it.
func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageErr("user needs the subcommand add, list or remove")
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	role := fs.String("role", "", "coordinator, mentor or reader")
	mentor := fs.String("mentor", "", "for a mentor's login: the mentor's email")
	pos, err := flags(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case args[0] == "add" && len(pos) == 1:
		return userAdd(ctx, e, pos[0], *role, *mentor)
	case args[0] == "list" && len(pos) == 0 && *role == "" && *mentor == "":
		return userList(ctx, e)
	case args[0] == "remove" && len(pos) == 1 && *role == "" && *mentor == "":
		return userRemove(ctx, e, pos[0])
	}
	return usageErr("user add LOGIN --role ROLE [--mentor EMAIL], user list or user remove LOGIN")
}

func userAdd(ctx context.Context, e *env, login, role, mentor string) error {
	created, err := data.AddUser(ctx, e.dbPath, login, role, mentor)
	if data.ErrorField(err) == "mentor" && mentor == "" && role == data.RoleMentor {
		return usageErr("%s (--mentor EMAIL)", data.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database: %s\n", data.HidePassword(e.dbPath))
	if mentor != "" {
		fmt.Fprintf(e.stdout, "login %s: %s (%s), may connect to this database\n", login, role, mentor)
	} else {
		fmt.Fprintf(e.stdout, "login %s: %s, may connect to this database\n", login, role)
	}
	if !created {
		fmt.Fprintf(e.stdout, "the login already existed on the server: its password, if any, is unchanged\n")
		return nil
	}
	fmt.Fprint(e.stdout, data.PasswordStep(login))
	return nil
}

func userList(ctx context.Context, e *env) error {
	users, err := data.Users(ctx, e.dbPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database: %s\n", data.HidePassword(e.dbPath))
	if len(users) == 0 {
		fmt.Fprintf(e.stdout, "no logins yet (mentorbook user add LOGIN --role ROLE)\n")
	}
	for _, u := range users {
		if u.Role == "mentor" {
			fmt.Fprintf(e.stdout, "%s\t%s\t%s <%s>\n", u.Login, u.Role, u.MentorName, u.MentorEmail)
		} else {
			fmt.Fprintf(e.stdout, "%s\t%s\n", u.Login, u.Role)
		}
	}
	return nil
}

func userRemove(ctx context.Context, e *env, login string) error {
	kept, err := data.RemoveUser(ctx, e.dbPath, login)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database: %s\nlogin %s: removed; it can no longer connect to this database\n", data.HidePassword(e.dbPath), login)
	if kept {
		fmt.Fprintf(e.stdout, "the login itself stays on the server: another database there still grants it access\n")
	}
	return nil
}
