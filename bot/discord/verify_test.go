package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParsePublicKey(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	if k, err := ParsePublicKey(" " + hex.EncodeToString(pub) + "\n"); err != nil || !k.Equal(pub) {
		t.Errorf("ParsePublicKey(valid) = %v, %v", k, err)
	}
	for _, s := range []string{"", "zz", hex.EncodeToString(pub[:31])} {
		if _, err := ParsePublicKey(s); err == nil || !strings.HasPrefix(err.Error(), "DISCORD_PUBLIC_KEY: ") {
			t.Errorf("ParsePublicKey(%q) = %v, want a DISCORD_PUBLIC_KEY error", s, err)
		}
	}
}

func TestVerifyRequest(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	_, otherPriv, _ := ed25519.GenerateKey(nil)
	now := time.Unix(1_760_000_000, 0)
	body := []byte(`{"type":1}`)
	sign := func(key ed25519.PrivateKey, ts string, b []byte) string {
		return hex.EncodeToString(ed25519.Sign(key, append([]byte(ts), b...)))
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	big := bytes.Repeat([]byte("x"), maxInteractionBody+1)
	cases := []struct {
		name   string
		sig    string
		ts     string
		body   []byte
		status int
		err    error
	}{
		{"valid", sign(priv, ts, body), ts, body, 200, nil},
		{"valid, 4 minutes old", sign(priv, strconv.FormatInt(now.Unix()-240, 10), body), strconv.FormatInt(now.Unix()-240, 10), body, 200, nil},
		{"no signature", "", ts, body, 401, errBadSignature},
		{"not hex", "nothex", ts, body, 401, errBadSignature},
		{"another key", sign(otherPriv, ts, body), ts, body, 401, errBadSignature},
		{"body changed", sign(priv, ts, body), ts, []byte(`{"type":2}`), 401, errBadSignature},
		{"timestamp changed", sign(priv, ts, body), strconv.FormatInt(now.Unix()+1, 10), body, 401, errBadSignature},
		{"replayed after 6 minutes", sign(priv, strconv.FormatInt(now.Unix()-360, 10), body), strconv.FormatInt(now.Unix()-360, 10), body, 401, errStale},
		{"from 6 minutes ahead", sign(priv, strconv.FormatInt(now.Unix()+360, 10), body), strconv.FormatInt(now.Unix()+360, 10), body, 401, errStale},
		{"timestamp not a number", sign(priv, "soon", body), "soon", body, 401, errStale},
		{"body over 64 KB", sign(priv, ts, big), ts, big, 413, errTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/interactions", bytes.NewReader(c.body))
			if c.sig != "" {
				r.Header.Set("X-Signature-Ed25519", c.sig)
			}
			r.Header.Set("X-Signature-Timestamp", c.ts)
			got, status, err := verifyRequest(r, pub, now)
			if status != c.status || !errors.Is(err, c.err) {
				t.Fatalf("status %d, err %v; want %d, %v", status, err, c.status, c.err)
			}
			if err == nil && !bytes.Equal(got, c.body) {
				t.Errorf("body %q, want %q", got, c.body)
			}
		})
	}
}
