package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// loginsCard is the Settings screen's card of a shared PostgreSQL
// database's logins, for a coordinator: what `mentorbook user add|list|
// remove` do, and whether mentors see their mentees' guardians' contact
// details. The server decides what each login may do (docs/POSTGRES.md,
// "Roles"); a password is never asked for here.
type loginsCard struct {
	u      *ui
	users  []data.User
	table  *table
	chosen int // the row selected, or -1
	add    *widget.Button
	remove *widget.Button
	// password sets the chosen login's password (data.SetPassword).
	password *widget.Button
	status   *widget.Label
	// contacts is the mentor_guardian_contacts settings row; quiet is set
	// while the program sets it, so that only a click saves.
	contacts *widget.Check
	quiet    bool
	adding   *addLogin // the last Add login dialog
	// passwordDialog is the last Set password dialog.
	passwordDialog *passphraseDialog
}

// onServer reports whether the window's database is a shared PostgreSQL
// one, where logins exist.
func (u *ui) onServer() bool { return data.IsPostgres(u.store.Path()) }

func newLoginsCard(u *ui) *loginsCard {
	c := &loginsCard{u: u, chosen: -1}
	c.table = newTable([]string{"Login", "Role", "Mentor"}, []float32{1.4, 1, 2}, func() int { return len(c.users) }, c.cells)
	c.table.onSelected = func(i int) { c.chosen = i; setEnabled(true, c.remove, c.password) }
	c.add = &widget.Button{Text: "Add login…", Icon: theme.ContentAddIcon(), OnTapped: c.onAdd}
	c.remove = &widget.Button{Text: "Remove…", Icon: theme.ContentRemoveIcon(), OnTapped: c.onRemove}
	c.password = &widget.Button{Text: "Set password…", Icon: theme.AccountIcon(), OnTapped: c.onPassword}
	setEnabled(false, c.remove, c.password)
	c.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	c.status.Hide() // until there is something to say
	c.contacts = widget.NewCheck("Mentors see guardians' contact details", c.onContacts)
	return c
}

func (c *loginsCard) buildUI() fyne.CanvasObject {
	note := &widget.Label{Wrapping: fyne.TextWrapWord, Text: "A mentor's login sees only their own mentees; " +
		"without this, not their guardians' email, phone or address."}
	return widget.NewCard("Logins", "Who may connect to this shared database, and as what; the server enforces it",
		container.NewBorder(nil, container.NewVBox(container.NewHBox(c.add, c.password, c.remove), c.status, widget.NewSeparator(), c.contacts, note),
			nil, nil, container.NewGridWrap(fyne.NewSize(520, 180), c.table.object())))
}

func (c *loginsCard) cells(i int) []string {
	u := c.users[i]
	mentor := ""
	if u.MentorName != "" {
		mentor = u.MentorName + " <" + u.MentorEmail + ">"
	}
	return []string{u.Login, u.Role, mentor}
}

// refresh reads the logins and the contacts setting.
func (c *loginsCard) refresh() {
	var users []data.User
	var contacts bool
	c.u.background(func() error {
		var err error
		if users, err = data.Users(context.Background(), c.u.store.Path()); err != nil {
			return err
		}
		return c.u.store.View(context.Background(), func(tx *data.Tx) (err error) {
			contacts, err = tx.MentorGuardianContacts()
			return err
		})
	}, func(err error) {
		if err != nil {
			c.u.showError("The logins could not be read", err)
			return
		}
		c.users, c.chosen = users, -1
		setEnabled(false, c.remove, c.password)
		c.table.refresh()
		c.quiet = true
		c.contacts.SetChecked(contacts)
		c.quiet = false
	})
}

func (c *loginsCard) onContacts(yes bool) {
	if c.quiet {
		return
	}
	c.u.update(func(tx *data.Tx) error { return tx.SaveMentorGuardianContacts(yes) }, func(err error) {
		if err != nil {
			c.u.showError("The setting was not saved", err)
			c.quiet = true
			c.contacts.SetChecked(!yes)
			c.quiet = false
		}
	})
}

// onAdd asks for the login's name, its role and, for a mentor's login,
// which mentor it is; then shows how to set its password.
func (c *loginsCard) onAdd() {
	var mentors []data.MentorRow
	c.u.view(func(tx *data.Tx) (err error) { mentors, err = tx.Mentors(""); return }, func(err error) {
		if err != nil {
			c.u.showError("The mentors could not be read", err)
			return
		}
		c.showAdd(mentors)
	})
}

// addLogin is the Add login dialog.
type addLogin struct {
	c      *loginsCard
	login  *entry
	role   *widget.Select
	mentor *picker
	emails map[int64]string // the mentors' emails, which data.AddUser finds them by
	// noEmail says how many mentors are left out of the picker for want
	// of an email.
	noEmail *widget.Label
	errs    *fieldErrors
	save    *widget.Button
	dialog  *dialog.CustomDialog
}

func (c *loginsCard) showAdd(mentors []data.MentorRow) {
	a := &addLogin{c: c, login: newEntry("e.g. j.smith"), role: newSelect(data.Roles, data.RoleMentor),
		mentor: newPicker(c.u, "mentor", "Type the mentor's name or email"), emails: map[int64]string{}}
	// A mentor's login finds its mentor by email (data.AddUser): one
	// without an email is not offered, and the dialog says why.
	var items []pickItem
	noEmail := 0
	for _, m := range mentors {
		if strings.TrimSpace(m.Email) == "" {
			noEmail++
			continue
		}
		items = append(items, mentorItem(m))
		a.emails[m.ID] = m.Email
	}
	a.mentor.setItems(items)
	a.noEmail = &widget.Label{Wrapping: fyne.TextWrapWord,
		Text: countOf(noEmail, "mentor") + " without an email cannot have a login yet: give them one on the Mentors screen."}
	if noEmail == 0 {
		a.noEmail.Hide()
	}
	mentorRow := widget.NewFormItem("Mentor", container.NewVBox(a.mentor.buildUI(), a.noEmail))
	form := formOf(widget.NewFormItem("Login", a.login), widget.NewFormItem("Role", a.role), mentorRow)
	a.role.OnChanged = func(r string) {
		if r == data.RoleMentor {
			mentorRow.Widget.Show()
		} else {
			mentorRow.Widget.Hide()
		}
		form.Refresh()
	}
	a.errs = newFieldErrors(map[string]*entry{"login": a.login, "mentor": &a.mentor.search.entry})
	content := container.NewVBox(form, a.errs.status)
	a.save = &widget.Button{Text: "Add login", Importance: widget.HighImportance, OnTapped: a.onSave}
	cancel := &widget.Button{Text: "Cancel", OnTapped: func() { a.dialog.Hide() }}
	a.login.OnSubmitted = func(string) { a.onSave() }
	// Room for the picker's five matches and a two-line message under them.
	room := 5*(newRow(1).MinSize().Height+theme.Padding()) + 80
	a.dialog = dialog.NewCustomWithoutButtons("Add a login", container.NewGridWrap(fyne.NewSize(500, content.MinSize().Height+room), content), c.u.win)
	a.dialog.SetButtons([]fyne.CanvasObject{cancel, a.save})
	c.adding = a
	c.u.showDialog(a.dialog)
	c.u.win.Canvas().Focus(a.login)
}

// onSave adds the login, on the server, as `mentorbook user add` does,
// with the owner's right to create roles (roles.sql lends it to
// coordinators); a refusal is told in the dialog.
func (a *addLogin) onSave() {
	if a.save.Disabled() {
		return // adding already: Enter pressed again
	}
	login, role, email := strings.TrimSpace(a.login.Text), a.role.Selected, ""
	if role == data.RoleMentor && a.mentor.chosen.ID != 0 {
		email = a.emails[a.mentor.chosen.ID] // none chosen: data.AddUser says a mentor's login needs one
	}
	a.save.Disable()
	var created bool
	c := a.c
	c.u.background(func() (err error) {
		created, err = data.AddUser(context.Background(), c.u.store.Path(), login, role, email)
		return err
	}, func(err error) {
		a.save.Enable()
		if err != nil {
			if !a.errs.show(err) {
				c.u.showError("The login was not added", err)
			}
			return
		}
		a.dialog.Hide()
		c.added(login, created)
		c.refresh()
	})
}

// added says what to do next: a new login has no password, and the
// program never sets one.
func (c *loginsCard) added(login string, created bool) {
	if !created {
		c.say("Login " + login + " added. It already existed on the server: its password, if any, is unchanged.")
		return
	}
	c.say("Login " + login + " added. It has no password yet: choose it above and press Set password…, " +
		"or the database's owner sets one in psql (\\password " + login + ").")
	c.askPassword(login)
}

// onPassword sets the chosen login's password.
func (c *loginsCard) onPassword() {
	if c.chosen >= 0 && c.chosen < len(c.users) {
		c.askPassword(c.users[c.chosen].Login)
	}
}

// askPassword asks for login's new password, typed twice, and sets it on
// the server as psql's \password would: only its SCRAM verifier leaves
// the program, and nothing of it is kept.
func (c *loginsCard) askPassword(login string) {
	note := fmt.Sprintf("At least %d characters. Give it to its teacher in person; they use it with the login %s. "+
		"Mentorbook sends the server only what PostgreSQL keeps of a password, as psql's \\password does, and keeps nothing.", data.MinPassphrase, login)
	c.passwordDialog = c.u.askNewSecret("Set "+login+"'s password", "Password", note, func(password string) {
		c.u.background(func() error {
			return data.SetPassword(context.Background(), c.u.store.Path(), login, password)
		}, func(err error) {
			if err != nil {
				c.u.showError(login+"'s password was not set", err)
				return
			}
			c.say("Password set for " + login + ".")
		})
	})
}

func (c *loginsCard) onRemove() {
	if c.chosen < 0 || c.chosen >= len(c.users) {
		return
	}
	login := c.users[c.chosen].Login
	c.u.showDialog(dialog.NewConfirm("Remove the login "+login+"?",
		login+" will no longer be able to connect to this database. Its records stay.", func(ok bool) {
			if !ok {
				return
			}
			var kept bool
			c.u.background(func() (err error) {
				kept, err = data.RemoveUser(context.Background(), c.u.store.Path(), login)
				return err
			}, func(err error) {
				if err != nil {
					c.u.showError("The login was not removed", err)
					return
				}
				msg := "Login " + login + " removed; it can no longer connect to this database."
				if kept {
					msg += " The login itself stays on the server: another database there still grants it access."
				}
				c.say(msg)
				c.refresh()
			})
		}, c.u.win))
}

// say shows what the last change did, under the buttons.
func (c *loginsCard) say(msg string) {
	c.status.SetText(msg)
	c.status.Show()
}
