// Roles that a shared PostgreSQL database enforces itself: coordinator,
// mentor and reader are PostgreSQL group roles, each teacher's login is a
// member of one, and the grants and row-level security policies of
// roles.sql decide what each login may read and write, whatever program it
// connects with. A database file has no logins: these work on PostgreSQL
// only.

package data

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/text/secure/precis"
)

// Roles are the roles a login may have, in the order they are listed.
var Roles = []string{RoleCoordinator, RoleMentor, RoleReader}

// The roles, as Store.Role names them.
const (
	RoleCoordinator = "coordinator" // everything: a database file's user, a server's owner, a coordinator's login
	RoleMentor      = "mentor"      // their own mentees' records
	RoleReader      = "reader"      // reads and prints, changes nothing
)

// Role is what the connected login may do: RoleCoordinator on a database
// file (one person's), for the server's owner and for a coordinator's
// login; RoleMentor or RoleReader for theirs. The server enforces it; the
// store reads confidential text the way the role may (shown), and the
// window shows the screens the role can use.
func (s *Store) Role() string {
	if s.role == "" {
		return RoleCoordinator
	}
	return s.role
}

// loginRole reads the connected login's role: the first of Roles whose
// group role it is a member of (a superuser is a member of every role, and
// is a coordinator), or "" for a login of none, such as the owner.
func loginRole(ctx context.Context, db *sql.DB) (string, error) {
	rows, err := db.QueryContext(ctx, `SELECT rolname FROM pg_roles WHERE rolname = ANY ($1) AND pg_has_role(current_user, oid, 'MEMBER')`,
		[]string{groupRole(RoleCoordinator), groupRole(RoleMentor), groupRole(RoleReader)})
	if err != nil {
		return "", err
	}
	member, err := scanStrings(rows, nil)
	if err != nil {
		return "", err
	}
	for _, r := range Roles {
		if slices.Contains(member, groupRole(r)) {
			return r, nil
		}
	}
	return "", nil
}

// shown is the select-list expression for a confidential column of the
// row alias (a table with an id) read through its view (roles.sql's
// *_shown): a mentor and a reader may not select the column itself, and
// read it by id, a lookup per row (the views are security barriers,
// computed whole before a join). For anyone else it is the column.
func (tx *Tx) shown(view, alias, col string) string {
	if tx.role != RoleMentor && tx.role != RoleReader {
		return alias + "." + col
	}
	return fmt.Sprintf("COALESCE((SELECT v.%s FROM %s v WHERE v.id = %s.id), '')", col, view, alias)
}

// groupRole is the PostgreSQL role whose members have role.
func groupRole(role string) string { return "mentorbook_" + role }

//go:embed roles.sql
var rolesSQL string

//go:embed roles_drop.sql
var rolesDrop string

// roleObjects name the views, functions and policies roles.sql makes.
// The exact-schema check compares them only when it can make the whole
// reference (the owner's check, copy and backup); for a login that may
// not create a schema it leaves them out, since its reference, made in
// pg_temp where PostgreSQL never looks for functions, could not hold the
// policies that call them (see postgresReference). TestRoleObjects keeps
// this list and roles.sql in step.
var roleObjects = []string{
	"student_needs_shown", "pairing_notes_shown", "meeting_notes_shown", "goal_progress_comments_shown",
	"checkin_notes_shown", "consent_notes_shown", "guardian_contacts_shown",
	"mentorbook_my_mentors", "mentorbook_my_students", "mentorbook_my_students_pairings", "mentorbook_my_pairings", "mentorbook_sees_all", "mentorbook_changes_since",
	"mentorbook_login_allowed", "mentorbook_add_login", "mentorbook_remove_login", "mentorbook_plain_login", "mentorbook_set_password",
	"coordinator", "mentor", "reader", "mentor_read", "mentor_log", "mentor_edit", "mentor_delete", "mentor_record",
}

// ErrRolesOnServer answers the user commands on a database file.
var ErrRolesOnServer = errors.New("logins and roles exist only on a shared PostgreSQL database (--db postgres://…); a database file is one person's, who may do everything")

// ErrNotAllowed is what a person is told when the server refuses a
// statement to their login's role (SQLSTATE 42501: no privilege, or a row
// its policies do not allow), whatever the statement was.
var ErrNotAllowed = errors.New("the school's server does not let your login do this: each role sees and changes only what it may (a mentor, their own mentees' records; a reader, nothing)")

// refusedByServer reports whether err is the server's refusal to the
// login's role.
func refusedByServer(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == "42501" // insufficient_privilege
}

// setRoles makes the group roles, grants and policies anew (roles.sql),
// and gives the database its identity if it has none, under the lock that
// two server inits queue on.
func setRoles(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, initLock); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, rolesDrop); err != nil {
		return serverRefused(err, "set the roles up", ownersWork)
	}
	if _, err := tx.ExecContext(ctx, rolesSQL); err != nil {
		return serverRefused(err, "set the roles up", ownersWork)
	}
	// The database's identity, which the store otherwise writes the first
	// time it opens a database: a mentor or reader may not write settings,
	// and may be the first to open it.
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, idKey, newID()); err != nil {
		return err
	}
	return tx.Commit()
}

// serverRefused says in plain words that the login lacks a privilege the
// work needs, and whose work it is (who); other errors are returned as
// they are.
func serverRefused(err error, doing, who string) error {
	var pg *pgconn.PgError
	if refusedByServer(err) && errors.As(err, &pg) {
		return Errorf(EINVALID, "The server does not let this login %s (%s): %s", doing, pg.Message, who)
	}
	return err
}

// What serverRefused says of whose work it is.
const (
	ownersWork    = "this is for the database's owner, with the right to create roles (CREATEROLE)"
	loginsWork    = "logins are added and removed by a coordinator or the database's owner, and the owner needs the right to create roles (CREATEROLE)"
	copyWork      = "copying into a server is its owner's work, on a database server init made and that holds no records"
	passwordsWork = "a coordinator sets the passwords of teachers' logins of this database; the server's administrator those of logins with more rights"
)

// User is a login of a PostgreSQL database and its role there.
type User struct {
	Login       string
	Role        string // coordinator, mentor or reader
	MentorName  string // for a mentor: the mentor the login is
	MentorEmail string
}

// validLogin: what a login may be called. PostgreSQL allows nearly any
// name; these are the ones a person can type in psql and a connection URL
// without quoting, and never a role of PostgreSQL's own (pg_…) or ours.
var validLogin = regexp.MustCompile(`^[a-z_][a-z0-9_.@-]{0,62}$`)

func checkLogin(login string) error {
	switch {
	case !validLogin.MatchString(login):
		return fieldErr("login", "The login %q cannot be used: a login is 1 to 63 lower-case letters, digits and _ . @ -, starting with a letter or _", login)
	case strings.HasPrefix(login, "pg_") || strings.HasPrefix(login, "mentorbook_") || login == "public":
		return fieldErr("login", "The login %q is a name PostgreSQL or Mentorbook keeps for itself; choose another", login)
	}
	return nil
}

// userTx runs fn in one transaction on the PostgreSQL database at dbURL,
// whose schema must be this program's version.
func userTx(ctx context.Context, dbURL string, fn func(tx *sql.Tx) error) error {
	if !IsPostgres(dbURL) {
		return ErrRolesOnServer
	}
	db, err := connectPostgres(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	version, err := postgresVersion(ctx, tx)
	if err != nil {
		return err
	}
	if version < SchemaVersion() {
		return Errorf(EINVALID, "The database's schema is version %d, older than this program's %d; its owner upgrades it first with: mentorbook --db URL server init", version, SchemaVersion())
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// AddUser lets login work on the PostgreSQL database at dbURL as role:
// it creates the login (without a password: PostgreSQL's own means set
// one) or takes an existing one, makes it a member of the role's group,
// lets it connect to this database, and for a mentor records which mentor
// (found by mentorEmail) it is. created says whether the login is new
// (and so has no password yet). Run by the database's owner or a
// coordinator, through roles.sql's mentorbook_add_login.
func AddUser(ctx context.Context, dbURL, login, role, mentorEmail string) (created bool, err error) {
	if !IsPostgres(dbURL) {
		return false, ErrRolesOnServer
	}
	if err := checkLogin(login); err != nil {
		return false, err
	}
	switch {
	case !isRole(role):
		return false, fieldErr("role", "The role %q does not exist: it is one of %s", role, strings.Join(Roles, ", "))
	case role == "mentor" && mentorEmail == "":
		// In words that suit the window's picker and the command (which
		// adds its flag).
		return false, fieldErr("mentor", "Choose the mentor this login is for: a mentor's login belongs to one mentor, found by their email")
	case role != "mentor" && mentorEmail != "":
		return false, fieldErr("mentor", "Only a mentor's login names a mentor; a %s sees every student", role)
	}
	err = userTx(ctx, dbURL, func(tx *sql.Tx) error {
		var mentorID int64
		if role == "mentor" {
			var id sql.NullInt64
			var other sql.NullString
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT min(id), min(login), count(*) FROM mentors WHERE lower(email) = lower($1)`, mentorEmail).Scan(&id, &other, &n); err != nil {
				return err
			}
			switch {
			case n == 0:
				return Errorf(ENOTFOUND, "No mentor has the email %s", mentorEmail)
			case n > 1:
				return Errorf(ECONFLICT, "%d mentors have the email %s; give each its own before adding a login", n, mentorEmail)
			case other.Valid && other.String != login:
				return Errorf(ECONFLICT, "The mentor with the email %s already has the login %s; remove it first (mentorbook user remove %s)", mentorEmail, other.String, other.String)
			}
			mentorID = id.Int64
		}
		var exists, super, bypass, owns bool
		var current sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT true, r.rolsuper, r.rolbypassrls,
				pg_has_role(r.oid, (SELECT relowner FROM pg_class WHERE oid = 'students'::regclass), 'MEMBER'),
				(SELECT min(g.rolname) FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid
					WHERE a.member = r.oid AND g.rolname IN ('mentorbook_coordinator', 'mentorbook_mentor', 'mentorbook_reader'))
			FROM pg_roles r WHERE r.rolname = $1`, login).Scan(&exists, &super, &bypass, &owns, &current)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		switch {
		case super || bypass || owns:
			return fieldErr("login", "The login %s is a superuser, bypasses row-level security or owns Mentorbook's tables: the server would not hold it to a role's rules. Give each teacher a login of their own", login)
		case current.Valid && current.String != groupRole(role):
			return Errorf(ECONFLICT, "The login %s already has the role %s on this server; a login has one role (remove it first: mentorbook user remove %s)", login, strings.TrimPrefix(current.String, "mentorbook_"), login)
		}
		// roles.sql's function, with the owner's right to create roles,
		// so that a coordinator may add logins too.
		if err := tx.QueryRowContext(ctx, `SELECT mentorbook_add_login($1, $2)`, login, groupRole(role)).Scan(&created); err != nil {
			return serverRefused(err, "add logins", loginsWork)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mentors SET login = NULL WHERE login = $1`, login); err != nil {
			return err
		}
		var entity sql.NullInt64
		if role == "mentor" {
			entity = sql.NullInt64{Int64: mentorID, Valid: true}
			if _, err := tx.ExecContext(ctx, `UPDATE mentors SET login = $1 WHERE id = $2`, login, mentorID); err != nil {
				return err
			}
		}
		return auditLogin(ctx, tx, "create", entity, login+" as "+role)
	})
	return created && err == nil, err
}

// auditLogin records a change of logins in the audit log, under the
// database login that made it.
func auditLogin(ctx context.Context, tx *sql.Tx, action string, mentorID sql.NullInt64, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, username, action, entity, entity_id, detail) VALUES ($1, current_user, $2, 'login', $3, $4)`,
		stamp(time.Now()), action, mentorID, detail)
	return err
}

func isRole(role string) bool {
	for _, r := range Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Users lists the logins that may connect to the PostgreSQL database at
// dbURL with a Mentorbook role, by login.
func Users(ctx context.Context, dbURL string) ([]User, error) {
	var users []User
	err := userTx(ctx, dbURL, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT r.rolname, substr(g.rolname, length('mentorbook_') + 1), coalesce(m.name, ''), coalesce(m.email, '')
			FROM pg_roles r
			JOIN pg_auth_members a ON a.member = r.oid
			JOIN pg_roles g ON g.oid = a.roleid AND g.rolname IN ('mentorbook_coordinator', 'mentorbook_mentor', 'mentorbook_reader')
			LEFT JOIN mentors m ON m.login = r.rolname
			WHERE has_database_privilege(r.oid, current_database(), 'CONNECT')
			ORDER BY r.rolname, g.rolname`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u User
			if err := rows.Scan(&u.Login, &u.Role, &u.MentorName, &u.MentorEmail); err != nil {
				return err
			}
			users = append(users, u)
		}
		return rows.Err()
	})
	return users, err
}

// RemoveUser takes login's access to the PostgreSQL database at dbURL
// away: it may no longer connect, it is no mentor's any more (so a session
// it has open sees no student from its next statement on), and the login
// itself is dropped unless another database of the server still grants it
// something; kept reports that. Run by the database's owner or a
// coordinator (not on its own login), through roles.sql's
// mentorbook_remove_login.
func RemoveUser(ctx context.Context, dbURL, login string) (kept bool, err error) {
	err = userTx(ctx, dbURL, func(tx *sql.Tx) error {
		var role sql.NullString
		var self bool
		if err := tx.QueryRowContext(ctx, `SELECT min(substr(g.rolname, length('mentorbook_') + 1)), $1 = session_user FROM pg_roles r
				JOIN pg_auth_members a ON a.member = r.oid
				JOIN pg_roles g ON g.oid = a.roleid AND g.rolname IN ('mentorbook_coordinator', 'mentorbook_mentor', 'mentorbook_reader')
				WHERE r.rolname = $1 AND has_database_privilege(r.oid, current_database(), 'CONNECT')`, login).Scan(&role, &self); err != nil {
			return err
		}
		if !role.Valid {
			return Errorf(ENOTFOUND, "This database has no login %s (mentorbook user list shows those it has)", login)
		}
		if self {
			return Errorf(ECONFLICT, "%s is the login you are working with: another coordinator, or the database's owner, removes it", login)
		}
		var mentorID sql.NullInt64
		if err := tx.QueryRowContext(ctx, `UPDATE mentors SET login = NULL WHERE login = $1 RETURNING id`, login).Scan(&mentorID); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := auditLogin(ctx, tx, "delete", mentorID, login+" as "+role.String); err != nil {
			return err
		}
		// roles.sql's function, with the owner's right to drop roles. The
		// login stays, without access here, when another database of the
		// server (another school) still grants it something.
		if err := tx.QueryRowContext(ctx, `SELECT mentorbook_remove_login($1)`, login).Scan(&kept); err != nil {
			return serverRefused(err, "remove logins", loginsWork)
		}
		return nil
	})
	return kept, err
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// OwnMentor is the mentor a mentor's login is (mentors.login), or 0 for
// any other role: whose meetings the window logs without asking.
func (tx *Tx) OwnMentor() (int64, error) {
	if tx.role != RoleMentor {
		return 0, nil
	}
	var id int64
	err := tx.queryRow(`SELECT COALESCE(min(id), 0) FROM mentors WHERE login = current_user`).Scan(&id)
	return id, err
}

// guardianContactsKey is the settings row by which a school lets mentors
// read their own mentees' guardians' email, phone and address
// (roles.sql's guardian_contacts_shown reads it): "yes", or anything else
// for no. Only a coordinator may write settings.
const guardianContactsKey = "mentor_guardian_contacts"

// MentorGuardianContacts reports whether mentors see their mentees'
// guardians' contact details (no until a coordinator says yes).
func (tx *Tx) MentorGuardianContacts() (bool, error) {
	var v string
	err := tx.queryRow(`SELECT value FROM settings WHERE key = ?`, guardianContactsKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return v == "yes", err
}

// SaveMentorGuardianContacts stores whether mentors see their mentees'
// guardians' contact details.
func (tx *Tx) SaveMentorGuardianContacts(yes bool) error {
	v := "no"
	if yes {
		v = "yes"
	}
	if _, err := tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, guardianContactsKey, v); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "settings", 0, "mentors see guardians' contact details: "+v)
}

// PasswordStep is what `user add` says to do after adding a new login,
// which has no password: set one by PostgreSQL's own means, or in the
// window (SetPassword). The command never asks for, prints or stores a
// password.
func PasswordStep(login string) string {
	return fmt.Sprintf("it has no password yet; set one in psql, connected as this database's owner:\n"+
		"  \\password %s\n"+
		"(psql asks for it twice and sends the server only its hash), or in SQL: ALTER ROLE %s PASSWORD '…';\n"+
		"or a coordinator sets it in the window: Settings ▸ Logins ▸ Set password…;\n"+
		"a server that checks logins otherwise (certificates, Kerberos, LDAP) needs none\n", login, login)
}

// SetPassword gives login, a login of the PostgreSQL database at dbURL,
// the password typed, as psql's \password does: the program makes the
// SCRAM-SHA-256 verifier PostgreSQL keeps, and only that reaches the
// server (roles.sql's mentorbook_set_password, which lends a coordinator
// the owner's right for plain teachers' logins alone). The password is
// never written anywhere. The audit log records that it was set.
func SetPassword(ctx context.Context, dbURL, login, password string) error {
	if !IsPostgres(dbURL) {
		return ErrRolesOnServer
	}
	if err := checkLogin(login); err != nil {
		return err
	}
	if len([]rune(password)) < MinPassphrase {
		return fieldErr("password", "A password needs at least %d characters", MinPassphrase)
	}
	verifier, err := scramVerifier(password)
	if err != nil {
		return err
	}
	return userTx(ctx, dbURL, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT mentorbook_set_password($1, $2)`, login, verifier); err != nil {
			return serverRefused(err, "set "+login+"'s password", passwordsWork)
		}
		return auditLogin(ctx, tx, "update", sql.NullInt64{}, login+": password set")
	})
}

// scramVerifier is what PostgreSQL keeps of a SCRAM-SHA-256 password
// (RFC 5802, RFC 7677), with a new random salt and PostgreSQL's 4096
// iterations. The password is first prepared as pgx prepares it when it
// logs in (PRECIS OpaqueString, as SASLprep; unchanged when that refuses
// it), so that the two agree.
func scramVerifier(password string) (string, error) {
	if prepared, err := precis.OpaqueString.String(password); err == nil {
		password = prepared
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	const iterations = 4096
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return "", err
	}
	key := func(name string) []byte {
		m := hmac.New(sha256.New, salted)
		m.Write([]byte(name))
		return m.Sum(nil)
	}
	stored := sha256.Sum256(key("Client Key"))
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations, b64(salt), b64(stored[:]), b64(key("Server Key"))), nil
}
