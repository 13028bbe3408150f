package discordtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

var (
	reCommands     = regexp.MustCompile(`^/applications/([^/]+)/commands$`)
	reGuildCmds    = regexp.MustCompile(`^/applications/([^/]+)/guilds/([^/]+)/commands$`)
	reCallback     = regexp.MustCompile(`^/interactions/([^/]+)/([^/]+)/callback$`)
	reWebhook      = regexp.MustCompile(`^/webhooks/([^/]+)/([^/]+)$`)
	reWebhookMsg   = regexp.MustCompile(`^/webhooks/([^/]+)/([^/]+)/messages/([^/]+)$`)
	reChannel      = regexp.MustCompile(`^/channels/([^/]+)$`)
	reChannelMsgs  = regexp.MustCompile(`^/channels/([^/]+)/messages$`)
	reChannelMsg   = regexp.MustCompile(`^/channels/([^/]+)/messages/([^/]+)$`)
	reChannelTyper = regexp.MustCompile(`^/channels/([^/]+)/typing$`)
	reGuildMember  = regexp.MustCompile(`^/guilds/([^/]+)/members/([^/]+)$`)
	reCommandName  = regexp.MustCompile(`^[-_\p{Ll}\p{N}]{1,32}$`)
)

// apiError is Discord's JSON error body.
func apiError(w http.ResponseWriter, status, code int, msg string) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"code": code, "message": msg})
	return status
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
	return status
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/gateway-ws" || r.URL.Path == "/gateway-ws/" {
		s.serveGateway(w, r)
		return
	}
	if s.delay > 0 && r.Method == "PATCH" && strings.Contains(r.URL.Path, "/webhooks/") {
		select {
		case <-time.After(s.delay):
		case <-r.Context().Done():
			return // the client gave up: the edit never arrived
		}
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes+1))
	prefix := "/api/v" + discordgo.APIVersion
	path, ok := strings.CutPrefix(r.URL.Path, prefix)
	body, files, formErr := readForm(r.Header.Get("Content-Type"), body)
	// Record the call before it takes effect, so a test that sees the
	// effect also finds the call; the status is filled in after.
	s.mu.Lock()
	idx := len(s.calls)
	s.calls = append(s.calls, Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: body, Files: files, At: time.Now()})
	s.mu.Unlock()
	var status int
	switch {
	case formErr != nil:
		s.violate("%s %s: %v", r.Method, r.URL.Path, formErr)
		if errors.Is(formErr, errTooLarge) {
			status = apiError(w, http.StatusRequestEntityTooLarge, 40005, "Request entity too large")
		} else {
			status = apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body")
		}
	case !ok:
		s.violate("request outside %s: %s %s", prefix, r.Method, r.URL.Path)
		status = apiError(w, http.StatusNotFound, 0, "404: Not Found")
	case r.Header.Get("Authorization") != "Bot "+s.Token && !reCallback.MatchString(path) && !strings.HasPrefix(path, "/webhooks/"):
		s.violate("%s %s with a wrong Authorization header", r.Method, path)
		status = apiError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
	default:
		if ra, limited := s.takeRateLimit(r.Method, path); limited {
			w.Header().Set("Retry-After", fmt.Sprint(int(ra.Seconds()+0.999)))
			w.Header().Set("X-RateLimit-Scope", "user")
			status = writeJSON(w, http.StatusTooManyRequests, map[string]any{
				"message": "You are being rate limited.", "retry_after": ra.Seconds(), "global": false,
			})
			break
		}
		status = s.route(w, r.Method, path, r.URL.Query(), body, files)
	}
	s.mu.Lock()
	s.calls[idx].Status = status
	s.notifyLocked()
	s.mu.Unlock()
}

func (s *Server) takeRateLimit(method, path string) (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rl := range s.rateLimits {
		if rl.left > 0 && rl.match(method, path) {
			rl.left--
			s.served429++
			return rl.retryAfter, true
		}
	}
	return 0, false
}

func (s *Server) route(w http.ResponseWriter, method, path string, q map[string][]string, body []byte, files []File) int {
	if len(files) > 0 && !(method == "POST" && reCallback.MatchString(path)) && !(method == "PATCH" && reWebhookMsg.MatchString(path)) &&
		!(method == "POST" && reWebhook.MatchString(path)) {
		s.violate("files uploaded to %s %s, which this server does not take them on", method, path)
		return apiError(w, 400, 50035, "Invalid Form Body")
	}
	switch {
	case method == "GET" && path == "/gateway":
		return writeJSON(w, 200, map[string]string{"url": s.gatewayURL()})
	case method == "GET" && path == "/gateway/bot":
		return writeJSON(w, 200, map[string]any{"url": s.gatewayURL(), "shards": max(s.shards, 1),
			"session_start_limit": map[string]int{"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": max(s.maxConcurrency, 1)}})
	case method == "GET" && (path == "/applications/@me" || path == "/oauth2/applications/@me"):
		return writeJSON(w, 200, map[string]any{"id": s.AppID, "name": "talkbot", "bot_public": true})
	case method == "PUT" && reCommands.MatchString(path):
		return s.overwrite(w, reCommands.FindStringSubmatch(path)[1], "", body)
	case method == "PUT" && reGuildCmds.MatchString(path):
		m := reGuildCmds.FindStringSubmatch(path)
		return s.overwrite(w, m[1], m[2], body)
	case method == "POST" && reCallback.MatchString(path):
		m := reCallback.FindStringSubmatch(path)
		return s.callback(w, m[1], m[2], body, files)
	case method == "PATCH" && reWebhookMsg.MatchString(path):
		m := reWebhookMsg.FindStringSubmatch(path)
		return s.webhookEdit(w, m[1], m[2], m[3], body, files)
	case method == "POST" && reWebhook.MatchString(path):
		m := reWebhook.FindStringSubmatch(path)
		return s.followup(w, m[1], m[2], q, body, files)
	case method == "GET" && reGuildRoles.MatchString(path):
		return s.guildRoles(w, reGuildRoles.FindStringSubmatch(path)[1])
	case method == "GET" && reChannel.MatchString(path):
		return s.getChannel(w, reChannel.FindStringSubmatch(path)[1])
	case method == "POST" && reChannelMsgs.MatchString(path):
		return s.channelSend(w, reChannelMsgs.FindStringSubmatch(path)[1], body)
	case method == "PATCH" && reChannelMsg.MatchString(path):
		m := reChannelMsg.FindStringSubmatch(path)
		return s.channelEdit(w, m[1], m[2], body)
	case method == "GET" && reGuildMember.MatchString(path):
		m := reGuildMember.FindStringSubmatch(path)
		if m[2] != s.BotID {
			return apiError(w, 404, 10007, "Unknown Member")
		}
		s.mu.Lock()
		roles := append([]string{}, s.botRoles[m[1]]...)
		s.mu.Unlock()
		return writeJSON(w, 200, map[string]any{"user": map[string]any{"id": s.BotID, "username": "talkbot", "bot": true}, "roles": roles})
	case method == "POST" && reChannelTyper.MatchString(path):
		w.WriteHeader(http.StatusNoContent)
		return http.StatusNoContent
	}
	s.violate("unexpected request %s %s", method, path)
	return apiError(w, http.StatusNotFound, 0, "404: Not Found")
}

func (s *Server) overwrite(w http.ResponseWriter, app, guild string, body []byte) int {
	if app != s.AppID {
		s.violate("command overwrite for application %q, want %q", app, s.AppID)
		return apiError(w, 403, 50001, "Missing Access")
	}
	var cmds []*discordgo.ApplicationCommand
	if err := json.Unmarshal(body, &cmds); err != nil {
		s.violate("command overwrite body: %v", err)
		return apiError(w, 400, 50035, "Invalid Form Body")
	}
	if bad := checkCommands(cmds); bad != "" {
		s.violate("command overwrite: %s", bad)
		return apiError(w, 400, 50035, "Invalid Form Body: "+bad)
	}
	s.mu.Lock()
	for _, c := range cmds {
		c.ID = s.newIDLocked()
		c.ApplicationID = app
		c.GuildID = guild
		c.Version = s.newIDLocked()
	}
	s.commands[guild] = cmds
	s.overwrites++
	s.notifyLocked()
	s.mu.Unlock()
	if s.hold != nil {
		<-s.hold
	}
	return writeJSON(w, 200, cmds)
}

func checkCommands(cmds []*discordgo.ApplicationCommand) string {
	if len(cmds) > 100 {
		return "more than 100 commands"
	}
	seen := map[string]bool{}
	for _, c := range cmds {
		if !reCommandName.MatchString(c.Name) {
			return fmt.Sprintf("command name %q is invalid", c.Name)
		}
		if seen[c.Name] {
			return fmt.Sprintf("command %q twice", c.Name)
		}
		seen[c.Name] = true
		if n := len([]rune(c.Description)); n < 1 || n > 100 {
			return fmt.Sprintf("command %q description has %d characters (1-100)", c.Name, n)
		}
		if len(c.Options) > 25 {
			return fmt.Sprintf("command %q has more than 25 options", c.Name)
		}
		optional := false
		for _, o := range c.Options {
			if !reCommandName.MatchString(o.Name) {
				return fmt.Sprintf("option name %q is invalid", o.Name)
			}
			if n := len([]rune(o.Description)); n < 1 || n > 100 {
				return fmt.Sprintf("option %q description has %d characters (1-100)", o.Name, n)
			}
			if o.Required && optional {
				return fmt.Sprintf("required option %q after an optional one", o.Name)
			}
			optional = optional || !o.Required
			if o.Autocomplete && len(o.Choices) > 0 {
				return fmt.Sprintf("option %q has both choices and autocomplete", o.Name)
			}
		}
	}
	return ""
}

func (s *Server) callback(w http.ResponseWriter, id, token string, body []byte, files []File) int {
	var resp struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data json.RawMessage                   `json:"data"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		s.violate("interaction callback body: %v", err)
		return apiError(w, 400, 50035, "Invalid Form Body")
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interacts[token]
	if !ok || in.ID != id {
		s.violateLocked("callback for unknown interaction %s", id)
		return apiError(w, 404, 10062, "Unknown interaction")
	}
	if !in.AckedAt.IsZero() {
		s.violateLocked("interaction %s acknowledged twice", id)
		return apiError(w, 400, 40060, "Interaction has already been acknowledged.")
	}
	var data discordgo.InteractionResponseData
	if len(resp.Data) > 0 && string(resp.Data) != "null" {
		json.Unmarshal(resp.Data, &data)
	}
	var mb messageBody
	json.Unmarshal(resp.Data, &mb)
	mb.files = files
	switch resp.Type {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseDeferredChannelMessageWithSource,
		discordgo.InteractionResponseUpdateMessage, discordgo.InteractionResponseDeferredMessageUpdate:
		if in.Type == discordgo.InteractionApplicationCommandAutocomplete {
			s.violateLocked("interaction %s: response type %d to an autocomplete", id, resp.Type)
			return apiError(w, 400, 50035, "Invalid Form Body")
		}
		create := resp.Type == discordgo.InteractionResponseChannelMessageWithSource
		if resp.Type != discordgo.InteractionResponseDeferredMessageUpdate {
			if bad := checkMessage(&mb, create); len(bad) > 0 {
				s.violateLocked("interaction %s callback: %s", id, strings.Join(bad, "; "))
				return apiError(w, 400, 50035, "Invalid Form Body: "+strings.Join(bad, "; "))
			}
		}
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		if in.Type != discordgo.InteractionApplicationCommandAutocomplete {
			s.violateLocked("interaction %s: autocomplete result to a non-autocomplete", id)
			return apiError(w, 400, 50035, "Invalid Form Body")
		}
		if len(data.Choices) > 25 {
			s.violateLocked("interaction %s: %d choices (max 25)", id, len(data.Choices))
			return apiError(w, 400, 50035, "Invalid Form Body")
		}
		for _, c := range data.Choices {
			if n := len([]rune(c.Name)); n < 1 || n > 100 {
				s.violateLocked("interaction %s: choice name has %d characters (1-100)", id, n)
				return apiError(w, 400, 50035, "Invalid Form Body")
			}
		}
	default:
		s.violateLocked("interaction %s: unexpected callback type %d", id, resp.Type)
		return apiError(w, 400, 50035, "Invalid Form Body")
	}
	in.AckedAt = now
	in.AckType = resp.Type
	in.AckData = &data
	switch resp.Type {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseDeferredChannelMessageWithSource:
		m := &Message{ID: s.newIDLocked(), Flags: data.Flags, AuthorID: s.BotID, Interaction: token, CreatedAt: now}
		m.Content = data.Content
		m.Embeds = data.Embeds
		m.Components = mb.Components
		s.attachLocked(m, &mb)
		s.messages[m.ID] = m
		in.OriginalID = m.ID
	case discordgo.InteractionResponseUpdateMessage:
		if m := s.messages[in.OriginalID]; m != nil {
			applyEdit(m, &mb)
			s.attachLocked(m, &mb)
		}
	}
	s.notifyLocked()
	w.WriteHeader(http.StatusNoContent)
	return http.StatusNoContent
}

// applyEdit applies the fields an edit carries.
func applyEdit(m *Message, b *messageBody) {
	if b.Content != nil {
		m.Content = *b.Content
	}
	if b.Embeds != nil {
		m.Embeds = b.Embeds
	}
	if b.Components != nil {
		m.Components = b.Components
	}
	m.Edits++
}

func messageJSON(m *Message) map[string]any {
	return map[string]any{
		"id": m.ID, "channel_id": m.ChannelID, "content": m.Content, "embeds": m.Embeds,
		"flags": m.Flags, "type": 0, "timestamp": m.CreatedAt.Format(time.RFC3339),
		"author": map[string]any{"id": m.AuthorID, "username": "talkbot", "bot": true},
	}
}

func (s *Server) webhookEdit(w http.ResponseWriter, app, token, msgID string, body []byte, files []File) int {
	s.awaitHTTPResponse(token)
	var mb messageBody
	if err := json.Unmarshal(body, &mb); err != nil {
		s.violate("webhook edit body: %v", err)
		return apiError(w, 400, 50035, "Invalid Form Body")
	}
	mb.files = files
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interacts[token]
	if app != s.AppID || !ok {
		s.violateLocked("edit of unknown webhook %s/%s", app, msgID)
		return apiError(w, 404, 10015, "Unknown Webhook")
	}
	if msgID == "@original" {
		if in.OriginalID == "" {
			s.violateLocked("interaction %s: original edited before the acknowledgement", in.ID)
			return apiError(w, 404, 10008, "Unknown Message")
		}
		msgID = in.OriginalID
	}
	m := s.messages[msgID]
	// A button's interaction edits the message the button is on (after a
	// deferred update), which another interaction created.
	component := in.Type == discordgo.InteractionMessageComponent && msgID == in.OriginalID
	if m == nil || (m.Interaction != token && !component) {
		s.violateLocked("interaction %s: edit of unknown message %s", in.ID, msgID)
		return apiError(w, 404, 10008, "Unknown Message")
	}
	if bad := checkMessage(&mb, false); len(bad) > 0 {
		s.violateLocked("interaction %s edit: %s", in.ID, strings.Join(bad, "; "))
		return apiError(w, 400, 50035, "Invalid Form Body: "+strings.Join(bad, "; "))
	}
	applyEdit(m, &mb)
	s.attachLocked(m, &mb)
	s.notifyLocked()
	return writeJSON(w, 200, messageJSON(m))
}

func (s *Server) followup(w http.ResponseWriter, app, token string, q map[string][]string, body []byte, files []File) int {
	s.awaitHTTPResponse(token)
	var mb messageBody
	if err := json.Unmarshal(body, &mb); err != nil {
		s.violate("follow-up body: %v", err)
		return apiError(w, 400, 50035, "Invalid Form Body")
	}
	mb.files = files
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interacts[token]
	if app != s.AppID || !ok {
		s.violateLocked("follow-up to unknown webhook %s", app)
		return apiError(w, 404, 10015, "Unknown Webhook")
	}
	if in.AckedAt.IsZero() {
		s.violateLocked("interaction %s: follow-up before the acknowledgement", in.ID)
		return apiError(w, 404, 10015, "Unknown Webhook")
	}
	if bad := checkMessage(&mb, true); len(bad) > 0 {
		s.violateLocked("interaction %s follow-up: %s", in.ID, strings.Join(bad, "; "))
		return apiError(w, 400, 50035, "Invalid Form Body: "+strings.Join(bad, "; "))
	}
	m := &Message{ID: s.newIDLocked(), Flags: mb.Flags, AuthorID: s.BotID, Interaction: token, Followup: true, CreatedAt: time.Now()}
	applyEdit(m, &mb)
	s.attachLocked(m, &mb)
	m.Edits = 0
	s.messages[m.ID] = m
	in.Followups = append(in.Followups, m.ID)
	s.notifyLocked()
	if len(q["wait"]) == 0 || q["wait"][0] != "true" {
		w.WriteHeader(http.StatusNoContent)
		return http.StatusNoContent
	}
	return writeJSON(w, 200, messageJSON(m))
}

func (s *Server) getChannel(w http.ResponseWriter, id string) int {
	s.mu.Lock()
	c, ok := s.channels[id]
	s.mu.Unlock()
	if !ok {
		return apiError(w, 404, 10003, "Unknown Channel")
	}
	return writeJSON(w, 200, c)
}

func (s *Server) channelSend(w http.ResponseWriter, channelID string, body []byte) int {
	var mb messageBody
	if err := json.Unmarshal(body, &mb); err != nil {
		s.violate("message body: %v", err)
		return apiError(w, 400, 50035, "Invalid Form Body")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if bad := checkMessage(&mb, true); len(bad) > 0 {
		s.violateLocked("message in %s: %s", channelID, strings.Join(bad, "; "))
		return apiError(w, 400, 50035, "Invalid Form Body: "+strings.Join(bad, "; "))
	}
	if ref := mb.Reference; ref != nil {
		if _, ok := s.messages[ref.MessageID]; !ok {
			s.violateLocked("reply to unknown message %s", ref.MessageID)
			return apiError(w, 400, 50035, "Invalid Form Body: Unknown message")
		}
	}
	m := &Message{ID: s.newIDLocked(), ChannelID: channelID, AuthorID: s.BotID, Reference: mb.Reference, CreatedAt: time.Now()}
	applyEdit(m, &mb)
	m.Edits = 0
	s.messages[m.ID] = m
	s.notifyLocked()
	return writeJSON(w, 200, messageJSON(m))
}

func (s *Server) channelEdit(w http.ResponseWriter, channelID, msgID string, body []byte) int {
	var mb messageBody
	if err := json.Unmarshal(body, &mb); err != nil {
		s.violate("message edit body: %v", err)
		return apiError(w, 400, 50035, "Invalid Form Body")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.messages[msgID]
	if m == nil || m.ChannelID != channelID {
		s.violateLocked("edit of unknown message %s in %s", msgID, channelID)
		return apiError(w, 404, 10008, "Unknown Message")
	}
	if m.AuthorID != s.BotID {
		s.violateLocked("edit of another user's message %s", msgID)
		return apiError(w, 403, 50005, "Cannot edit a message authored by another user")
	}
	if bad := checkMessage(&mb, false); len(bad) > 0 {
		s.violateLocked("edit of %s: %s", msgID, strings.Join(bad, "; "))
		return apiError(w, 400, 50035, "Invalid Form Body: "+strings.Join(bad, "; "))
	}
	applyEdit(m, &mb)
	s.notifyLocked()
	return writeJSON(w, 200, messageJSON(m))
}

// maxRequestBytes bounds a request body: a file at Discord's limit and its
// JSON.
const maxRequestBytes = MaxFileBytes + 1<<20

var errTooLarge = errors.New("request larger than Discord takes")

// readForm returns the JSON payload of a request and the files it uploads:
// a multipart/form-data body as discordgo sends with files (payload_json and
// files[n] parts), or a plain JSON body.
func readForm(contentType string, body []byte) ([]byte, []File, error) {
	if len(body) > maxRequestBytes {
		return nil, nil, fmt.Errorf("%w: %d bytes", errTooLarge, len(body))
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" {
		return body, nil, nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var payload []byte
	var files []File
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("multipart body: %w", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, fmt.Errorf("multipart part %q: %w", p.FormName(), err)
		}
		switch name := p.FormName(); {
		case name == "payload_json":
			payload = data
		case strings.HasPrefix(name, "files[") || strings.HasPrefix(name, "file"):
			if p.FileName() == "" {
				return nil, nil, fmt.Errorf("file part %q has no file name", name)
			}
			if len(data) > MaxFileBytes {
				return nil, nil, fmt.Errorf("%w: file %q has %d bytes, over %d", errTooLarge, p.FileName(), len(data), MaxFileBytes)
			}
			files = append(files, File{Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
		default:
			return nil, nil, fmt.Errorf("unexpected multipart part %q", name)
		}
	}
	if payload == nil {
		return nil, nil, errors.New("multipart body without payload_json")
	}
	return payload, files, nil
}

// attachLocked applies the attachments of a create or edit to m: an
// attachments list keeps only the existing attachments it names, and new
// files are added.
func (s *Server) attachLocked(m *Message, b *messageBody) {
	if b.Attachments != nil {
		var kept []File
		for _, a := range m.Attachments {
			for _, want := range *b.Attachments {
				if want.ID == a.ID {
					kept = append(kept, a)
					break
				}
			}
		}
		m.Attachments = kept
	}
	for _, f := range b.files {
		f.ID = s.newIDLocked()
		m.Attachments = append(m.Attachments, f)
	}
}
