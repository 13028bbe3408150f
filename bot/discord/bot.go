// Package discord is talkbot's Discord transport: slash commands, mentions
// and follow-ups in threads, answered by the transport-free core in package
// bot. It owns everything Discord-specific: acknowledgements, streaming edits,
// message limits, mention suppression, rate limits and graceful shutdown.
package discord

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/textclean"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// Answerer answers one question; *bot.Engine is one.
type Answerer interface {
	Ask(ctx context.Context, q bot.Query) (*bot.Answer, error)
}

// Timeline lists dated events; *timeline.Timeline is one. Filtered
// timelines are cached; a Timeline whose corpus changes while the bot runs
// must also have a method CorpusVersion() uint64 that changes with it.
type Timeline interface {
	Events(ctx context.Context, f timeline.Filter) ([]timeline.Event, error)
	Topics(prefix string, limit int) []string
}

// DefaultAPIURL is where Discord's REST API and gateway discovery live.
const DefaultAPIURL = "https://discord.com"

// ErrNoToken means the bot has no token to log in with.
var ErrNoToken = errors.New("DISCORD_TOKEN is not set: create a bot in the Discord developer portal and put its token in .env (to ask questions without Discord, use `talkbot ask`)")

// Config is how an operator runs the bot. The zero value of every field but
// Token is a sensible default.
type Config struct {
	Token   string // the bot token, with or without the "Bot " prefix
	GuildID string // register commands on this guild (instant) instead of globally
	APIURL  string // base URL for REST and gateway discovery; "" means DefaultAPIURL

	RatePerMinute int // questions per user per minute; 0 means 5, negative means no limit
	MaxConcurrent int // answers composed at once; 0 means 4
	MaxQueue      int // questions waiting for a free slot; 0 means 100
	AllowGuilds   []string
	AllowChannels []string      // a thread is allowed when its parent channel is
	EditInterval  time.Duration // between streaming edits; 0 means 1 s
	AnswerTimeout time.Duration // per answer; 0 means 2 min
	ShutdownGrace time.Duration // for answers in flight at shutdown; 0 means 25 s
	HistoryTurns  int           // earlier turns kept for follow-ups; 0 means 3
	Topic         string        // what the articles are about (TALKBOT_TOPIC); "" means bot.DefaultTopic
	Font          string        // the timeline pictures' font for CJK text (TALKBOT_FONT); "" searches the system's
	Logger        *slog.Logger  // nil discards logs

	// Beyond one process (see scale.go).
	PublicKey     ed25519.PublicKey // verifies InteractionsHandler's requests
	NoGateway     bool              // serve the HTTP endpoint only (RunHTTP, not Run)
	ApplicationID string            // for RunHTTP; "" looks it up with the token
	ShardID       int               // this process's shard, with ShardCount > 1
	ShardCount    int               // 0 or 1: unsharded; ShardAuto: all recommended shards here
	Shared        SharedState       // limits and conversations shared by all processes; nil: per process
	Metrics       *metrics.Metrics  // nil records nothing

	identifyWindow  time.Duration // tests: Discord's 5 s between identify groups, shorter
	httpAckDeadline time.Duration // tests: the HTTP endpoint's wait for a first response, longer under -race
}

func (c *Config) withDefaults() {
	if c.Topic == "" {
		c.Topic = bot.DefaultTopic
	}
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	if c.RatePerMinute == 0 {
		c.RatePerMinute = 5
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = 4
	}
	if c.MaxQueue <= 0 {
		c.MaxQueue = 100
	}
	if c.EditInterval <= 0 {
		c.EditInterval = time.Second
	}
	if c.AnswerTimeout <= 0 {
		c.AnswerTimeout = 2 * time.Minute
	}
	if c.ShutdownGrace <= 0 {
		c.ShutdownGrace = 25 * time.Second
	}
	if c.HistoryTurns <= 0 {
		c.HistoryTurns = 3
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Bot is a Discord bot over an Answerer. Create it with New and start it with
// Run.
type Bot struct {
	cfg      Config
	token    string
	apiURL   *url.URL
	ans      Answerer
	tl       Timeline
	articles []*retrieval.Article // guarded by artMu: serve swaps it on reload
	artMu    sync.RWMutex
	adds     addSettings // /add and announcements (add.go), set before Run
	log      *slog.Logger

	limiter   *userLimiter
	suggest   *userLimiter // autocomplete, which fires with every keystroke
	gate      *gate
	timelines *timelineCache
	memory    *memory
	chans     *channelCache
	botRoles  *botRoleCache
	session   *discordgo.Session // REST always; the gateway while Run runs
	gateway   *shards            // the gateway connections while Run runs; guarded by mu
	now       func() time.Time   // the rate limits' clock: time.Now; tests set a fake one
	faults    sync.Map           // operator faults already logged at ERROR (answer.go)

	mu       sync.Mutex
	running  bool            // Run is in progress
	events   context.Context // parent of gateway-delivered work: Run's context without its cancellation
	closed   bool            // Shutdown was called: no new work
	inflight map[uint64]context.CancelFunc
	nextWork uint64
	idle     chan struct{} // closed once closed and nothing is in flight
	idleDone bool
}

// New checks the configuration and returns a bot ready to Run. ans answers
// /ask and mentions, tl serves /timeline (both required); articles is what
// /sources lists.
func New(cfg Config, ans Answerer, tl Timeline, articles []*retrieval.Article) (*Bot, error) {
	cfg.withDefaults()
	fields := strings.Fields(cfg.Token)
	if len(fields) > 0 && fields[0] == "Bot" {
		fields = fields[1:]
	}
	token := strings.Join(fields, "")
	if token == "" {
		return nil, ErrNoToken
	}
	u, err := url.Parse(strings.TrimRight(cfg.APIURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("DISCORD_API_URL %q is not an http(s) URL", openaiapi.RedactURL(cfg.APIURL))
	}
	if ans == nil {
		return nil, errors.New("discord: no Answerer")
	}
	if tl == nil {
		return nil, errors.New("discord: no Timeline")
	}
	b := &Bot{
		cfg: cfg, token: token, apiURL: u, ans: ans, tl: tl,
		articles: retrieval.NewestFirst(articles), log: cfg.Logger,
		limiter:   newUserLimiter("", cfg.RatePerMinute),
		suggest:   newUserLimiter("suggest:", suggestionsPerMinute(cfg.RatePerMinute)),
		timelines: newTimelineCache(256),
		gate:      newGate(cfg.MaxConcurrent, cfg.MaxQueue),
		memory:    newMemory(5000, 24*time.Hour),
		now:       time.Now,
		inflight:  map[uint64]context.CancelFunc{},
		idle:      make(chan struct{}),
	}
	b.memory.shared = cfg.Shared
	s, err := b.newSession()
	if err != nil {
		return nil, err
	}
	b.session = s
	b.botRoles = newBotRoleCache(managedRoleOf(s))
	b.chans = newChannelCache(2000, channelFailTTL, func(ctx context.Context, id string) (*discordgo.Channel, error) {
		return s.Channel(id, discordgo.WithContext(ctx))
	})
	b.chans.local = func(id string) *discordgo.Channel { return stateChannel(s.State, id) }
	return b, nil
}

// APIURL is the base URL the bot sends its REST requests and gateway
// discovery to: DISCORD_API_URL, or DefaultAPIURL when that is unset, for
// the start-up log. It may hold user info; redact it before showing it.
func (b *Bot) APIURL() string { return b.apiURL.String() }

// stateChannel returns a copy of the gateway state's channel id, or nil
// when the state does not hold it. The copy is taken under the state's
// lock: discordgo overwrites its channels in place on every update.
func stateChannel(st *discordgo.State, id string) *discordgo.Channel {
	c, err := st.Channel(id)
	if err != nil || c == nil {
		return nil
	}
	st.RLock()
	defer st.RUnlock()
	cp := *c
	return &cp
}

// suggestionsPerMinute is the autocomplete allowance: a dozen keystrokes
// for every question allowed, off when questions are not limited.
func suggestionsPerMinute(questions int) int {
	if questions <= 0 {
		return questions
	}
	return 12 * questions
}

// intents are the gateway events the bot needs: guild and direct messages
// with their text (message content is privileged: enable it in the portal).
const intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages |
	discordgo.IntentsDirectMessages | discordgo.IntentMessageContent

// newSession makes a discordgo session whose every REST call, gateway
// discovery included, goes to the configured API URL.
func (b *Bot) newSession() (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + b.token)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: &rateLimitTransport{
		next: newRewriteTransport(b.apiURL, http.DefaultTransport), log: b.log,
	}}
	s.Identify.Intents = intents
	s.LogLevel = -1                  // discordgo logs with the standard logger; we log its events through slog
	s.ShouldRetryOnRateLimit = false // rateLimitTransport retries, boundedly
	s.MaxRestRetries = 3
	s.StateEnabled = true
	s.State.MaxMessageCount = 0
	s.AddHandler(b.onInteraction)
	s.AddHandler(b.onMessage)
	// Connect and Disconnect are logged by the shards (openShards), which
	// know whether the gateway is up or being closed.
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { b.log.Info("gateway session resumed") })
	return s, nil
}

// redactURL drops interaction and webhook tokens from a Discord URL before it
// reaches a log.
func redactURL(u string) string {
	parts := strings.Split(u, "/")
	for i := 1; i < len(parts); i++ {
		if (parts[i-1] == "webhooks" || parts[i-1] == "interactions") && i+1 < len(parts) {
			parts[i+1] = "<token>"
		}
	}
	return strings.Join(parts, "/")
}

// ErrBotClosed is what Run returns once the bot has been shut down (a bot
// runs once, as an http.Server serves until Shutdown).
var ErrBotClosed = errors.New("discord: the bot was shut down")

// ErrRunning is what a second, concurrent Run returns.
var ErrRunning = errors.New("discord: Run is already running")

// claim starts a run (Run or RunHTTP): ErrBotClosed after a shutdown,
// ErrRunning while another run is in progress. events, when not nil,
// becomes the parent of gateway-delivered work. done ends the run.
func (b *Bot) claim(events context.Context) (done func(), err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.closed:
		return nil, ErrBotClosed
	case b.running:
		return nil, ErrRunning
	}
	b.running = true
	if events != nil {
		b.events = events
	}
	return func() {
		b.mu.Lock()
		b.running = false
		b.mu.Unlock()
	}, nil
}

// Run connects to the gateway, registers the commands and answers until ctx
// ends; then it shuts down as Shutdown does, with ShutdownGrace for the
// answers in flight, closes the gateway and returns nil. ctx owns the
// lifetime: the work Run starts inherits its values, and is cancelled only
// when the grace runs out. A failed start may be retried; after a shutdown
// Run returns ErrBotClosed.
func (b *Bot) Run(ctx context.Context) error {
	done, err := b.claim(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}
	defer done()
	s := b.session
	start := time.Now()
	sh, err := b.openShards(ctx)
	if err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
			return fmt.Errorf("Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the developer portal: %w", errRESTFailed)
		}
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			switch ce.Code {
			case 4004:
				return fmt.Errorf("Discord rejected DISCORD_TOKEN (gateway close 4004): copy the bot token again from the developer portal: %w", err)
			case 4014:
				return fmt.Errorf("Discord refused the Message Content intent (gateway close 4014): enable it under Bot → Privileged Gateway Intents in the developer portal: %w", err)
			}
		}
		return fmt.Errorf("connect to the Discord gateway: %w", describeREST(err))
	}
	b.setShards(sh)
	s.State.RLock()
	appID, botID, botName := "", "", ""
	if s.State.Application != nil {
		appID = s.State.Application.ID
	}
	if s.State.User != nil {
		botID, botName = s.State.User.ID, s.State.User.Username
	}
	s.State.RUnlock()
	b.log.Info("connected to Discord", "bot_user", botID, "bot_name", botName, "application", appID, "ms", time.Since(start).Milliseconds())
	if appID == "" {
		appID = botID // the application id of a bot equals its user id
	}
	if err := b.registerCommands(ctx, s, appID); err != nil && ctx.Err() == nil {
		sh.close() // the error says why it stops; no "disconnected" after it
		return err
	}
	// Asked to stop, maybe while the commands were registering: a stop
	// like any other, which closes the bot and gives answers their grace.

	<-ctx.Done()
	grace, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.ShutdownGrace)
	defer cancel()
	b.Shutdown(grace)
	sh.close()
	b.log.Info("stopped")
	return nil
}

func (b *Bot) registerCommands(ctx context.Context, s *discordgo.Session, appID string) error {
	scope := "globally (may take up to an hour to appear)"
	if b.cfg.GuildID != "" {
		scope = "on guild " + b.cfg.GuildID
	}
	cmds, err := s.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, append(commands(b.cfg.Topic), b.addCommands()...), discordgo.WithContext(ctx))
	if err != nil {
		return registerError(scope, err)
	}
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = "/" + c.Name
	}
	b.log.Info("slash commands registered", "scope", scope, "commands", strings.Join(names, " "))
	return nil
}

// registerError explains a failed registration of the slash commands. The
// hint about the invite's scope is given only when Discord refused (403,
// Missing Access): after a network failure it would send the operator to
// the wrong place.
func registerError(scope string, err error) error {
	werr := fmt.Errorf("register slash commands %s: %w", scope, describeREST(err))
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil &&
		(re.Response.StatusCode == http.StatusForbidden || re.Message != nil && re.Message.Code == discordgo.ErrCodeMissingAccess) {
		return fmt.Errorf("%w (was the bot invited with the applications.commands scope?)", werr)
	}
	return werr
}

// describeREST shortens discordgo's REST errors (which embed the request
// and the whole response body) to one line: the status and Discord's
// message, keeping the error chain. A body that is not Discord's JSON is
// clipped to a short excerpt, and an HTML page (a web server's or proxy's
// error page at DISCORD_API_URL, an outage page) is named, not pasted,
// with what to check.
func describeREST(err error) error {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return fmt.Errorf("Discord answered %s%s: %w", textclean.Clip(re.Response.Status, 60), restDetail(re), errRESTFailed)
	}
	var rle *discordgo.RateLimitError
	if errors.As(err, &rle) && rle.RateLimit != nil && rle.TooManyRequests != nil {
		// Its message holds the URL, and with it an interaction's token.
		return fmt.Errorf("Discord is rate limiting this request (retry after %s): %w", rle.RetryAfter.Round(time.Millisecond), errRESTFailed)
	}
	return redactError(err)
}

var errRESTFailed = errors.New("REST request failed")

// maxRESTExcerpt is how much of a REST error's body an error message
// quotes: enough for a proxy's "upstream timed out", not a page.
const maxRESTExcerpt = 120

// restDetail is what describeREST says after the status: ": " and
// Discord's message or a clipped one-line excerpt of the body, or for an
// HTML page what it means and what to check; "" for an empty body.
func restDetail(re *discordgo.RESTError) string {
	if re.Message != nil && re.Message.Message != "" {
		return ": " + textclean.Clip(re.Message.Message, maxRESTExcerpt)
	}
	body := strings.TrimSpace(string(re.ResponseBody))
	if body == "" {
		return ""
	}
	if !textclean.WebPage(body, re.Response.Header.Get("Content-Type")) {
		return ": " + textclean.Clip(body, maxRESTExcerpt)
	}
	// The request's address: the one DISCORD_API_URL rewrote it to. Its
	// path is left out, as it may hold an interaction's token.
	where := ""
	if req := re.Response.Request; req != nil && req.URL != nil {
		where = req.URL.Scheme + "://" + req.URL.Host
	}
	if where == "" || where == DefaultAPIURL {
		return " with a web page, not an API answer: Discord may be down or refusing this address; try again later"
	}
	return " with a web page, not an API answer: check that DISCORD_API_URL (" + openaiapi.RedactURL(where) + ") is Discord's API or a proxy of it"
}

// redactError keeps interaction and webhook tokens, which are secrets, out of
// the URLs that net/http puts in its errors. Of nested *url.Errors it names
// the innermost: the URL rewriteTransport actually tried, not discord.com.
func redactError(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	for {
		var inner *url.Error
		if !errors.As(ue.Err, &inner) {
			break
		}
		ue = inner
	}
	return fmt.Errorf("%s %s: %w", ue.Op, redactURL(ue.URL), ue.Err)
}

// allowed applies the guild and channel allowlists. A thread counts as its
// parent channel.
func (b *Bot) allowed(ctx context.Context, guildID, channelID string) bool {
	if len(b.cfg.AllowGuilds) > 0 && !slices.Contains(b.cfg.AllowGuilds, guildID) {
		return false
	}
	if len(b.cfg.AllowChannels) == 0 || slices.Contains(b.cfg.AllowChannels, channelID) {
		return true
	}
	if c := b.chans.get(ctx, channelID); c != nil && c.IsThread() {
		return slices.Contains(b.cfg.AllowChannels, c.ParentID)
	}
	return false
}

// noMentions is attached to every message and edit: nothing the bot sends,
// whatever the model or an echoed question says, may ping anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}
