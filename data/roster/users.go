package roster

import (
	"strings"
	"time"
)

// readUsers records every users.csv row; classify checks them once the roles
// (which OneRoster 1.2 keeps in roles.csv) are known.
func (p *parser) readUsers(t *Table) {
	if p.missing(t, "sourcedId", "givenName", "familyName") {
		return
	}
	p.usersFile = t
	p.userIDs = ids{}
	p.users = make(map[string]*user)
	for _, r := range t.Rows {
		id, ok := p.newID(t.File, p.userIDs, r, "sourcedId")
		if !ok || p.skip(t.File, r) {
			continue
		}
		u := &user{row: r, role: r.Get("role")}
		p.users[id] = u
		p.order = append(p.order, u)
	}
}

// readRoles takes each user's role from a OneRoster 1.2 roles.csv, preferring
// the row whose roleType is primary.
func (p *parser) readRoles(t *Table) {
	if p.missing(t, "userSourcedId", "role") {
		return
	}
	p.rolesFile = true
	primary := map[string]bool{}
	for _, r := range t.Rows {
		if p.skip(t.File, r) {
			continue
		}
		bad := p.require(t.File, r, "userSourcedId", "role")
		id := r.Get("userSourcedId")
		if _, known := p.userIDs[id]; id != "" && !known {
			p.ps.add(t.File, r.Line, "userSourcedId %q is not in users.csv", id)
			bad = true
		}
		if org := r.Get("orgSourcedId"); org != "" && p.orgs != nil && !p.orgs[org] {
			p.ps.add(t.File, r.Line, "orgSourcedId %q is not in orgs.csv", org)
			bad = true
		}
		role := r.Get("role")
		if _, known := userRole(role); role != "" && !known {
			p.ps.add(t.File, r.Line, "role %q is not a OneRoster role", role)
			bad = true
		}
		u := p.users[id]
		if bad || u == nil {
			continue
		}
		isPrimary := strings.EqualFold(r.Get("roleType"), "primary")
		if u.role == "" || (isPrimary && !primary[id]) {
			u.role = role
			primary[id] = isPrimary
		}
	}
}

// userRole returns a role's canonical spelling and what Mentorbook makes of it.
func userRole(role string) (string, bool) {
	key := strings.ToLower(role)
	for _, set := range []map[string]string{studentRoles, guardianRoles, staffRoles} {
		if r, ok := set[key]; ok {
			return r, true
		}
	}
	return "", false
}

func kindOf(role string) kind {
	key := strings.ToLower(role)
	switch {
	case studentRoles[key] != "":
		return kindStudent
	case guardianRoles[key] != "":
		return kindGuardian
	case staffRoles[key] != "":
		return kindStaff
	}
	return 0
}

// classify checks every usable user and files the good ones as students,
// mentors or guardians.
func (p *parser) classify(roles *Table) {
	file := p.usersFile.File
	if !p.usersFile.Has("role") {
		if roles == nil {
			p.ps.add(file, p.usersFile.HeaderLine, `missing required column "role" (and there is no roles.csv)`)
			return
		}
		p.readRoles(roles)
	}
	p.students = make(map[string]int)
	p.guardians = make(map[string]bool)
	for _, u := range p.order {
		r := u.row
		// OneRoster requires givenName. Without it the family name
		// would have to stand in as the given name, which a person then
		// sees as the child's first name on every letter.
		bad := p.require(file, r, "sourcedId", "givenName")
		role, known := userRole(u.role)
		switch {
		case u.role == "" && p.rolesFile:
			p.ps.add(file, r.Line, "no role for this user in roles.csv")
			bad = true
		case u.role == "":
			p.ps.add(file, r.Line, "role is empty")
			bad = true
		case !known:
			p.ps.add(file, r.Line, "role %q is not a OneRoster role (student, teacher, aide, administrator, guardian, parent, relative, ...)", u.role)
			bad = true
		}
		u.role, u.kind = role, kindOf(role)
		u.agents = splitList(r.Get("agentSourcedIds"))
		for _, a := range u.agents {
			if _, ok := p.userIDs[a]; !ok {
				p.ps.add(file, r.Line, "agentSourcedIds names %q, which is not in users.csv", a)
				bad = true
			}
		}
		if p.orgs != nil {
			for _, o := range append(splitList(r.Get("orgSourcedIds")), splitList(r.Get("primaryOrgSourcedId"))...) {
				if !p.orgs[o] {
					p.ps.add(file, r.Line, "org %q is not in orgs.csv", o)
					bad = true
				}
			}
		}
		dob, ok := p.date(file, r, "birthDate", false)
		if !ok || bad {
			continue
		}
		u.accepted = true
		p.accept(u, dob)
	}
}

func (p *parser) accept(u *user, dob time.Time) {
	r := u.row
	src := Source{p.usersFile.File, r.Line}
	id := r.Get("sourcedId")
	phone := firstNonEmpty(r.Get("phone"), r.Get("sms"))
	switch u.kind {
	case kindStudent:
		var grade string
		if g := splitList(r.Get("grades")); len(g) > 0 {
			grade = g[0]
		}
		p.students[id] = len(p.out.Students)
		p.out.Students = append(p.out.Students, Student{
			SourcedID:     id,
			SchoolID:      firstNonEmpty(r.Get("identifier"), r.Get("username"), id),
			GivenName:     r.Get("givenName"),
			MiddleName:    r.Get("middleName"),
			FamilyName:    r.Get("familyName"),
			PreferredName: firstNonEmpty(r.Get("preferredGivenName"), r.Get("preferredFirstName")),
			Pronouns:      r.Get("pronouns"),
			Grade:         grade,
			DateOfBirth:   dob,
			Email:         r.Get("email"),
			Source:        src,
		})
	case kindGuardian:
		p.guardians[id] = true
		p.out.Guardians = append(p.out.Guardians, Guardian{SourcedID: id, Name: fullName(r.Get("givenName"), r.Get("familyName")),
			Email: r.Get("email"), Phone: phone, Relationship: u.role, Source: src})
	case kindStaff:
		p.out.Mentors = append(p.out.Mentors, Mentor{SourcedID: id, Name: fullName(r.Get("givenName"), r.Get("familyName")),
			Email: r.Get("email"), Phone: phone, Role: u.role, Source: src})
	}
}

// readDemographics takes students' birth dates from demographics.csv, whose
// sourcedId is the user's.
func (p *parser) readDemographics(t *Table) {
	if !t.Has("birthDate") {
		return // demographics without birth dates carry nothing Mentorbook keeps
	}
	if p.missing(t, "sourcedId") {
		return
	}
	for _, r := range t.Rows {
		if p.skip(t.File, r) {
			continue
		}
		bad := p.require(t.File, r, "sourcedId")
		id := r.Get("sourcedId")
		if _, known := p.userIDs[id]; id != "" && !known {
			p.ps.add(t.File, r.Line, "sourcedId %q is not in users.csv", id)
			bad = true
		}
		dob, ok := p.date(t.File, r, "birthDate", false)
		if !ok || bad {
			continue
		}
		if i, ok := p.students[id]; ok && !dob.IsZero() {
			p.out.Students[i].DateOfBirth = dob
		}
	}
}

// link ties students to guardians from agentSourcedIds on either side. Agents
// that are not guardians (a student's teacher, a sibling) are not links.
func (p *parser) link() {
	seen := map[Link]bool{}
	add := func(l Link) {
		if _, s := p.students[l.StudentSourcedID]; s && p.guardians[l.GuardianSourcedID] && !seen[l] {
			seen[l] = true
			p.out.Links = append(p.out.Links, l)
		}
	}
	for _, u := range p.order {
		if !u.accepted {
			continue
		}
		id := u.row.Get("sourcedId")
		for _, a := range u.agents {
			switch u.kind {
			case kindStudent:
				add(Link{StudentSourcedID: id, GuardianSourcedID: a})
			case kindGuardian:
				add(Link{StudentSourcedID: a, GuardianSourcedID: id})
			}
		}
	}
}
