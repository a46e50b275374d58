package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// guardiansTab lists a student's guardians and adds new ones.
type guardiansTab struct {
	u      *ui
	detail *studentDetail
	table  *table
}

func newGuardiansTab(u *ui, d *studentDetail) *guardiansTab {
	return &guardiansTab{u: u, detail: d}
}

func (g *guardiansTab) buildUI() fyne.CanvasObject {
	g.table = newTable([]string{"Name", "Relationship", "Email", "Phone", "Language"}, []float32{2, 1.2, 2.2, 1.4, 1},
		func() int { return len(g.detail.rec.guardians) }, g.cells)
	add := &widget.Button{Text: "Add guardian…", Icon: theme.ContentAddIcon(), OnTapped: g.onAdd}
	return container.NewBorder(nil, container.NewHBox(add), nil, nil, g.table.object())
}

func (g *guardiansTab) cells(i int) []string {
	x := g.detail.rec.guardians[i]
	return []string{x.Name, x.Relationship, x.Email, x.Phone, x.Language}
}

func (g *guardiansTab) refresh() { g.table.refresh() }

func (g *guardiansTab) onAdd() {
	if g.detail.id == 0 {
		return
	}
	name, rel, email, phone, lang := newEntry(""), newEntry("mother, father, carer…"), newEntry(""), newEntry(""), newEntry("")
	form := formOf(widget.NewFormItem("Name", name), widget.NewFormItem("Relationship", rel),
		widget.NewFormItem("Email", email), widget.NewFormItem("Phone", phone), widget.NewFormItem("Preferred language", lang))
	studentID := g.detail.id
	submit := func() (func(*data.Tx) error, error) {
		gd := &data.Guardian{Name: strings.TrimSpace(name.Text), Email: strings.TrimSpace(email.Text),
			Phone: strings.TrimSpace(phone.Text), Language: strings.TrimSpace(lang.Text)}
		relationship := strings.TrimSpace(rel.Text)
		return func(tx *data.Tx) error {
			if err := tx.CreateGuardian(gd); err != nil {
				return err
			}
			return tx.LinkGuardian(studentID, gd.ID, relationship)
		}, nil
	}
	g.u.showForm("Add a guardian", "Add", form,
		map[string]*entry{"name": name, "relationship": rel, "email": email, "phone": phone, "language": lang},
		submit, g.detail.reload)
}
