package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// guardiansTab lists a student's guardians: add, edit, unlink.
type guardiansTab struct {
	u        *ui
	detail   *studentDetail
	table    *table
	selected int
	actions  []*widget.Button
	form     *formDialog   // the add or edit form last shown
	withheld *widget.Label // says why a mentor sees no contact details
}

func newGuardiansTab(u *ui, d *studentDetail) *guardiansTab {
	return &guardiansTab{u: u, detail: d, selected: -1}
}

func (g *guardiansTab) buildUI() fyne.CanvasObject {
	g.table = newTable([]string{"Name", "Relationship", "Email", "Phone", "Language"}, []float32{2, 1.2, 2.2, 1.4, 1},
		func() int { return len(g.detail.rec.guardians) }, g.cells)
	g.table.onSelected = g.onSelected
	add := &widget.Button{Text: "Add guardian…", Icon: theme.ContentAddIcon(), OnTapped: g.onAdd}
	edit := &widget.Button{Text: "Edit…", OnTapped: g.onEdit}
	unlink := &widget.Button{Text: "Unlink…", Icon: theme.ContentRemoveIcon(), OnTapped: g.onUnlink}
	g.actions = []*widget.Button{edit, unlink}
	hideUnless(g.u.isCoordinator(), add, edit, unlink)
	setEnabled(false, g.actions...)
	g.withheld = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance,
		Text: "The school does not share guardians' email, phone or address with mentors: the programme coordinator has them."}
	g.withheld.Hide()
	return container.NewBorder(g.withheld, buttonRow(add, edit, unlink), nil, nil, g.table.object())
}

func (g *guardiansTab) cells(i int) []string {
	x := g.detail.rec.guardians[i]
	return []string{x.Name, x.Relationship, x.Email, x.Phone, x.Language}
}

func (g *guardiansTab) refresh() {
	if g.detail.rec.contactsWithheld {
		g.withheld.Show()
	} else {
		g.withheld.Hide()
	}
	g.selected = -1
	setEnabled(false, g.actions...)
	g.table.refresh()
}

func (g *guardiansTab) onSelected(i int) {
	g.selected = i
	setEnabled(true, g.actions...)
}

func (g *guardiansTab) current() *data.StudentGuardian {
	if g.selected < 0 || g.selected >= len(g.detail.rec.guardians) {
		return nil
	}
	return &g.detail.rec.guardians[g.selected]
}

func (g *guardiansTab) onAdd() {
	if g.detail.id != 0 {
		g.showForm(&data.StudentGuardian{})
	}
}

func (g *guardiansTab) onEdit() {
	if x := g.current(); x != nil {
		g.showForm(x)
	}
}

// showForm adds a guardian (ID zero) or edits one, with the relationship
// to this student; a guardian shared by siblings is edited for all of them.
func (g *guardiansTab) showForm(x *data.StudentGuardian) {
	name, rel, email, phone, lang := newEntry(""), newEntry("mother, father, carer…"), newEntry(""), newEntry(""), newEntry("")
	address := newNoteEntry("for letters: one line per line of the envelope")
	address.SetText(x.Address)
	name.SetText(x.Name)
	rel.SetText(x.Relationship)
	email.SetText(x.Email)
	phone.SetText(x.Phone)
	lang.SetText(x.Language)
	form := formOf(widget.NewFormItem("Name", name), widget.NewFormItem("Relationship", rel),
		widget.NewFormItem("Email", email), widget.NewFormItem("Phone", phone), widget.NewFormItem("Postal address", address),
		widget.NewFormItem("Preferred language", lang))
	studentID := g.detail.id
	submit := func() (func(*data.Tx) error, error) {
		gd := x.Guardian
		gd.Name, gd.Email = strings.TrimSpace(name.Text), strings.TrimSpace(email.Text)
		gd.Phone, gd.Language = strings.TrimSpace(phone.Text), strings.TrimSpace(lang.Text)
		gd.Address = strings.TrimSpace(address.Text)
		relationship := strings.TrimSpace(rel.Text)
		return func(tx *data.Tx) error {
			save := tx.UpdateGuardian
			if gd.ID == 0 {
				save = tx.CreateGuardian
			}
			if err := save(&gd); err != nil {
				return err
			}
			return tx.LinkGuardian(studentID, gd.ID, relationship)
		}, nil
	}
	title, button := "Edit guardian", "Save"
	if x.ID == 0 {
		title, button = "Add a guardian", "Add"
	}
	g.form = g.u.showForm(title, button, form,
		map[string]*entry{"name": name, "relationship": rel, "email": email, "phone": phone, "language": lang, "address": address},
		submit, nil)
	if x.ID != 0 {
		id := x.ID
		g.form.reload = func() { g.reloadForm(studentID, id) }
	}
}

// reloadForm opens the guardian form again with the guardian as now
// saved, after a save refused because someone else saved them meanwhile,
// and shows that change in the student's detail.
func (g *guardiansTab) reloadForm(studentID, id int64) {
	var gs []data.StudentGuardian
	g.u.view(func(tx *data.Tx) (err error) {
		gs, err = tx.GuardiansOf(studentID)
		return
	}, func(err error) {
		if err != nil {
			g.u.showError("The guardian could not be read", err)
			return
		}
		g.detail.reload()
		for i := range gs {
			if gs[i].ID == id && g.detail.id == studentID {
				g.showForm(&gs[i])
				return
			}
		}
		g.u.showError("The guardian could not be read", data.Errorf(data.ENOTFOUND, "That guardian is no longer linked to this student."))
	})
}

// onUnlink removes the guardian from this student after asking; the
// guardian's record stays for siblings and for the consents they signed.
func (g *guardiansTab) onUnlink() {
	if x := g.current(); x != nil {
		g.u.showDialog(dialog.NewConfirm("Unlink guardian?", leftToRight(x.Name+" will no longer be listed as this student's guardian."),
			g.onUnlinkConfirmed, g.u.win))
	}
}

func (g *guardiansTab) onUnlinkConfirmed(ok bool) {
	x := g.current()
	if !ok || x == nil {
		return
	}
	studentID, guardianID := g.detail.id, x.ID
	g.u.update(func(tx *data.Tx) error { return tx.UnlinkGuardian(studentID, guardianID) }, g.onUnlinked)
}

func (g *guardiansTab) onUnlinked(err error) {
	if err != nil {
		g.u.showError("The guardian could not be unlinked", err)
	}
}
