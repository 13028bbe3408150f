package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot/metrics"
)

// httpAckDeadline is how long the endpoint waits for a handler's first
// response: Discord fails an interaction not answered within 3 s.
const httpAckDeadline = 2800 * time.Millisecond

// InteractionsHandler serves Discord's HTTP interactions endpoint (the
// "Interactions Endpoint URL" of the developer portal): it checks each
// request's Ed25519 signature against the application's public key, answers
// PING, and serves commands, autocomplete and buttons with the same handlers
// as the gateway. The first response (a deferred acknowledgement, or a whole
// message) is the HTTP response; the answer then follows through the
// interaction webhook as over the gateway.
//
// The work is not the request's: an answer outlives its HTTP response. It
// inherits ctx's values but not its cancellation, as gateway-delivered work
// inherits Run's: pass the context Run is given (or, without a gateway, the
// one RunHTTP is given). When that context ends, Run starts the shutdown,
// and answers in flight get ShutdownGrace to finish before Shutdown cancels
// them. Used without Run, call Shutdown to end the work.
// The public key is Config.PublicKey; without one every request is refused.
func (b *Bot) InteractionsHandler(ctx context.Context) http.Handler {
	return &interactionsHandler{b: b, ctx: context.WithoutCancel(ctx), key: b.cfg.PublicKey}
}

type interactionsHandler struct {
	b   *Bot
	ctx context.Context
	key ed25519.PublicKey
}

func (h *interactionsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	received := time.Now()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	if len(h.key) != ed25519.PublicKeySize {
		http.Error(w, "no public key configured", http.StatusUnauthorized)
		return
	}
	body, status, err := verifyRequest(r, h.key, received)
	if err != nil {
		// Discord probes endpoints with bad signatures on purpose: not a
		// warning.
		h.b.log.Info("interaction request refused", "status", status, "reason", err.Error(), "remote", r.RemoteAddr)
		http.Error(w, err.Error(), status)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		h.b.log.Warn("interaction request is not an interaction", "err", err)
		http.Error(w, "not an interaction", http.StatusBadRequest)
		return
	}
	switch i.Type {
	case discordgo.InteractionPing:
		writeJSON(w, []byte(`{"type":1}`))
		return
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete,
		discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
	default:
		// A type Discord added since: there is no response type known to
		// fit it, so none is tried. Logged, as it means this bot is behind.
		h.b.log.Warn("interaction of an unknown type refused; a newer talkbot may handle it", "type", int(i.Type), "interaction", i.ID)
		http.Error(w, "unknown interaction type "+strconv.Itoa(int(i.Type)), http.StatusBadRequest)
		return
	}
	hr := &httpResponder{rest: h.b.RESTResponder(&i), first: make(chan firstResponse, 1)}
	done := make(chan struct{})
	ctx := withSource(h.ctx, metrics.SourceHTTP)
	go func() {
		defer close(done)
		h.b.HandleInteraction(ctx, &i, hr)
	}()
	deadline := httpAckDeadline
	if h.b.cfg.httpAckDeadline > 0 {
		deadline = h.b.cfg.httpAckDeadline
	}
	timer := time.NewTimer(deadline - time.Since(received))
	defer timer.Stop()
	reply := func(f firstResponse) { f.written <- writeResponse(w, f.resp) }
	select {
	case f := <-hr.first:
		reply(f)
	case <-done:
		select {
		case f := <-hr.first:
			reply(f)
			return
		default:
		}
		// The handler ended without a response: Discord shows "This
		// interaction failed". Every path responds, so this is a bug.
		h.b.log.Warn("interaction ended without a response", "type", int(i.Type), "interaction", i.ID)
		http.Error(w, "no response", http.StatusInternalServerError)
	case <-timer.C:
		hr.close()
		h.b.log.Warn("no response within Discord's 3 s", "interaction", i.ID)
		http.Error(w, "timed out", http.StatusServiceUnavailable)
	case <-r.Context().Done():
		hr.close()
	}
}

func writeJSON(w http.ResponseWriter, b []byte) error {
	return writeBody(w, "application/json", b)
}

// writeBody writes a whole response and flushes it: the caller's first
// edit through the webhook must not overtake the response still sitting in
// a buffer.
func writeBody(w http.ResponseWriter, contentType string, b []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	if _, err := w.Write(b); err != nil {
		return err
	}
	return http.NewResponseController(w).Flush()
}

// writeResponse writes an interaction response as the HTTP response: JSON,
// or multipart with payload_json when it carries files.
func writeResponse(w http.ResponseWriter, resp *discordgo.InteractionResponse) error {
	if resp.Data != nil && len(resp.Data.Files) > 0 {
		ct, body, err := discordgo.MultipartBodyWithJSON(resp, resp.Data.Files)
		if err != nil {
			http.Error(w, "encoding failed", http.StatusInternalServerError)
			return err
		}
		return writeBody(w, ct, body)
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(resp); err != nil {
		http.Error(w, "encoding failed", http.StatusInternalServerError)
		return err
	}
	return writeJSON(w, buf.Bytes())
}

// firstResponse hands the first response to the HTTP handler, which says
// on written whether it reached the connection.
type firstResponse struct {
	resp    *discordgo.InteractionResponse
	written chan error
}

// errNoHTTPResponse means the HTTP request was over before the handler
// responded (Discord gave up, or the 3 s passed).
var errNoHTTPResponse = errors.New("the HTTP request ended before the response was ready")

// httpResponder is a Responder whose first response is the HTTP response;
// edits and follow-ups go through the interaction webhook.
type httpResponder struct {
	rest   Responder
	first  chan firstResponse
	mu     sync.Mutex
	closed bool // the HTTP request is over
}

// close ends the HTTP side: a response handed over but not written fails.
func (r *httpResponder) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	select {
	case f := <-r.first:
		f.written <- errNoHTTPResponse
	default:
	}
}

func (r *httpResponder) Respond(ctx context.Context, resp *discordgo.InteractionResponse) error {
	f := firstResponse{resp: resp, written: make(chan error, 1)}
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return errNoHTTPResponse
	}
	select {
	case r.first <- f:
	default:
		r.mu.Unlock()
		return errors.New("interaction responded to twice")
	}
	r.mu.Unlock()
	select {
	case err := <-f.written:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *httpResponder) EditOriginal(ctx context.Context, edit *discordgo.WebhookEdit) (*discordgo.Message, error) {
	return r.rest.EditOriginal(ctx, edit)
}

func (r *httpResponder) Followup(ctx context.Context, p *discordgo.WebhookParams) (*discordgo.Message, error) {
	return r.rest.Followup(ctx, p)
}

// sourceKey marks a context with where a question came from, for metrics.
type sourceKey struct{}

func withSource(ctx context.Context, source string) context.Context {
	return context.WithValue(ctx, sourceKey{}, source)
}

// sourceOf is the question's source: http, or else slash for interactions.
func sourceOf(ctx context.Context) string {
	if s, ok := ctx.Value(sourceKey{}).(string); ok {
		return s
	}
	return metrics.SourceSlash
}
