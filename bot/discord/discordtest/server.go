// Package discordtest plays Discord on loopback for tests: the REST API the bot
// uses (httptest) and a gateway websocket that speaks the real protocol
// (HELLO, IDENTIFY, READY, heartbeats, RESUME, dispatches). A real discordgo
// session connects to it when its requests are pointed at Server.URL.
//
// The server checks what Discord checks and more: every message and edit must
// carry allowed_mentions with an empty parse list, stay within Discord's size
// limits, and edits must follow an acknowledgement. Breaches are answered with
// Discord's 400 and reported as test errors when the test ends.
package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Options configure a Server.
type Options struct {
	// Token is the bot token the server expects, without the "Bot " prefix.
	// Empty means "test-token".
	Token string
	// HeartbeatInterval is sent in HELLO; 0 means 45 s (Discord's order of
	// magnitude), short values exercise heartbeats.
	HeartbeatInterval time.Duration
	// RefuseIntents closes the gateway with 4014 (disallowed intents) at
	// IDENTIFY, as Discord does when the Message Content intent is not
	// enabled for the application.
	RefuseIntents bool
	// Shards and MaxConcurrency are what GET /gateway/bot recommends; 0
	// means 1.
	Shards, MaxConcurrency int
	// HoldCommands, when not nil, holds the reply to a command
	// registration until it is closed: the commands are recorded (Commands
	// sees them) while the bot still waits for the reply, as on a slow
	// network.
	HoldCommands chan struct{}
	// EditDelay is how long each edit through the interaction webhook
	// (PATCH /webhooks/…) takes before the server handles it, as on a slow
	// network or behind Discord's queue; a request whose context ends first
	// fails and changes nothing.
	EditDelay time.Duration
}

// Server is Discord on loopback. Its methods are safe for concurrent use.
type Server struct {
	URL   string // base URL, e.g. http://127.0.0.1:1234; set DISCORD_API_URL to it
	BotID string // the bot user's id, sent in READY
	AppID string // the application id, sent in READY
	Token string // the token the bot must present, without "Bot "

	tb     testing.TB
	hs     *httptest.Server
	hb     time.Duration
	refuse bool
	hold   chan struct{} // Options.HoldCommands
	delay  time.Duration // Options.EditDelay
	upg    websocket.Upgrader

	dmu            sync.Mutex // serialises gateway dispatches
	mu             sync.Mutex
	changed        chan struct{} // closed and replaced on every change
	nextID         int64
	calls          []Call
	violations     []string
	messages       map[string]*Message      // by id
	interacts      map[string]*Interaction  // by token
	httpAcks       map[string]chan struct{} // by token: closed once an HTTP-delivered interaction's response is in (http.go)
	shards         int                      // recommended by GET /gateway/bot
	maxConcurrency int
	shardIDs       [][2]int    // the shard field of each IDENTIFY, in order; [0,1] for none
	identifiedAt   []time.Time // when each IDENTIFY arrived
	channels       map[string]*discordgo.Channel
	botRoles       map[string][]string                        // the bot member's role ids, by guild
	commands       map[string][]*discordgo.ApplicationCommand // by scope: "" global, else guild id
	roles          map[string][]*discordgo.Role               // by guild id (SetRoles)
	overwrites     int
	rateLimits     []*rateLimit
	served429      int
	gw             *gatewayConn // the live connection, or nil
	gwConns        int
	sessionID      string
	seq            int64
	history        []dispatch // this session's dispatches, for RESUME
	identifies     int
	resumes        int
	heartbeats     int
	closed         bool
}

// Call is one REST request the server received.
type Call struct {
	Method, Path string
	Query        string
	Body         json.RawMessage // the JSON payload (payload_json of a multipart upload)
	Files        []File          // files uploaded with a multipart request
	Status       int
	At           time.Time
}

// File is a file uploaded with a message (files[n] of a multipart request),
// or an attachment of a message after its edits.
type File struct {
	ID          string // the attachment id the server gave it
	Name        string
	ContentType string
	Data        []byte
}

// MaxFileBytes is the largest file Discord takes from a bot without boosts;
// the server refuses larger uploads as Discord does (413, code 40005).
const MaxFileBytes = 10 << 20

// Message is a message as the server holds it after all edits.
type Message struct {
	ID          string
	ChannelID   string
	Content     string
	Embeds      []*discordgo.MessageEmbed
	Components  json.RawMessage
	Flags       discordgo.MessageFlags
	Reference   *discordgo.MessageReference
	AuthorID    string
	Attachments []File // files attached, in order
	Edits       int    // edits after creation
	Interaction string // token of the interaction it answers, if any
	Followup    bool   // a follow-up of an interaction
	CreatedAt   time.Time
}

// Interaction is an interaction the server dispatched and what the bot did
// with it.
type Interaction struct {
	ID, Token  string
	Type       discordgo.InteractionType
	SentAt     time.Time // when the dispatch was written to the gateway
	AckedAt    time.Time // when the callback arrived; zero until then
	AckType    discordgo.InteractionResponseType
	AckData    *discordgo.InteractionResponseData
	OriginalID string   // the id of the original response message
	Followups  []string // ids of follow-up messages, in order
}

type rateLimit struct {
	match      func(method, path string) bool
	retryAfter time.Duration
	left       int
}

// New starts a server and stops it when the test ends. At the end it also
// reports every protocol violation as a test error.
func New(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := &Server{
		BotID:  "100000000000000001",
		AppID:  "100000000000000002",
		Token:  opts.Token,
		tb:     tb,
		hb:     opts.HeartbeatInterval,
		refuse: opts.RefuseIntents,
		hold:   opts.HoldCommands,
		delay:  opts.EditDelay,
		shards: opts.Shards, maxConcurrency: opts.MaxConcurrency,
		changed:   make(chan struct{}),
		nextID:    200000000000000000,
		messages:  map[string]*Message{},
		interacts: map[string]*Interaction{},
		channels:  map[string]*discordgo.Channel{},
		botRoles:  map[string][]string{},
		commands:  map[string][]*discordgo.ApplicationCommand{},
	}
	if s.Token == "" {
		s.Token = "test-token"
	}
	if s.hb <= 0 {
		s.hb = 45 * time.Second
	}
	s.hs = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.hs.URL
	tb.Cleanup(func() {
		s.Close()
		for _, v := range s.Violations() {
			tb.Errorf("discordtest: %s", v)
		}
	})
	return s
}

// Close drops the gateway connection and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	gw := s.gw
	s.gw = nil
	s.mu.Unlock()
	if gw != nil {
		gw.conn.Close()
	}
	s.hs.CloseClientConnections()
	s.hs.Close()
}

func (s *Server) newIDLocked() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) violate(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violateLocked(format, args...)
}

func (s *Server) violateLocked(format string, args ...any) {
	s.violations = append(s.violations, fmt.Sprintf(format, args...))
	s.notifyLocked()
}

// Violations returns the protocol breaches seen so far.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.violations)
}

// Wait blocks until cond returns true, re-evaluating it after every change
// the server sees, and fails the test after timeout. cond may call the
// server's accessors.
func (s *Server) Wait(timeout time.Duration, what string, cond func() bool) {
	s.tb.Helper()
	if err := s.WaitContext(context.Background(), timeout, cond); err != nil {
		s.tb.Fatalf("discordtest: waiting for %s: %v", what, err)
	}
}

// WaitContext is Wait returning an error instead of failing the test.
func (s *Server) WaitContext(ctx context.Context, timeout time.Duration, cond func() bool) error {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-timer.C:
			return fmt.Errorf("timed out after %v", timeout)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Calls returns the REST requests received so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// Message returns a copy of the message with the given id, or nil.
func (s *Server) Message(id string) *Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messageLocked(id)
}

func (s *Server) messageLocked(id string) *Message {
	m, ok := s.messages[id]
	if !ok {
		return nil
	}
	c := *m
	c.Embeds = slices.Clone(m.Embeds)
	c.Attachments = slices.Clone(m.Attachments)
	return &c
}

// ChannelMessages returns copies of the bot's messages in a channel (not
// interaction responses), oldest first.
func (s *Server) ChannelMessages(channelID string) []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Message
	for id, m := range s.messages {
		if m.ChannelID == channelID && m.Interaction == "" && m.AuthorID == s.BotID {
			out = append(out, s.messageLocked(id))
		}
	}
	slices.SortFunc(out, func(a, b *Message) int { return cmpID(a.ID, b.ID) })
	return out
}

func cmpID(a, b string) int {
	x, _ := strconv.ParseInt(a, 10, 64)
	y, _ := strconv.ParseInt(b, 10, 64)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// Interaction returns a copy of the state of the interaction with the given
// token, or nil.
func (s *Server) Interaction(token string) *Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interacts[token]
	if !ok {
		return nil
	}
	c := *in
	c.Followups = slices.Clone(in.Followups)
	return &c
}

// Original returns the original response of an interaction, or nil before
// the acknowledgement.
func (s *Server) Original(token string) *Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interacts[token]
	if !ok || in.OriginalID == "" {
		return nil
	}
	return s.messageLocked(in.OriginalID)
}

// Followups returns the follow-up messages of an interaction, in order.
func (s *Server) Followups(token string) []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interacts[token]
	if !ok {
		return nil
	}
	var out []*Message
	for _, id := range in.Followups {
		out = append(out, s.messageLocked(id))
	}
	return out
}

// Commands returns the commands registered in a scope: "" for global, else a
// guild id; ok is false when no overwrite reached that scope.
func (s *Server) Commands(scope string) (cmds []*discordgo.ApplicationCommand, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cmds, ok = s.commands[scope]
	return slices.Clone(cmds), ok
}

// AddChannel makes a channel known to GET /channels/{id}.
func (s *Server) AddChannel(c *discordgo.Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[c.ID] = c
}

// AddRole adds a role to a guild (GET /guilds/{id}/roles lists it) and,
// with botHasIt, to the bot's member there (GET /guilds/{id}/members/{bot}).
// A bot's own managed role is Managed and held by the bot.
func (s *Server) AddRole(guildID string, r *discordgo.Role, botHasIt bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.roles == nil {
		s.roles = map[string][]*discordgo.Role{}
	}
	s.roles[guildID] = append(s.roles[guildID], r)
	if botHasIt {
		s.botRoles[guildID] = append(s.botRoles[guildID], r.ID)
	}
}

// RateLimit makes the next n requests that match answer 429 with
// retry_after.
func (s *Server) RateLimit(n int, retryAfter time.Duration, match func(method, path string) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimits = append(s.rateLimits, &rateLimit{match: match, retryAfter: retryAfter, left: n})
}

// Served429 is how many 429 responses the server has sent.
func (s *Server) Served429() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served429
}

// GatewayStats counts gateway handshakes: fresh sessions, resumes and
// heartbeats received.
type GatewayStats struct {
	Connections, Identifies, Resumes, Heartbeats int
	Connected                                    bool // a session is live (READY or RESUMED sent)
}

// Gateway returns the gateway counters.
func (s *Server) Gateway() GatewayStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return GatewayStats{
		Connections: s.gwConns, Identifies: s.identifies, Resumes: s.resumes,
		Heartbeats: s.heartbeats, Connected: s.gw != nil && s.gw.ready,
	}
}

// MessageBody is the JSON object Discord accepts for messages and edits;
// tests use it to read what the bot sent.
type messageBody struct {
	Content         *string                     `json:"content"`
	Embeds          []*discordgo.MessageEmbed   `json:"embeds"`
	Components      json.RawMessage             `json:"components"`
	Flags           discordgo.MessageFlags      `json:"flags"`
	AllowedMentions json.RawMessage             `json:"allowed_mentions"`
	Reference       *discordgo.MessageReference `json:"message_reference"`
	// Attachments, when present, lists the attachments the message keeps
	// (existing ids) and describes new files (ids "0", "1": files[n]).
	Attachments *[]attachmentRef `json:"attachments"`
	files       []File           // uploaded with the request
}

// attachmentRef is an entry of a message body's attachments: a partial
// attachment, of which Discord documents only id, filename and description
// for a create or an edit. It notes any other field sent (discordgo's
// MessageAttachment sends url, proxy_url, size, waveform… empty), which
// Discord may refuse.
type attachmentRef struct {
	ID          string
	Filename    string
	Description string
	extra       []string
}

func (a *attachmentRef) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for k, v := range m {
		var dst *string
		switch k {
		case "id":
			dst = &a.ID
		case "filename":
			dst = &a.Filename
		case "description":
			dst = &a.Description
		default:
			a.extra = append(a.extra, k)
			continue
		}
		if err := json.Unmarshal(v, dst); err != nil {
			return fmt.Errorf("attachment %s: %w", k, err)
		}
	}
	slices.Sort(a.extra)
	return nil
}

// checkMessage validates a message body as Discord would, plus the
// allowed_mentions rule, and returns the reasons it is refused.
func checkMessage(b *messageBody, create bool) []string {
	var bad []string
	var am struct {
		Parse *[]string `json:"parse"`
	}
	if len(b.AllowedMentions) == 0 || string(b.AllowedMentions) == "null" {
		bad = append(bad, "allowed_mentions is missing")
	} else if err := json.Unmarshal(b.AllowedMentions, &am); err != nil || am.Parse == nil {
		bad = append(bad, "allowed_mentions.parse is missing: "+string(b.AllowedMentions))
	} else if len(*am.Parse) != 0 {
		bad = append(bad, "allowed_mentions.parse is not empty: "+string(b.AllowedMentions))
	}
	content := ""
	if b.Content != nil {
		content = *b.Content
	}
	if n := len([]rune(content)); n > 2000 {
		bad = append(bad, fmt.Sprintf("content has %d characters (max 2000)", n))
	}
	if create && strings.TrimSpace(content) == "" && len(b.Embeds) == 0 {
		bad = append(bad, "cannot send an empty message")
	}
	if len(b.Embeds) > 10 {
		bad = append(bad, fmt.Sprintf("%d embeds (max 10)", len(b.Embeds)))
	}
	total := 0
	for i, e := range b.Embeds {
		n := func(s string) int { return len([]rune(s)) }
		if n(e.Title) > 256 {
			bad = append(bad, fmt.Sprintf("embed %d title has %d characters (max 256)", i, n(e.Title)))
		}
		if n(e.Description) > 4096 {
			bad = append(bad, fmt.Sprintf("embed %d description has %d characters (max 4096)", i, n(e.Description)))
		}
		if len(e.Fields) > 25 {
			bad = append(bad, fmt.Sprintf("embed %d has %d fields (max 25)", i, len(e.Fields)))
		}
		total += n(e.Title) + n(e.Description)
		for _, f := range e.Fields {
			if n(f.Name) > 256 || n(f.Value) > 1024 {
				bad = append(bad, fmt.Sprintf("embed %d field too long", i))
			}
			total += n(f.Name) + n(f.Value)
		}
		if e.Footer != nil {
			if n(e.Footer.Text) > 2048 {
				bad = append(bad, fmt.Sprintf("embed %d footer too long", i))
			}
			total += n(e.Footer.Text)
		}
		if e.Author != nil {
			total += n(e.Author.Name)
		}
	}
	if total > 6000 {
		bad = append(bad, fmt.Sprintf("embeds hold %d characters (max 6000)", total))
	}
	if b.Attachments != nil {
		for i, a := range *b.Attachments {
			if a.ID == "" {
				bad = append(bad, fmt.Sprintf("attachment %d has no id", i))
			}
			if len(a.extra) > 0 {
				bad = append(bad, fmt.Sprintf("attachment %d has fields a partial attachment does not: %s", i, strings.Join(a.extra, ", ")))
			}
			if n := len([]rune(a.Description)); n > 1024 {
				bad = append(bad, fmt.Sprintf("attachment %d description has %d characters (max 1024)", i, n))
			}
		}
	}
	return bad
}
