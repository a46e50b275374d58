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
// record progress, mark achieved or dropped. Below, the chosen goal's
// progress entries, each of which can be corrected.
type goalsTab struct {
	u        *ui
	detail   *studentDetail
	table    *table
	selected int
	actions  []*widget.Button

	history   *table // the chosen goal's progress entries, newest first
	entry     int    // the chosen entry, or -1
	editEntry *widget.Button
}

func newGoalsTab(u *ui, d *studentDetail) *goalsTab {
	return &goalsTab{u: u, detail: d, selected: -1, entry: -1}
}

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
	goals := container.NewBorder(nil, buttonRow(add, edit, progress, achieved, dropped), nil, nil, g.table.object())

	g.history = newTable([]string{"Progress on", "Score", "Comment"}, []float32{1, 0.8, 3}, g.historyLength, g.historyCells)
	g.history.onSelected = g.onEntrySelected
	g.editEntry = &widget.Button{Text: "Correct entry…", OnTapped: g.onEditEntry}
	g.editEntry.Disable()
	// A mentor records and corrects progress; only a coordinator sets goals.
	hideUnless(g.u.isCoordinator(), add, edit, achieved, dropped)
	hideUnless(g.u.isCoordinator() || g.u.store.Role() == data.RoleMentor, progress, g.editEntry)
	history := container.NewBorder(nil, buttonRow(g.editEntry), nil, nil, g.history.object())
	split := container.NewVSplit(goals, history)
	split.Offset = 0.6
	return split
}

// progress is the chosen goal's entries, oldest first as the store gives
// them; nil when no goal is chosen.
func (g *goalsTab) progress() []data.Progress {
	if g.selected < 0 || g.selected >= len(g.detail.rec.goals) {
		return nil
	}
	return g.detail.rec.goals[g.selected].progress
}

func (g *goalsTab) historyLength() int { return len(g.progress()) }

// historyEntry is row i of the history list, which shows the newest first.
func (g *goalsTab) historyEntry(i int) data.Progress {
	ps := g.progress()
	return ps[len(ps)-1-i]
}

func (g *goalsTab) historyCells(i int) []string {
	p := g.historyEntry(i)
	comment := p.Comment
	if p.Confidential && comment != "" {
		comment = "(confidential) " + comment
	}
	return []string{g.u.day(p.On), progressScore(p), comment}
}

// onEntrySelected offers Correct entry… for an entry this login may
// correct: a mentor reads some it may not (another mentor's, or one whose
// confidential comment it cannot read).
func (g *goalsTab) onEntrySelected(i int) {
	g.entry = i
	if g.detail.rec.goals[g.selected].mayCorrect[g.historyEntry(i).ID] {
		g.editEntry.Enable()
	} else {
		g.editEntry.Disable()
	}
}

func (g *goalsTab) onEditEntry() {
	if g.entry < 0 || g.entry >= g.historyLength() {
		return
	}
	if goal := g.current(); goal != nil {
		p := g.historyEntry(g.entry)
		g.showProgressForm(goal, &p)
	}
}

func (g *goalsTab) cells(i int) []string {
	x := g.detail.rec.goals[i]
	latest := "—"
	if n := len(x.progress); n > 0 {
		latest = progressScore(x.progress[n-1])
	}
	return []string{x.Title + " (" + x.Area + ")", g.u.day(x.Target), x.Status, latest}
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

// refresh redraws the tab after the student was loaded; a goal chosen
// before stays chosen, so that a corrected entry is seen at once.
func (g *goalsTab) refresh() {
	var keep int64
	if goal := g.current(); goal != nil {
		keep = goal.ID
	}
	g.selected = -1
	g.enable(false)
	g.table.refresh()
	for i, x := range g.detail.rec.goals {
		if x.ID == keep {
			g.table.list.Select(i)
		}
	}
	g.showHistory()
}

func (g *goalsTab) showHistory() {
	g.entry = -1
	g.editEntry.Disable()
	g.history.refresh()
}

func (g *goalsTab) enable(on bool) { setEnabled(on, g.actions...) }

func (g *goalsTab) onSelected(i int) {
	g.selected = i
	g.enable(true)
	g.showHistory()
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
	title, desc, target := newEntry(""), newNoteEntry(""), g.u.newDateEntry()
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
	if goal := g.current(); goal != nil {
		g.showProgressForm(goal, &data.Progress{GoalID: goal.ID, On: data.DateOf(g.u.store.Now()), Percent: -1})
	}
}

// showProgressForm records (ID zero) or corrects a progress entry.
func (g *goalsTab) showProgressForm(goal *data.Goal, p *data.Progress) {
	on, rating, percent, comment := g.u.newDateEntry(), newEntry("1 to 5"), newEntry("0 to 100, optional"), newNoteEntry("")
	setDate(on, p.On)
	if p.Rating > 0 {
		rating.SetText(fmt.Sprint(p.Rating))
	}
	if p.Percent >= 0 {
		percent.SetText(fmt.Sprint(p.Percent))
	}
	comment.SetText(p.Comment)
	confidential := widget.NewCheck("Confidential (never printed)", nil)
	confidential.SetChecked(p.Confidential)
	form := formOf(widget.NewFormItem("Goal", widget.NewLabel(goal.Title)), widget.NewFormItem("Date", on),
		widget.NewFormItem("Rating", rating), widget.NewFormItem("Percentage", percent),
		widget.NewFormItem("Comment", container.NewVBox(comment, confidential)))
	submit := func() (func(*data.Tx) error, error) {
		x := *p
		x.Comment, x.Confidential, x.Percent = comment.Text, confidential.Checked, -1
		var err error
		if x.On, err = on.date("Date", "on"); err != nil {
			return nil, err
		}
		if x.Rating, err = rating.number("Rating", "rating"); err != nil {
			return nil, err
		}
		if strings.TrimSpace(percent.Text) != "" {
			if x.Percent, err = percent.number("Percentage", "percent"); err != nil {
				return nil, err
			}
		}
		return func(tx *data.Tx) error {
			if x.ID == 0 {
				return tx.AddProgress(&x)
			}
			return tx.UpdateProgress(&x)
		}, nil
	}
	name := "Correct a progress entry"
	if p.ID == 0 {
		name = "Record progress"
	}
	g.u.showForm(name, "Save", form,
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
