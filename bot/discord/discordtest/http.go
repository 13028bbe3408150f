package discordtest

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Interactions can reach a bot as HTTP requests instead of gateway events
// (an "interactions endpoint URL"). Then Discord POSTs the interaction,
// signed with the application's key, and takes the HTTP response as the
// interaction's first response; edits and follow-ups still go through the
// webhook REST endpoints this Server plays. HTTPCommand makes such a
// request; Deliver posts it and records the response as Discord would.

// HTTPInteraction is one interaction to POST to an interactions endpoint.
type HTTPInteraction struct {
	Token string // the key for Interaction, Original and Followups
	Body  []byte // the JSON Discord would POST
}

func (s *Server) httpInteraction(typ discordgo.InteractionType, w Where, data map[string]any, message map[string]any) HTTPInteraction {
	w = w.withDefaults()
	s.mu.Lock()
	id, token := s.newIDLocked(), "itoken-"+s.newIDLocked()
	in := &Interaction{ID: id, Token: token, Type: typ, SentAt: time.Now()}
	if message != nil {
		in.OriginalID = message["id"].(string)
	}
	s.interacts[token] = in
	if s.httpAcks == nil {
		s.httpAcks = map[string]chan struct{}{}
	}
	s.httpAcks[token] = make(chan struct{})
	s.mu.Unlock()
	ev := s.interactionJSON(id, token, typ, w, data)
	if message != nil {
		ev["message"] = message
	}
	body, err := json.Marshal(ev)
	if err != nil {
		s.tb.Fatalf("discordtest: encode interaction: %v", err)
	}
	return HTTPInteraction{Token: token, Body: body}
}

// HTTPCommand makes a slash command interaction to POST.
func (s *Server) HTTPCommand(w Where, name string, opts ...Option) HTTPInteraction {
	return s.httpInteraction(discordgo.InteractionApplicationCommand, w, s.commandData(name, opts), nil)
}

// HTTPClick makes a button press on the bot's message msgID to POST.
func (s *Server) HTTPClick(w Where, msgID, customID string) HTTPInteraction {
	data, msg := s.clickData(w, msgID, customID)
	return s.httpInteraction(discordgo.InteractionMessageComponent, w, data, msg)
}

// HTTPOfType makes an interaction of any type with the data given to POST:
// a modal submit, or a type Discord may add.
func (s *Server) HTTPOfType(w Where, typ discordgo.InteractionType, data map[string]any) HTTPInteraction {
	return s.httpInteraction(typ, w, data, nil)
}

// HTTPAutocomplete makes an autocomplete interaction to POST.
func (s *Server) HTTPAutocomplete(w Where, name string, opts ...Option) HTTPInteraction {
	return s.httpInteraction(discordgo.InteractionApplicationCommandAutocomplete, w, s.commandData(name, opts), nil)
}

// The bot may send its first edit as soon as its HTTP response is written,
// before Deliver has read and recorded it: Discord takes the response first,
// so the webhook waits for it here.
func (s *Server) httpResponseIn(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch, ok := s.httpAcks[token]; ok {
		close(ch)
		delete(s.httpAcks, token)
	}
}

func (s *Server) awaitHTTPResponse(token string) {
	s.mu.Lock()
	ch := s.httpAcks[token]
	s.mu.Unlock()
	if ch == nil {
		return
	}
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
	}
}

// Ping is the body of the PING Discord sends to check an endpoint.
func Ping() []byte {
	return []byte(`{"id":"1","application_id":"1","type":1,"token":"ping","version":1}`)
}

// SignRequest signs body as Discord does: Ed25519 over the timestamp and the
// body, in the X-Signature-Ed25519 and X-Signature-Timestamp headers.
func SignRequest(r *http.Request, key ed25519.PrivateKey, body []byte, at time.Time) {
	ts := strconv.FormatInt(at.Unix(), 10)
	sig := ed25519.Sign(key, append([]byte(ts), body...))
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	r.Header.Set("X-Signature-Timestamp", ts)
}

// Delivery is what an endpoint answered to an interaction.
type Delivery struct {
	Status   int
	Response *discordgo.InteractionResponse // nil unless a 200 with a valid body
	Raw      []byte                         // the JSON response (payload_json of a multipart one)
	Files    int                            // attachments in a multipart response
	Elapsed  time.Duration                  // from sending the request to reading the response
}

// Deliver POSTs in to the endpoint url signed with key, as Discord does, and
// records the response as the interaction's acknowledgement, so the bot's
// edits and follow-ups through the webhook are accepted (and checked) as
// after a callback. A response that breaks Discord's rules is a violation.
func (s *Server) Deliver(client *http.Client, url string, key ed25519.PrivateKey, in HTTPInteraction) (Delivery, error) {
	defer s.httpResponseIn(in.Token)
	req, err := http.NewRequest("POST", url, bytes.NewReader(in.Body))
	if err != nil {
		return Delivery{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	SignRequest(req, key, in.Body, time.Now())
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return Delivery{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 26<<20))
	d := Delivery{Status: resp.StatusCode, Elapsed: time.Since(start)}
	if err != nil {
		return d, err
	}
	if resp.StatusCode != http.StatusOK {
		d.Raw = raw
		return d, nil
	}
	mt, params, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch mt {
	case "application/json":
		d.Raw = raw
	case "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(p)
			if p.FormName() == "payload_json" {
				d.Raw = b
			} else if strings.HasPrefix(p.FormName(), "files[") {
				d.Files++
			}
		}
	default:
		s.violate("interaction %s: HTTP response of type %q, want application/json", in.Token, resp.Header.Get("Content-Type"))
		return d, fmt.Errorf("response content type %q", resp.Header.Get("Content-Type"))
	}
	var ir discordgo.InteractionResponse
	if err := json.Unmarshal(d.Raw, &ir); err != nil {
		s.violate("interaction %s: HTTP response is not an interaction response: %v", in.Token, err)
		return d, err
	}
	d.Response = &ir
	if ir.Type == discordgo.InteractionResponsePong {
		return d, nil
	}
	s.mu.Lock()
	id := ""
	if it, ok := s.interacts[in.Token]; ok {
		id = it.ID
	}
	s.mu.Unlock()
	// The same checks and bookkeeping as a callback over REST.
	rec := httptest.NewRecorder()
	if st := s.callback(rec, id, in.Token, d.Raw, nil); st >= 300 {
		return d, fmt.Errorf("the response was refused: %s", strings.TrimSpace(rec.Body.String()))
	}
	return d, nil
}

func (s *Server) recordShard(shard *[2]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if shard == nil {
		shard = &[2]int{0, 1}
	}
	s.shardIDs = append(s.shardIDs, *shard)
	s.identifiedAt = append(s.identifiedAt, time.Now())
	s.notifyLocked()
}

// Shards returns the shard field ([id, count]) of every IDENTIFY so far, in
// order; an IDENTIFY without one counts as [0, 1].
func (s *Server) Shards() [][2]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.shardIDs)
}

// IdentifyTimes returns when each IDENTIFY of Shards arrived.
func (s *Server) IdentifyTimes() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.identifiedAt)
}
