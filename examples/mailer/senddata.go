package main

import (
	"bytes"
	"net"
	"time"

	"github.com/emersion/go-smtp"
)

// relayConn is one connection to the relay: go-smtp's client, and the
// connection it writes to when the mailer knows it (smtp:// without TLS,
// and smtps://; after STARTTLS the TLS connection is go-smtp's own).
type relayConn struct {
	*smtp.Client
	top     net.Conn // nil: every byte goes through go-smtp's writer
	timeout time.Duration
}

// data sends msg after DATA and returns the relay's reply to it; wire
// is dotStuffed's form of msg, or nil.
//
// go-smtp's data writer (net/textproto's) dot-stuffs and writes a byte at
// a time, which costs the sender more CPU than anything else. When the
// connection is known and msg has CRLF line ends only, data writes msg
// dot-stuffed, but its last CRLF, at once to the connection, and gives
// go-smtp's writer the last CRLF, after which it ends the data with ".":
// the bytes on the wire are exactly those go-smtp's writer makes (a '.'
// doubled at the start of a line, the end ".\r\n"), so the relay gets
// msg. Any other message goes through go-smtp's writer.
func (c *relayConn) data(msg, wire []byte) (string, error) {
	w, err := c.Data()
	if err != nil {
		return "", err
	}
	body := msg
	if c.top != nil && wire != nil {
		// go-smtp flushed the DATA command and read its reply: nothing of
		// its is waiting to be written before these bytes.
		c.top.SetWriteDeadline(time.Now().Add(c.timeout))
		_, err = c.top.Write(wire)
		c.top.SetWriteDeadline(time.Time{})
		if err != nil {
			w.Close()
			return "", err
		}
		body = msg[len(msg)-2:] // CRLF: go-smtp's writer then ends the data
	}
	if _, err = w.Write(body); err != nil {
		w.Close()
		return "", err
	}
	resp, err := w.CloseWithResponse()
	if err != nil {
		return "", err
	}
	return resp.StatusText, nil
}

// dotStuffed returns msg but its last CRLF, dot-stuffed (in *buf when a
// line starts with '.', else msg itself), or nil when msg does not end
// with CRLF or has a CR or LF that is not one of a CRLF pair.
func dotStuffed(buf *[]byte, msg []byte) []byte {
	if !crlfOnly(msg) {
		return nil
	}
	out := msg[:len(msg)-2]
	if (len(out) > 0 && out[0] == '.') || bytes.Contains(out, []byte("\r\n.")) {
		*buf = dotStuff((*buf)[:0], out)
		return *buf
	}
	return out
}

// crlfOnly reports whether msg ends with CRLF and every CR and LF in it
// is one of a CRLF pair.
func crlfOnly(msg []byte) bool {
	n := len(msg)
	if n < 2 || msg[n-2] != '\r' || msg[n-1] != '\n' {
		return false
	}
	lfs := bytes.Count(msg, []byte{'\n'})
	if bytes.Count(msg, []byte{'\r'}) != lfs {
		return false
	}
	// As many CRs as LFs, and a CR before each LF: every CR is before an LF.
	for i := 0; i < n; {
		j := bytes.IndexByte(msg[i:], '\n')
		if j < 0 {
			break
		}
		if i+j == 0 || msg[i+j-1] != '\r' {
			return false
		}
		i += j + 1
	}
	return true
}

// dotStuff appends b, whose line ends are CRLF, with a '.' doubled at
// the start of each line (RFC 5321, section 4.5.2).
func dotStuff(dst, b []byte) []byte {
	if len(b) > 0 && b[0] == '.' {
		dst = append(dst, '.')
	}
	for {
		i := bytes.Index(b, []byte("\r\n."))
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i+3]...)
		dst = append(dst, '.')
		b = b[i+3:]
	}
}
