package app

import (
	"fmt"
	"io"
	"net/url"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// consentsTab shows each kind of consent for one student: record an
// answer, attach the scanned form, open it again.
type consentsTab struct {
	u        *ui
	detail   *studentDetail
	table    *table
	selected int
	attach   *widget.Button
	open     *widget.Button
	record   *widget.Button
	form     *consentForm // the open form, for tests
}

// consentForm holds the fields of the consent dialog.
type consentForm struct {
	dialog                   *formDialog
	guardian, status, method *widget.Select
	requested, signed, until *entry
	notes                    *entry
}

func newConsentsTab(u *ui, d *studentDetail) *consentsTab {
	return &consentsTab{u: u, detail: d, selected: -1}
}

func (c *consentsTab) buildUI() fyne.CanvasObject {
	// The Files column only for a coordinator: a mentor or reader never
	// reads the documents, and "—" would say there were none.
	headers, widths := []string{"Kind", "Status", "Signed", "Valid until", "Files"}, []float32{1.6, 1.3, 1.2, 1.2, 0.6}
	if !c.u.isCoordinator() {
		headers, widths = headers[:4], widths[:4]
	}
	c.table = newTable(headers, widths, func() int { return len(data.ConsentKinds) }, c.cells)
	c.table.warn = c.warn
	c.table.onSelected = c.onSelected
	c.record = &widget.Button{Text: "Record consent…", Icon: theme.DocumentCreateIcon(), OnTapped: c.onRecord, Importance: widget.HighImportance}
	c.attach = &widget.Button{Text: "Attach scanned form…", Icon: theme.FileIcon(), OnTapped: c.onAttach}
	c.open = &widget.Button{Text: "Open document", Icon: theme.VisibilityIcon(), OnTapped: c.onOpen}
	// A mentor or reader reads consent status, never the documents.
	hideUnless(c.u.isCoordinator(), c.record, c.attach, c.open)
	hint := widget.NewLabel("Choose a kind of consent, then record the guardian's answer.")
	hint.TextStyle.Italic = true
	hint.Wrapping = fyne.TextWrapWord
	if !c.u.isCoordinator() {
		hint.Hide()
	}
	return container.NewBorder(nil, container.NewVBox(hint, buttonRow(c.record, c.attach, c.open)), nil, nil, c.table.object())
}

// consent returns the recorded consent of kind i, or a blank one.
func (c *consentsTab) consent(i int) data.Consent {
	kind := data.ConsentKinds[i]
	for _, x := range c.detail.rec.consents {
		if x.Kind == kind {
			return x
		}
	}
	return data.Consent{StudentID: c.detail.id, Kind: kind, Status: data.ConsentNotRequested}
}

func (c *consentsTab) cells(i int) []string {
	x := c.consent(i)
	status := x.Status
	if x.ID == 0 {
		status = "not recorded"
	}
	row := []string{x.Kind, status, c.u.day(x.SignedOn), c.u.day(x.ValidUntil)}
	if !c.u.isCoordinator() {
		return row
	}
	docs := "—"
	if x.Documents > 0 {
		docs = fmt.Sprint(x.Documents)
	}
	return append(row, docs)
}

// warn marks participation consent that is not in force in red.
func (c *consentsTab) warn(i int) int {
	x := c.consent(i)
	today := data.DateOf(c.u.store.Now())
	ok := x.Status == data.ConsentGranted && (x.ValidUntil.IsZero() || !x.ValidUntil.Before(today))
	if x.Kind == data.ConsentParticipation && !ok {
		return 1
	}
	return -1
}

func (c *consentsTab) refresh() {
	c.selected = -1
	c.table.refresh()
	c.attach.Disable()
	c.open.Disable()
}

func (c *consentsTab) onSelected(i int) {
	c.selected = i
	if c.consent(i).ID != 0 {
		c.attach.Enable()
	} else {
		c.attach.Disable()
	}
	if c.consent(i).Documents > 0 {
		c.open.Enable()
	} else {
		c.open.Disable()
	}
}

// selectKind chooses the row of a consent kind, as the consent screen and
// a refused meeting do when they open this tab.
func (c *consentsTab) selectKind(kind string) {
	for i, k := range data.ConsentKinds {
		if k == kind {
			c.table.list.Select(i)
		}
	}
}

func (c *consentsTab) onRecord() {
	if c.detail.id == 0 {
		return
	}
	if c.selected < 0 {
		c.selectKind(data.ConsentParticipation)
	}
	c.showConsentForm(c.consent(c.selected))
}

// guardianNames lists the student's guardians for a select, "" first.
func (c *consentsTab) guardianNames() ([]string, map[string]int64) {
	names := []string{"(not recorded)"}
	ids := map[string]int64{}
	for _, g := range c.detail.rec.guardians {
		label := g.Name
		if g.Relationship != "" {
			label += " (" + g.Relationship + ")"
		}
		names = append(names, label)
		ids[label] = g.ID
	}
	return names, ids
}

func (c *consentsTab) showConsentForm(x data.Consent) {
	names, ids := c.guardianNames()
	guardian := newSelect(names, names[0])
	for label, id := range ids {
		if id == x.GuardianID {
			guardian.SetSelected(label)
		}
	}
	status := newSelect(data.ConsentStatuses, x.Status)
	method := newSelect(append([]string{""}, data.ConsentMethods...), x.Method)
	requested, signed, until, notes := c.u.newDateEntry(), c.u.newDateEntry(), c.u.newDateEntry(), newNoteEntry("")
	setDate(requested, x.RequestedOn)
	setDate(signed, x.SignedOn)
	setDate(until, x.ValidUntil)
	until.PlaceHolder += "; empty: end of the academic year"
	notes.SetText(x.Notes)
	confidential := widget.NewCheck("Confidential (never printed)", nil)
	confidential.SetChecked(x.Confidential)
	form := formOf(widget.NewFormItem("Kind", widget.NewLabel(x.Kind)), widget.NewFormItem("Guardian", guardian),
		widget.NewFormItem("Status", status), widget.NewFormItem("Date requested", requested),
		widget.NewFormItem("Date signed", signed), widget.NewFormItem("Valid until", until),
		widget.NewFormItem("Method", method), widget.NewFormItem("Notes", container.NewVBox(notes, confidential)))
	submit := func() (func(*data.Tx) error, error) {
		y := x
		y.GuardianID, y.Status, y.Method = ids[guardian.Selected], status.Selected, method.Selected
		y.Notes, y.Confidential = notes.Text, confidential.Checked
		var err error
		if y.RequestedOn, err = requested.date("Date requested", "requested_on"); err != nil {
			return nil, err
		}
		if y.SignedOn, err = signed.date("Date signed", "signed_on"); err != nil {
			return nil, err
		}
		if y.ValidUntil, err = until.date("Valid until", "valid_until"); err != nil {
			return nil, err
		}
		return func(tx *data.Tx) error { return tx.SaveConsent(&y) }, nil
	}
	fd := c.u.showForm("Consent: "+x.Kind, "Save", form,
		map[string]*entry{"requested_on": requested, "signed_on": signed, "valid_until": until, "notes": notes}, submit, nil)
	c.form = &consentForm{dialog: fd, guardian: guardian, status: status, method: method,
		requested: requested, signed: signed, until: until, notes: notes}
}

func (c *consentsTab) onAttach() {
	if c.selected < 0 || c.consent(c.selected).ID == 0 {
		return
	}
	d := dialog.NewFileOpen(c.onAttachFile, c.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf", ".png", ".jpg", ".jpeg", ".PDF", ".PNG", ".JPG", ".JPEG"}))
	c.u.showDialog(d)
}

func (c *consentsTab) onAttachFile(r fyne.URIReadCloser, err error) {
	if err != nil || r == nil {
		c.u.showError("The file could not be read", err)
		return
	}
	c.attachFrom(c.consent(c.selected).ID, r.URI().Name(), r)
}

// attachFrom reads a scanned form (at most a little over the store's
// limit, so that a huge file is refused without filling memory) and
// stores it with the consent.
func (c *consentsTab) attachFrom(consentID int64, name string, r io.ReadCloser) {
	doc := &data.Document{ConsentID: consentID, Filename: name}
	c.u.background(func() error {
		defer r.Close()
		b, err := io.ReadAll(io.LimitReader(r, data.MaxDocument+1))
		if err != nil {
			return err
		}
		doc.Content = b
		return c.u.store.Update(c.u.ctx(), func(tx *data.Tx) error { return tx.AttachDocument(doc) })
	}, func(err error) {
		if err != nil {
			c.u.showError("The document was not attached", err)
			return
		}
		c.u.changed()
	})
}

func (c *consentsTab) onOpen() {
	if c.selected < 0 {
		return
	}
	id := c.consent(c.selected).ID
	var docs []data.Document
	c.u.view(func(tx *data.Tx) (err error) { docs, err = tx.Documents(id); return }, func(err error) {
		if err != nil {
			c.u.showError("The documents could not be listed", err)
			return
		}
		c.chooseDocument(docs)
	})
}

// chooseDocument opens the only document at once, or offers a list.
func (c *consentsTab) chooseDocument(docs []data.Document) {
	if len(docs) == 1 {
		c.u.openDocument(docs[0].ID)
		return
	}
	box := container.NewVBox()
	for _, d := range docs {
		box.Add(&widget.Button{Text: d.Filename, Icon: theme.FileIcon(), OnTapped: c.opener(d.ID)})
	}
	c.u.showDialog(dialog.NewCustom("Open a document", "Close", box, c.u.win))
}

func (c *consentsTab) opener(id int64) func() { return func() { c.u.openDocument(id) } }

// openDocument writes a stored document to a private temporary file and
// opens it with the system's viewer.
func (u *ui) openDocument(id int64) {
	var path string
	u.background(func() error {
		var doc *data.Document
		err := u.store.View(u.ctx(), func(tx *data.Tx) (err error) { doc, err = tx.Document(id); return })
		if err != nil {
			return err
		}
		path, err = writePrivateTemp(doc)
		return err
	}, func(err error) {
		if err != nil {
			u.showError("The document could not be opened", err)
			return
		}
		if err := u.openURL(&url.URL{Scheme: "file", Path: path}); err != nil {
			u.showError("The document could not be opened", err)
		}
	})
}

// writePrivateTemp writes the document readable by its owner only (0600,
// as os.CreateTemp makes it), keeping the extension the viewer needs. The
// name says nothing of the document: its own name ("Zoë Okafor consent")
// would sit in the temporary folder's list for anyone to read.
func writePrivateTemp(doc *data.Document) (string, error) {
	ext := map[string]string{"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}[doc.MIME]
	f, err := os.CreateTemp("", "mentorbook-document-*"+ext)
	if err != nil {
		return "", err
	}
	if _, err := f.Write(doc.Content); err != nil {
		f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}
