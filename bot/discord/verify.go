package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Limits of a signed interaction request.
const (
	maxInteractionBody = 64 << 10        // Discord's payloads are far smaller
	maxSignatureAge    = 5 * time.Minute // older or newer timestamps are replays
)

var (
	errBadSignature = errors.New("invalid request signature")
	errStale        = errors.New("request timestamp more than 5 minutes from now")
	errTooLarge     = errors.New("request body over 64 KB")
)

// ParsePublicKey reads an application's public key as the developer portal
// shows it: 64 hexadecimal characters.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("DISCORD_PUBLIC_KEY: not a public key (64 hexadecimal characters from the developer portal, General Information → Public Key)")
	}
	return ed25519.PublicKey(b), nil
}

// verifyRequest reads the body of an interaction request and checks that
// Discord signed it: X-Signature-Ed25519 over X-Signature-Timestamp followed
// by the raw body, with the application's public key, and a timestamp within
// five minutes of now (an old signed request replayed is refused). The
// status to answer with comes back with any error.
func verifyRequest(r *http.Request, key ed25519.PublicKey, now time.Time) ([]byte, int, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxInteractionBody+1))
	if err != nil {
		return nil, http.StatusBadRequest, fmt.Errorf("read the request: %w", err)
	}
	if len(body) > maxInteractionBody {
		return nil, http.StatusRequestEntityTooLarge, errTooLarge
	}
	sig, err := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, http.StatusUnauthorized, errBadSignature
	}
	ts := r.Header.Get("X-Signature-Timestamp")
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(key, msg, sig) {
		return nil, http.StatusUnauthorized, errBadSignature
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return nil, http.StatusUnauthorized, errStale
	}
	if d := now.Sub(time.Unix(secs, 0)); d > maxSignatureAge || d < -maxSignatureAge {
		return nil, http.StatusUnauthorized, errStale
	}
	return body, http.StatusOK, nil
}
