package pgtest

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Proxy stands between a test's program and the server, on a socket of
// its own, so that a test can take the server out of reach as a network
// or a server's restart would: Cut ends every connection and refuses new
// ones, Mend lets them in again, and LoseCommitAnswer lets a transaction's
// COMMIT reach the server but never its answer. It is the real server and the
// real protocol on either side; only the path between is broken.
type Proxy struct {
	URL string // dbURL with the proxy's socket as its host

	dir    string // the proxy's socket's folder
	target string // the server's socket
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
	lose   string // the next COMMIT after a statement holding this loses its answer
}

// NewProxy starts a proxy to the database at dbURL (a URL of this
// cluster, through its socket), stopped when the test ends.
func NewProxy(tb testing.TB, dbURL string) *Proxy {
	tb.Helper()
	c, err := Start()
	if err != nil {
		tb.Fatal(err)
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	// A socket's path is short (107 bytes): not t.TempDir's.
	dir, err := os.MkdirTemp("/tmp", "pgproxy-")
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("host", dir)
	u.RawQuery = q.Encode()
	p := &Proxy{URL: u.String(), dir: dir, target: filepath.Join(c.Dir, ".s.PGSQL.5432"), conns: map[net.Conn]bool{}}
	if err := p.listen(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		p.Cut()
		os.RemoveAll(dir)
	})
	return p
}

func (p *Proxy) listen() error {
	ln, err := net.Listen("unix", filepath.Join(p.dir, ".s.PGSQL.5432"))
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			go p.serve(client)
		}
	}()
	return nil
}

// Cut ends every connection through the proxy and refuses new ones: the
// server cannot be reached.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close() // removes the socket: a new connection finds no server
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

// Mend lets connections through again.
func (p *Proxy) Mend() error {
	p.mu.Lock()
	up := p.ln != nil
	p.mu.Unlock()
	if up {
		return nil
	}
	return p.listen()
}

// LoseCommitAnswer makes the COMMIT of the next transaction that sends a
// statement holding the text statement (say "INSERT INTO meetings") reach
// the server, which commits, and then cuts the proxy (Cut) before the
// answer comes back: the program cannot know whether its transaction
// committed. Other transactions (a screen's reads at the same time) pass.
// The statement's text is seen as it is sent or prepared; a statement
// prepared once and run again (pgx's statement cache) is known by name.
func (p *Proxy) LoseCommitAnswer(statement string) {
	p.mu.Lock()
	p.lose = statement
	p.mu.Unlock()
}

func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		c.Close()
		return false
	}
	p.conns[c] = true
	return true
}

func (p *Proxy) serve(client net.Conn) {
	server, err := net.Dial("unix", p.target)
	if err != nil {
		client.Close()
		return
	}
	if !p.track(client) || !p.track(server) {
		client.Close()
		server.Close()
		return
	}
	var mute atomic.Bool // the answers are lost from now on
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := server.Read(buf)
			if n > 0 && !mute.Load() {
				if _, err := client.Write(buf[:n]); err != nil {
					break
				}
			}
			if err != nil {
				break
			}
		}
		client.Close()
	}()
	p.forward(client, server, &mute)
	server.Close()
}

// forward copies the program's messages to the server one by one,
// watching for the COMMIT whose answer is to be lost.
func (p *Proxy) forward(client, server net.Conn, mute *atomic.Bool) {
	// The startup messages have no type byte; SSL and GSS encryption
	// requests (answered 'N' with sslmode=disable) come before the startup.
	for {
		msg, err := readMessage(client, false)
		if err != nil {
			return
		}
		if _, err := server.Write(msg); err != nil {
			return
		}
		if code := binary.BigEndian.Uint32(msg[4:8]); code != 80877103 && code != 80877104 {
			break
		}
	}
	marked := false              // this transaction sent the statement LoseCommitAnswer names
	named := map[string]string{} // the connection's prepared statements' texts
	for {
		msg, err := readMessage(client, true)
		if err != nil {
			return
		}
		text := bytes.TrimRight(msg[5:], "\x00; ")
		commit := msg[0] == 'Q' && bytes.EqualFold(text, []byte("commit"))
		p.mu.Lock()
		// Parse: name, text; Bind: portal, statement name; Query: text.
		fields := bytes.Split(msg[5:], []byte{0})
		if msg[0] == 'P' && len(fields) > 1 {
			named[string(fields[0])] = string(fields[1])
		}
		if p.lose != "" {
			switch {
			case (msg[0] == 'P' || msg[0] == 'Q') && bytes.Contains(msg[5:], []byte(p.lose)):
				marked = true
			case msg[0] == 'B' && len(fields) > 1 && strings.Contains(named[string(fields[1])], p.lose):
				marked = true
			}
		}
		lose := commit && marked && p.lose != ""
		if lose {
			p.lose = ""
		}
		if msg[0] == 'Q' && (commit || bytes.EqualFold(text, []byte("rollback"))) {
			marked = false
		}
		p.mu.Unlock()
		if lose {
			mute.Store(true) // before the server can answer
		}
		if _, err := server.Write(msg); err != nil {
			return
		}
		if lose {
			// The server has the COMMIT in its socket and reads it before
			// it sees the connection end: it commits, and its answer has
			// nowhere to go.
			p.Cut()
			return
		}
	}
}

// readMessage reads one protocol message: a type byte (unless untyped),
// then its length, which counts itself.
func readMessage(r io.Reader, typed bool) ([]byte, error) {
	head := 4
	if typed {
		head = 5
	}
	msg := make([]byte, head)
	if _, err := io.ReadFull(r, msg); err != nil {
		return nil, err
	}
	n := int(binary.BigEndian.Uint32(msg[head-4:]))
	if n < 4 || n > 1<<30 {
		return nil, io.ErrUnexpectedEOF
	}
	body := make([]byte, n-4)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return append(msg, body...), nil
}
