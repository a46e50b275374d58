package roster

import (
	"fmt"
	"strings"
)

type class struct {
	title    string
	homeroom bool
	usable   bool // neither deleted nor rejected
}

// readEnrollments gives each student a homeroom: the title of a homeroom
// class they are enrolled in, or else of their first class. Enrollments
// without classes.csv cannot be named, so the pair is read together.
// Enrollments, the longest file of a roster, are checked row by row as
// they are read rather than kept.
func (p *parser) readEnrollments() error {
	if !p.set.has("enrollments.csv") {
		_, err := p.set.table("enrollments.csv", false, Columns{}) // an error if the manifest promised it
		return err
	}
	classes, err := p.set.table("classes.csv", false, columnsOf["classes.csv"])
	if err != nil {
		return err
	}
	if classes == nil {
		if !p.set.has("classes.csv") {
			return fmt.Errorf("enrollments.csv needs classes.csv: %w", ErrMissingFile)
		}
		return nil // classes.csv is there but unreadable; its Problem says why
	}
	byID := p.readClasses(classes)
	if byID == nil {
		return nil
	}
	type choice struct {
		title    string
		homeroom bool
	}
	chosen := map[string]choice{}
	const file = "enrollments.csv"
	check := func(r Row) {
		if p.skip(file, r) {
			return
		}
		bad := p.require(file, r, "classSourcedId", "userSourcedId")
		cid, uid := r.Get("classSourcedId"), r.Get("userSourcedId")
		c, known := byID[cid]
		if cid != "" && !known {
			p.ps.add(file, r.Line, "classSourcedId %q is not in classes.csv", cid)
			bad = true
		}
		if _, ok := p.userIDs[uid]; uid != "" && !ok {
			p.ps.add(file, r.Line, "userSourcedId %q is not in users.csv", uid)
			bad = true
		}
		if school := r.Get("schoolSourcedId"); school != "" && p.orgs != nil && !p.orgs[school] {
			p.ps.add(file, r.Line, "schoolSourcedId %q is not in orgs.csv", school)
			bad = true
		}
		if bad || !c.usable {
			return
		}
		if _, student := p.students[uid]; !student {
			return
		}
		cur, has := chosen[uid]
		if !has || (c.homeroom && !cur.homeroom) {
			chosen[uid] = choice{c.title, c.homeroom}
		}
	}
	t, err := p.set.scan(file, false, columnsOf[file], check)
	if err != nil || t == nil {
		return err
	}
	if p.missing(t, "classSourcedId", "userSourcedId") {
		return nil
	}
	for id, c := range chosen {
		p.out.Students[p.students[id]].Homeroom = c.title
	}
	return nil
}

// readClasses indexes classes.csv by sourcedId, rows with problems included,
// so that an enrollment in a rejected class is not reported a second time.
func (p *parser) readClasses(t *Table) map[string]class {
	if p.missing(t, "sourcedId", "title") {
		return nil
	}
	seen := ids{}
	byID := map[string]class{}
	for _, r := range t.Rows {
		id, ok := p.newID(t.File, seen, r, "sourcedId")
		if !ok {
			continue
		}
		c := class{title: r.Get("title"), homeroom: strings.EqualFold(r.Get("classType"), "homeroom")}
		byID[id] = c
		if p.skip(t.File, r) {
			continue
		}
		bad := p.require(t.File, r, "title")
		if school := r.Get("schoolSourcedId"); school != "" && p.orgs != nil && !p.orgs[school] {
			p.ps.add(t.File, r.Line, "schoolSourcedId %q is not in orgs.csv", school)
			bad = true
		}
		c.usable = !bad
		byID[id] = c
	}
	return byID
}
