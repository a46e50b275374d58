package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// goalsTab lists a student's goals with their latest progress: add, edit,
// record progress, mark achieved or dropped.
type goalsTab struct {
	u        *ui
	detail   *studentDetail
	table    *table
	selected int
	actions  []*widget.Button
}

func newGoalsTab(u *ui, d *studentDetail) *goalsTab { return &goalsTab{u: u, detail: d, selected: -1} }

func (g *goalsTab) buildUI() fyne.CanvasObject {
	g.table = newTable([]string{"Goal (area)", "Target", "Status", "Latest"}, []float32{2.9, 1.2, 1.1, 0.8},
		func() int { return len(g.detail.rec.goals) }, g.cells)
	g.table.onSelected = g.onSelected
	add := &widget.Button{Text: "Add goal…", Icon: theme.ContentAddIcon(), OnTapped: g.onAdd}
	edit := &widget.Button{Text: "Edit…", OnTapped: g.onEdit}
	progress := &widget.Button{Text: "Record progress…", OnTapped: g.onProgress}
	achieved := &widget.Button{Text: "Mark achieved", Icon: theme.ConfirmIcon(), OnTapped: g.onAchieved}
	dropped := &widget.Button{Text: "Mark dropped", OnTapped: g.onDropped}
	g.actions = []*widget.Button{edit, progress, achieved, dropped}
	g.enable(false)
	return container.NewBorder(nil, buttonRow(add, edit, progress, achieved, dropped), nil, nil, g.table.object())
}

func (g *goalsTab) cells(i int) []string {
	x := g.detail.rec.goals[i]
	latest := "—"
	if n := len(x.progress); n > 0 {
		latest = progressScore(x.progress[n-1])
	}
	return []string{x.Title + " (" + x.Area + ")", x.Target.String(), x.Status, latest}
}

// progressScore is one progress entry's score: "4/5" or "80%".
func progressScore(p data.Progress) string {
	var parts []string
	if p.Rating > 0 {
		parts = append(parts, fmt.Sprintf("%d/5", p.Rating))
	}
	if p.Percent >= 0 {
		parts = append(parts, fmt.Sprintf("%d%%", p.Percent))
	}
	return strings.Join(parts, ", ")
}

func (g *goalsTab) refresh() {
	g.selected = -1
	g.enable(false)
	g.table.refresh()
}

func (g *goalsTab) enable(on bool) { setEnabled(on, g.actions...) }

func (g *goalsTab) onSelected(i int) {
	g.selected = i
	g.enable(true)
}

func (g *goalsTab) current() *data.Goal {
	if g.selected < 0 || g.selected >= len(g.detail.rec.goals) {
		return nil
	}
	goal := g.detail.rec.goals[g.selected].Goal
	return &goal
}

func (g *goalsTab) onAdd() {
	if g.detail.id != 0 {
		g.showGoalForm(&data.Goal{StudentID: g.detail.id, Area: data.GoalAreas[0], Status: data.GoalOpen})
	}
}

func (g *goalsTab) onEdit() {
	if goal := g.current(); goal != nil {
		g.showGoalForm(goal)
	}
}

// showGoalForm adds (ID zero) or edits a goal.
func (g *goalsTab) showGoalForm(goal *data.Goal) {
	title, desc, target := newEntry(""), newNoteEntry(""), newDateEntry()
	title.SetText(goal.Title)
	desc.SetText(goal.Description)
	setDate(target, goal.Target)
	area := newSelect(data.GoalAreas, goal.Area)
	status := newSelect(data.GoalStatuses, goal.Status)
	form := formOf(widget.NewFormItem("Goal", title), widget.NewFormItem("Description", desc),
		widget.NewFormItem("Area", area), widget.NewFormItem("Target date", target), widget.NewFormItem("Status", status))
	submit := func() (func(*data.Tx) error, error) {
		x := *goal
		x.Title, x.Description = strings.TrimSpace(title.Text), desc.Text
		x.Area, x.Status = area.Selected, status.Selected
		var err error
		if x.Target, err = target.date("Target date", "target"); err != nil {
			return nil, err
		}
		return func(tx *data.Tx) error {
			if x.ID == 0 {
				return tx.CreateGoal(&x)
			}
			return tx.UpdateGoal(&x)
		}, nil
	}
	name := "Edit goal"
	if goal.ID == 0 {
		name = "Add a goal"
	}
	g.u.showForm(name, "Save", form, map[string]*entry{"title": title, "description": desc, "target": target}, submit, g.detail.reload)
}

func (g *goalsTab) onProgress() {
	goal := g.current()
	if goal == nil {
		return
	}
	on, rating, percent, comment := newDateEntry(), newEntry("1 to 5"), newEntry("0 to 100, optional"), newNoteEntry("")
	on.SetText(data.DateOf(g.u.store.Now()).String())
	confidential := widget.NewCheck("Confidential (never printed)", nil)
	form := formOf(widget.NewFormItem("Goal", widget.NewLabel(goal.Title)), widget.NewFormItem("Date", on),
		widget.NewFormItem("Rating", rating), widget.NewFormItem("Percentage", percent),
		widget.NewFormItem("Comment", container.NewVBox(comment, confidential)))
	submit := func() (func(*data.Tx) error, error) {
		p := &data.Progress{GoalID: goal.ID, Comment: comment.Text, Confidential: confidential.Checked, Percent: -1}
		var err error
		if p.On, err = on.date("Date", "on"); err != nil {
			return nil, err
		}
		if p.Rating, err = rating.number("Rating", "rating"); err != nil {
			return nil, err
		}
		if strings.TrimSpace(percent.Text) != "" {
			if p.Percent, err = percent.number("Percentage", "percent"); err != nil {
				return nil, err
			}
		}
		return func(tx *data.Tx) error { return tx.AddProgress(p) }, nil
	}
	g.u.showForm("Record progress", "Save", form,
		map[string]*entry{"on": on, "rating": rating, "percent": percent, "comment": comment}, submit, g.detail.reload)
}

func (g *goalsTab) onAchieved() { g.setStatus(data.GoalAchieved) }
func (g *goalsTab) onDropped()  { g.setStatus(data.GoalDropped) }

func (g *goalsTab) setStatus(status string) {
	goal := g.current()
	if goal == nil {
		return
	}
	goal.Status = status
	g.u.update(func(tx *data.Tx) error { return tx.UpdateGoal(goal) }, func(err error) {
		if err != nil {
			g.u.showError("The goal was not changed", err)
			return
		}
		g.detail.reload()
	})
}
