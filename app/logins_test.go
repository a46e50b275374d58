package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"mentorbook/data"
	"mentorbook/data/pgtest"
)

// isOpen reports whether d is one of the window's open dialogs.
func isOpen(u *ui, d dialog.Dialog) bool { return slices.Contains(u.dialogs, d) }

// loginsOf lists the logins of users.
func loginsOf(users []data.User) []string {
	var out []string
	for _, u := range users {
		out = append(out, u.Login)
	}
	return out
}

// TestLoginsCard: on a PostgreSQL database the owner's Settings screen
// lists the logins; Add login… makes a mentor's login for a mentor chosen
// in the picker, which the card and data.Users then list, and asks for its
// password at once; Remove… takes it away again;
// the guardians' contacts switch writes its settings row.
func TestLoginsCard(t *testing.T) {
	rs := newRoleSchool(t, 20)
	owner, err := data.Open(rs.url)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	u, _ := newTestUI(t, owner, screenSettings)
	c := u.settings.logins
	if c == nil {
		t.Fatal("the Settings screen of a PostgreSQL database has no Logins card")
	}
	if got := loginsOf(c.users); !slices.Contains(got, rs.mentorLogin) || !slices.Contains(got, rs.readLogin) {
		t.Fatalf("the card lists %q, want %s and %s", got, rs.mentorLogin, rs.readLogin)
	}

	// A mentor without a login.
	var other data.MentorRow
	if err := owner.View(t.Context(), func(tx *data.Tx) error {
		mentors, err := tx.Mentors("")
		for _, m := range mentors {
			if m.ID != rs.mentor.ID && m.Email != "" {
				other = m
				break
			}
		}
		return err
	}); err != nil || other.ID == 0 {
		t.Fatalf("no second mentor with an email in the demo school (%v)", err)
	}
	// And one without an email, whom a login cannot find: not offered.
	var noEmail data.MentorRow
	if err := owner.Update(t.Context(), func(tx *data.Tx) error {
		mentors, err := tx.Mentors("")
		if err != nil {
			return err
		}
		for _, m := range mentors {
			if m.ID != rs.mentor.ID && m.ID != other.ID {
				noEmail = m
				break
			}
		}
		full, err := tx.Mentor(noEmail.ID)
		if err != nil {
			return err
		}
		full.Email = ""
		return tx.UpdateMentor(full)
	}); err != nil {
		t.Fatal(err)
	}
	login := lowerLogin("added_" + t.Name())
	c.onAdd()
	u.wait()
	a := c.adding
	if a == nil {
		t.Fatal("Add login… opened no dialog")
	}
	if slices.ContainsFunc(a.mentor.all, func(it pickItem) bool { return it.ID == noEmail.ID }) {
		t.Errorf("the picker offers %s, who has no email and would be refused", noEmail.Name)
	}
	if !a.noEmail.Visible() || !strings.Contains(a.noEmail.Text, "1 mentor without an email") {
		t.Errorf("the dialog says %q (shown %v), want why a mentor is not offered", a.noEmail.Text, a.noEmail.Visible())
	}
	a.login.SetText(login)
	a.role.SetSelected(data.RoleMentor)
	a.onSave() // no mentor chosen yet
	u.wait()
	if !isOpen(u, a.dialog) || !strings.Contains(a.errs.status.Text, "mentor") || strings.Contains(a.errs.status.Text, "--") {
		t.Errorf("adding a mentor's login without a mentor: dialog shown %v, status %q; want the refusal without the command's flag",
			isOpen(u, a.dialog), a.errs.status.Text)
	}
	a.mentor.choose(mentorItem(other))
	a.onSave()
	u.wait()
	if isOpen(u, a.dialog) {
		t.Fatalf("the dialog stayed open: %q", a.errs.status.Text)
	}
	if p := c.passwordDialog; p == nil || !isOpen(u, p.dialog) || !strings.Contains(c.status.Text, "Set password…") {
		t.Errorf("after adding, the card says %q and the password is not asked for", c.status.Text)
	} else {
		p.dialog.Hide() // Cancel: it stays without one
	}
	i := slices.Index(loginsOf(c.users), login)
	if i < 0 {
		t.Fatalf("the card lists %q, without the added %s", loginsOf(c.users), login)
	}
	if got := c.cells(i); got[1] != data.RoleMentor || !strings.Contains(got[2], other.Email) {
		t.Errorf("the added login's row is %q, want a mentor's, %s", got, other.Email)
	}
	users, err := data.Users(t.Context(), rs.url)
	if err != nil {
		t.Fatal(err)
	}
	if j := slices.Index(loginsOf(users), login); j < 0 || users[j].Role != data.RoleMentor || users[j].MentorEmail != other.Email {
		t.Errorf("data.Users has %+v, want %s as %s's mentor login", users, login, other.Email)
	}

	// Remove it.
	c.table.onSelected(i)
	n := len(u.dialogs)
	c.onRemove()
	if len(u.dialogs) != n+1 {
		t.Fatal("Remove… asked nothing")
	}
	u.dialogs[len(u.dialogs)-1].(interface{ Confirm() }).Confirm()
	u.wait()
	if slices.Contains(loginsOf(c.users), login) {
		t.Errorf("the card still lists %s after removing it", login)
	}
	if users, err = data.Users(t.Context(), rs.url); err != nil || slices.Contains(loginsOf(users), login) {
		t.Errorf("data.Users after removing %s: %q, %v", login, loginsOf(users), err)
	}

	// The switch.
	for _, yes := range []bool{true, false} {
		c.contacts.SetChecked(yes)
		u.wait()
		var got bool
		if err := owner.View(t.Context(), func(tx *data.Tx) (err error) { got, err = tx.MentorGuardianContacts(); return }); err != nil {
			t.Fatal(err)
		}
		if got != yes {
			t.Errorf("the switch set to %v left the setting %v", yes, got)
		}
	}
}

// TestLoginsCardCoordinator: a coordinator's login, which may not create
// roles itself, adds a login from its Settings screen with the owner's
// right (roles.sql's mentorbook_add_login) and sets its password, typed
// twice (data.SetPassword; TestSetPassword logs in with one);
// a login the rules would not bind is refused in plain words; the guardians' contacts switch is its to set.
func TestLoginsCardCoordinator(t *testing.T) {
	rs := newRoleSchool(t, 10)
	coord := lowerLogin("coord_" + t.Name())
	if _, err := data.AddUser(t.Context(), rs.url, coord, data.RoleCoordinator, ""); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, rs.open(t, coord), screenSettings)
	c := u.settings.logins
	add := func(login string) *addLogin {
		c.onAdd()
		u.wait()
		a := c.adding
		a.login.SetText(login)
		a.role.SetSelected(data.RoleReader)
		a.onSave()
		u.wait()
		return a
	}
	a := add(pgtest.Superuser)
	if !isOpen(u, a.dialog) || !strings.Contains(a.errs.status.Text, "is a superuser") {
		t.Errorf("a coordinator adding the superuser: dialog shown %v, told %q; want it refused in plain words", isOpen(u, a.dialog), a.errs.status.Text)
	}
	a.dialog.Hide()
	login := lowerLogin("head_" + t.Name())
	a = add(login)
	if isOpen(u, a.dialog) {
		t.Fatalf("a coordinator adding a reader's login: the dialog stayed open, told %q", a.errs.status.Text)
	}
	if !slices.Contains(loginsOf(c.users), login) {
		t.Errorf("the card lists %q, without the added %s", loginsOf(c.users), login)
	}
	// Its password, asked for at once: typed twice the same, at least
	// data.MinPassphrase long, then set on the server.
	p := c.passwordDialog
	if p == nil || !isOpen(u, p.dialog) {
		t.Fatal("after adding a login, its password is not asked for")
	}
	p.pass.SetText("long enough one")
	p.again.SetText("long enough two")
	p.onOK()
	if !isOpen(u, p.dialog) || !strings.Contains(p.status.Text, "not the same") {
		t.Errorf("two different passwords: dialog shown %v, told %q", isOpen(u, p.dialog), p.status.Text)
	}
	p.again.SetText("long enough one")
	p.again.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter, as a person would
	u.wait()
	if isOpen(u, p.dialog) || c.status.Text != "Password set for "+login+"." {
		t.Errorf("setting the password: dialog shown %v, the card says %q", isOpen(u, p.dialog), c.status.Text)
	}
	c.contacts.SetChecked(true)
	u.wait()
	if len(u.dialogs) > 1 {
		t.Errorf("a coordinator's login could not set the guardians' contacts switch (%d dialogs open)", len(u.dialogs))
	}
}

// TestLoginsCardFile: a database file's Settings screen has no Logins card.
func TestLoginsCardFile(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenSettings)
	if u.settings.logins != nil {
		t.Error("a database file's Settings screen has a Logins card")
	}
}
