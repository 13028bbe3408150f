package discord

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// TestMentionFloodLimitedFirst: bare mentions and over-long questions count
// against the per-user limit before the bot replies to them, so a flood
// gets the replies the limit allows and one notice, not a reply each.
func TestMentionFloodLimitedFirst(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: Config{RatePerMinute: 2}})
	const n = 20
	for i := range n {
		content := h.srv.Mention()
		if i%2 == 1 {
			content += " " + strings.Repeat("why ", 1000) // over-long
		}
		h.srv.Send(discordtest.Post{Where: h.where, Content: content, MentionBot: true})
	}
	h.logs.waitFor(t, n-2, "rate limited")
	// The replies are sent before their handler logs nothing more; the
	// limited ones never reply, so only the first few can be outstanding.
	h.srv.Wait(wait, "the replies allowed", func() bool { return len(h.srv.ChannelMessages(h.where.ChannelID)) >= 3 })
	if got := len(h.srv.ChannelMessages(h.where.ChannelID)); got != 3 {
		t.Errorf("%d mentions in a burst got %d replies, want 3 (2 within the limit, 1 notice)", n, got)
	}
	notices := 0
	for _, m := range h.srv.ChannelMessages(h.where.ChannelID) {
		if strings.Contains(m.Content, "try again in") {
			notices++
		}
	}
	if notices != 1 {
		t.Errorf("%d rate-limit notices, want 1", notices)
	}
}

// TestThreadRepliesOnlyWhenAddressed: after an answer in a thread, the
// person who asked continues without a mention; others' chatter is not
// answered unless it addresses the bot.
func TestThreadRepliesOnlyWhenAddressed(t *testing.T) {
	t.Parallel()
	rec, recorded := recordHistories(t)
	h := start(t, setup{ans: rec})
	thread, _ := h.thread("600000000000000002")
	h.srv.AddChannel(thread)
	alice := discordtest.Where{GuildID: h.where.GuildID, ChannelID: thread.ID, UserID: "300000000000000001"}
	bob := alice
	bob.UserID = "300000000000000002"
	h.srv.Send(discordtest.Post{Where: alice, Content: h.srv.Mention() + " when did they meet in Saudi Arabia?", MentionBot: true})
	h.waitAnswered(thread.ID, 1, "the first answer in the thread")
	h.logs.waitFor(t, 1, `"msg":"answered"`, thread.ID)
	h.srv.Send(discordtest.Post{Where: bob, Content: "lol thanks"})
	h.srv.Send(discordtest.Post{Where: alice, Content: "and who was there?"})
	h.waitAnswered(thread.ID, 2, "the asker's follow-up")
	h.logs.waitFor(t, 2, `"msg":"answered"`, thread.ID)
	h.srv.Send(discordtest.Post{Where: bob, Content: h.srv.Mention() + " and what did Lavrov say?", MentionBot: true})
	h.waitAnswered(thread.ID, 3, "the other person's question with a mention")
	h.logs.waitFor(t, 3, `"msg":"answered"`, thread.ID)
	h.final(h.ask(alice.UserID, "sync point"), "the sync answer", answered)
	histories := recorded()
	if len(histories) != 4 {
		t.Fatalf("answered %d messages, want 4 (not the chatter)", len(histories))
	}
	if len(histories[1]) != 1 {
		t.Errorf("the asker's follow-up had history %+v, want the first turn", histories[1])
	}
	if len(histories[2]) != 2 {
		t.Errorf("a mention in the thread had %d earlier turns, want 2: it continues the thread", len(histories[2]))
	}
}

// versionedTimeline counts its filterings and has a corpus version.
type versionedTimeline struct {
	fakeTimeline
	calls   atomic.Int32
	version atomic.Uint64
	hold    chan struct{} // when set, Events waits for it
}

func (v *versionedTimeline) Events(ctx context.Context, f timeline.Filter) ([]timeline.Event, error) {
	v.calls.Add(1)
	if v.hold != nil {
		select {
		case <-v.hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return v.fakeTimeline.Events(ctx, f)
}

func (v *versionedTimeline) CorpusVersion() uint64 { return v.version.Load() }

// TestTimelineLimitedAndCached: /timeline counts against the per-user limit,
// a repeated filter is served from the cache until the corpus version
// changes, and autocomplete has a bounded allowance of its own.
func TestTimelineLimitedAndCached(t *testing.T) {
	t.Parallel()
	vt := &versionedTimeline{fakeTimeline: fakeTimeline{events: testEvents(12), topics: []string{"Riyadh"}}}
	// Slots for every request this test makes: an autocomplete with every
	// slot busy gets no choices, and a handler may still hold its slot for
	// a moment after Discord has its response.
	h := start(t, setup{tl: vt, cfg: Config{RatePerMinute: 3, MaxConcurrent: 64}})
	show := func(user string) *discordtest.Message {
		w := h.where
		w.UserID = user
		// Text only: this test counts allowances, not pictures, and
		// drawing them under -race is slow.
		return h.final(h.srv.Command(w, "timeline", discordtest.Option{Name: "topic", Value: "Riyadh"}, discordtest.Option{Name: "format", Value: "text"}), "a /timeline reply", func(m *discordtest.Message) bool {
			return hasSources(m) || strings.Contains(m.Content, "try again in")
		})
	}
	show("300000000000000001")
	show("300000000000000001")
	if n := vt.calls.Load(); n != 1 {
		t.Errorf("the same filter twice: filtered %d times, want 1 (cached)", n)
	}
	vt.version.Add(1) // the corpus changed
	show("300000000000000001")
	if n := vt.calls.Load(); n != 2 {
		t.Errorf("after the corpus changed: filtered %d times in all, want 2", n)
	}
	m := show("300000000000000001")
	if !strings.Contains(m.Content, "try again in") || m.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("a 4th /timeline in a minute with a limit of 3: %q, want a private rate-limit notice", m.Content)
	}
	// Autocomplete: 12 suggestions per question allowed, then none.
	suggest := func() []*discordgo.ApplicationCommandOptionChoice {
		w := h.where
		w.UserID = "300000000000000002"
		ac := h.srv.Autocomplete(w, "timeline", discordtest.Option{Name: "topic", Value: "R", Focused: true})
		h.srv.Wait(wait, "autocomplete", func() bool { in := h.srv.Interaction(ac); return in != nil && !in.AckedAt.IsZero() })
		return h.srv.Interaction(ac).AckData.Choices
	}
	for i := range 3 * 12 {
		if got := suggest(); len(got) == 0 {
			t.Fatalf("autocomplete %d of the 36 allowed has no choices", i+1)
		}
	}
	if got := suggest(); len(got) != 0 {
		t.Errorf("the 37th autocomplete in a minute got %d choices, want none (over its allowance)", len(got))
	}
	// The allowance refills at 36 a minute: one more after 60/36 s.
	h.clock.advance(time.Minute/36 + time.Millisecond)
	if got := suggest(); len(got) == 0 {
		t.Errorf("an autocomplete after the allowance refilled got no choices")
	}
	if got := suggest(); len(got) != 0 {
		t.Errorf("a second autocomplete after one refill got %d choices, want none", len(got))
	}
	// A minute on, /timeline is allowed again.
	h.clock.advance(time.Minute)
	if m := show("300000000000000001"); !hasSources(m) {
		t.Errorf("a /timeline a minute after the limit: %q, want the timeline", m.Content)
	}
}

// TestAutocompleteAllowance: autocomplete has an allowance of its own, 12
// suggestions per question allowed, then none (in fake time: no refill).
func TestAutocompleteAllowance(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b, _ := localBot(t, Config{RatePerMinute: 3}, answerFunc(nil))
		b.tl = &fakeTimeline{topics: []string{"Riyadh", "Rubio"}}
		var last *discordtest.Responder
		for i := range 3*12 + 1 {
			last = discordtest.NewResponder(t)
			b.HandleInteraction(context.Background(), discordtest.NewInteraction(i, here, discordgo.InteractionApplicationCommandAutocomplete,
				discordgo.ApplicationCommandInteractionData{Name: "timeline", Options: []*discordgo.ApplicationCommandInteractionDataOption{
					{Name: "topic", Type: discordgo.ApplicationCommandOptionString, Value: "R", Focused: true}}}), last)
			resp := last.Response()
			if resp == nil || resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
				t.Fatalf("autocomplete %d: %s, want choices", i, last)
			}
			if i == 0 && len(resp.Data.Choices) != 2 {
				t.Fatalf("the first autocomplete got %d choices, want 2", len(resp.Data.Choices))
			}
		}
		if n := len(last.Response().Data.Choices); n != 0 {
			t.Errorf("the 37th autocomplete in a minute got %d choices, want none (over its allowance)", n)
		}
	})
}

// TestTimelineQueued: /timeline waits in the answer queue for a free slot
// like /ask, instead of running beside every answer in flight.
func TestTimelineQueued(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	composing := make(chan struct{}, 1)
	busy := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
		composing <- struct{}{} // the answer holds the only slot
		select {
		case <-release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return cited(q, "Done [1]."), nil
	})
	vt := &versionedTimeline{fakeTimeline: fakeTimeline{events: testEvents(3)}}
	h := start(t, setup{ans: busy, tl: vt, cfg: Config{MaxConcurrent: 1, RatePerMinute: -1}})
	asked := h.ask("300000000000000001", "When did they meet?")
	// Not the acknowledgement: the slot is taken only after it.
	select {
	case <-composing:
	case <-time.After(wait):
		t.Fatal("the answer never started")
	}
	tl := h.srv.Command(h.where, "timeline", discordtest.Option{Name: "format", Value: "text"})
	h.final(tl, "the queue notice", func(m *discordtest.Message) bool { return strings.HasPrefix(m.Content, "⏳") })
	if n := vt.calls.Load(); n != 0 {
		t.Errorf("the timeline was filtered while the only slot was taken")
	}
	close(release)
	h.final(tl, "the timeline", hasSources)
	h.final(asked, "the answer", hasSources)
}

// TestTimelinePageRecomputedUnderLimit: a page whose timeline is no longer
// cached (here: the corpus changed) is computed again after a deferred
// update, within the user's allowance.
func TestTimelinePageRecomputedUnderLimit(t *testing.T) {
	t.Parallel()
	vt := &versionedTimeline{fakeTimeline: fakeTimeline{events: testEvents(40)}}
	h := start(t, setup{tl: vt, cfg: Config{RatePerMinute: 1}})
	m := h.final(h.srv.Command(h.where, "timeline"), "page 1", hasSources)
	vt.version.Add(1)
	click := h.srv.Click(h.where, m.ID, buttons(m)["Next ▶"].CustomID)
	h.srv.Wait(wait, "the button's answer", func() bool { in := h.srv.Interaction(click); return in != nil && !in.AckedAt.IsZero() })
	got := h.srv.Original(click)
	if !strings.Contains(got.Content, "try again in") {
		t.Errorf("a page that must be recomputed, over the limit: %q, want a rate-limit notice", got.Content)
	}
	if n := vt.calls.Load(); n != 1 {
		t.Errorf("filtered %d times, want 1: the refused page must not be computed", n)
	}
}

// TestRateLimitStormBounded: Discord answering 429 to every edit costs a
// bounded number of requests, and a 429 that asks for a long wait is not
// waited for; either way the user's answer ends (in an error) at once
// instead of hanging on retries.
func TestRateLimitStormBounded(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name       string
		retryAfter time.Duration
	}{{"storm", 20 * time.Millisecond}, {"long wait", 5 * time.Minute}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, setup{srvOpts: discordtest.Options{}})
			h.srv.RateLimit(1000, c.retryAfter, func(method, path string) bool {
				return method == "PATCH" && strings.HasSuffix(path, "/messages/@original")
			})
			tok := h.ask("300000000000000001", "When did they meet?")
			h.logs.waitFor(t, 1, "could not replace the pending response", h.srv.Interaction(tok).ID)
			patches := 0
			for _, call := range h.srv.Calls() {
				if call.Method == "PATCH" {
					patches++
				}
			}
			// The answer's edit and the error message that replaces it,
			// each tried 1 + maxRateLimitRetries times at most.
			if limit := 2 * (1 + maxRateLimitRetries); patches > limit {
				t.Errorf("%d edits in a 429 storm, want at most %d", patches, limit)
			}
		})
	}
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func tooMany(retryAfter string) *http.Response {
	return &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"1"}},
		Body: io.NopCloser(strings.NewReader(`{"message":"You are being rate limited.","retry_after":` + retryAfter + `,"global":false}`))}
}

// TestRateLimitTransport: retries are bounded, resend the body, wait as
// Discord asks, and stop when the request's context ends (in fake time).
func TestRateLimitTransport(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var calls []time.Time
		var bodies []string
		next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			calls = append(calls, time.Now())
			var b []byte
			if r.Body != nil {
				b, _ = io.ReadAll(r.Body)
			}
			bodies = append(bodies, string(b))
			return tooMany("0.5"), nil
		})
		tr := &rateLimitTransport{next: next, log: discardLogger()}
		req, _ := http.NewRequest("PATCH", "https://discord.com/api/v9/webhooks/1/itoken-x/messages/@original", strings.NewReader(`{"content":"x"}`))
		resp, err := tr.RoundTrip(req)
		if err != nil || resp.StatusCode != 429 {
			t.Fatalf("RoundTrip = %v, %v; want the last 429 back", resp, err)
		}
		if b, _ := io.ReadAll(resp.Body); !strings.Contains(string(b), "retry_after") {
			t.Errorf("the 429's body was not kept for discordgo: %q", b)
		}
		if len(calls) != 1+maxRateLimitRetries {
			t.Errorf("%d requests, want %d", len(calls), 1+maxRateLimitRetries)
		}
		for i := 1; i < len(calls); i++ {
			if d := calls[i].Sub(calls[i-1]); d != 500*time.Millisecond {
				t.Errorf("retry %d after %v, want the 0.5 s Discord asked for", i, d)
			}
			if bodies[i] != bodies[0] {
				t.Errorf("retry %d sent %q, want the body again", i, bodies[i])
			}
		}

		calls = nil
		ctx, cancel := context.WithCancel(context.Background())
		req, _ = http.NewRequestWithContext(ctx, "GET", "https://discord.com/api/v9/channels/1", nil)
		go func() {
			time.Sleep(200 * time.Millisecond)
			cancel()
		}()
		start := time.Now()
		if _, err := tr.RoundTrip(req); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled while waiting: %v, want context.Canceled", err)
		}
		if d := time.Since(start); d != 200*time.Millisecond {
			t.Errorf("returned %v after the request, want at the cancellation (200ms)", d)
		}

		calls = nil
		ctx, cancel = context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		req, _ = http.NewRequestWithContext(ctx, "GET", "https://discord.com/api/v9/channels/1", nil)
		next2 := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			calls = append(calls, time.Now())
			return tooMany("5"), nil
		})
		tr.next = next2
		resp, err = tr.RoundTrip(req)
		if err != nil || resp.StatusCode != 429 || len(calls) != 1 {
			t.Errorf("a 5 s wait with 2 s left: %v, %v after %d requests; want the 429 at once", resp, err, len(calls))
		}
	})
}

func TestDescribeRateLimitError(t *testing.T) {
	t.Parallel()
	err := &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{
		TooManyRequests: &discordgo.TooManyRequests{RetryAfter: 2 * time.Second},
		URL:             "https://discord.com/api/v9/webhooks/1/itoken-secret/messages/@original"}}
	got := describeREST(fmt.Errorf("edit: %w", err)).Error()
	if strings.Contains(got, "itoken-secret") || !strings.Contains(got, "rate limiting") {
		t.Errorf("describeREST = %q, want a rate-limit message without the token", got)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestManagedRoleMention: mentioning the bot's managed role is mentioning
// the bot; mentioning another role the bot holds, or another managed role,
// is not.
func TestManagedRoleMention(t *testing.T) {
	t.Parallel()
	rec, recorded := recordQueries(t)
	h := start(t, setup{ans: rec})
	const own, mods, booster = "900000000000000001", "900000000000000002", "900000000000000003"
	h.srv.AddRole(h.where.GuildID, &discordgo.Role{ID: own, Name: "talkbot", Managed: true}, true)
	h.srv.AddRole(h.where.GuildID, &discordgo.Role{ID: mods, Name: "mods"}, true)
	h.srv.AddRole(h.where.GuildID, &discordgo.Role{ID: booster, Name: "Server Booster", Managed: true}, false)
	h.srv.Send(discordtest.Post{Where: h.where, Content: "<@&" + mods + "> when did they meet?", MentionRoles: []string{mods}})
	h.srv.Send(discordtest.Post{Where: h.where, Content: "<@&" + booster + "> when did they meet?", MentionRoles: []string{booster}})
	h.srv.Send(discordtest.Post{Where: h.where, Content: "<@&" + own + "> when did they meet in Saudi Arabia?", MentionRoles: []string{own}})
	h.waitAnswered(h.where.ChannelID, 1, "the answer to the role mention")
	h.final(h.ask(h.where.UserID, "sync point"), "the sync answer", answered)
	var questions []string
	for _, q := range recorded() {
		questions = append(questions, q.Question)
	}
	if len(questions) != 2 || questions[0] != "when did they meet in Saudi Arabia?" {
		t.Errorf("answered %q, want the role-mention question (without the mention) and the sync point", questions)
	}
}

// spentShared is shared state in which every allowance has been spent by
// other processes; it records the keys asked for.
type spentShared struct {
	mu   sync.Mutex
	keys []string
}

func (s *spentShared) Allow(ctx context.Context, user string, perMinute int) (bool, time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = append(s.keys, user)
	return false, time.Second, nil
}

func (s *spentShared) Acquire(ctx context.Context, pool string, max int, queued func()) (func(), error) {
	return func() {}, nil
}

func (s *spentShared) Load(ctx context.Context, key string) ([]byte, bool, error) {
	return nil, false, nil
}

func (s *spentShared) Save(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return nil
}

// TestAutocompleteSharedAllowance: with shared state, the autocomplete
// allowance is the one shared by every process (under a key of its own),
// so replicas behind a load balancer do not each grant a full allowance.
func TestAutocompleteSharedAllowance(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		shared := &spentShared{}
		b, _ := localBot(t, Config{RatePerMinute: 3, Shared: shared}, answerFunc(nil))
		b.tl = &fakeTimeline{topics: []string{"Riyadh", "Rubio"}}
		r := discordtest.NewResponder(t)
		b.HandleInteraction(context.Background(), discordtest.NewInteraction(0, here, discordgo.InteractionApplicationCommandAutocomplete,
			discordgo.ApplicationCommandInteractionData{Name: "timeline", Options: []*discordgo.ApplicationCommandInteractionDataOption{
				{Name: "topic", Type: discordgo.ApplicationCommandOptionString, Value: "R", Focused: true}}}), r)
		resp := r.Response()
		if resp == nil || resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
			t.Fatalf("autocomplete: %s, want an (empty) list of choices", r)
		}
		if n := len(resp.Data.Choices); n != 0 {
			t.Errorf("autocomplete with the shared allowance spent got %d choices, want none", n)
		}
		shared.mu.Lock()
		defer shared.mu.Unlock()
		if want := []string{"suggest:" + here.UserID}; !slices.Equal(shared.keys, want) {
			t.Errorf("shared allowances asked for: %q, want %q", shared.keys, want)
		}
	})
}

// TestSharedRefusalNoticesPerLimiter: with shared state, an autocomplete
// refused for a spent allowance must not count as telling the user about
// their question allowance (each limiter has its own notices, as without
// shared state).
func TestSharedRefusalNoticesPerLimiter(t *testing.T) {
	t.Parallel()
	b, _ := localBot(t, Config{RatePerMinute: 3, Shared: &spentShared{}}, answerFunc(nil))
	now := time.Now()
	if ok, _, _ := b.allowUser(context.Background(), b.suggest, "u", now); ok {
		t.Fatal("autocomplete allowed with the shared allowance spent")
	}
	ok, _, notify := b.allowUser(context.Background(), b.limiter, "u", now)
	if ok || !notify {
		t.Errorf("question after a refused autocomplete: ok %v notify %v, want refused and notified", ok, notify)
	}
	if _, _, notify := b.allowUser(context.Background(), b.limiter, "u", now); notify {
		t.Error("second refused question notified again within the wait")
	}
}

// countingShared is shared state in a map that records every key loaded.
type countingShared struct {
	mu    sync.Mutex
	kv    map[string][]byte
	loads []string
}

func (s *countingShared) Allow(ctx context.Context, user string, perMinute int) (bool, time.Duration, error) {
	return true, 0, nil
}

func (s *countingShared) Acquire(ctx context.Context, pool string, max int, queued func()) (func(), error) {
	return func() {}, nil
}

func (s *countingShared) Load(ctx context.Context, key string) ([]byte, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads = append(s.loads, key)
	v, ok := s.kv[key]
	return v, ok, nil
}

func (s *countingShared) Save(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kv[key] = value
	return nil
}

func (s *countingShared) loaded(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, k := range s.loads {
		if k == key {
			n++
		}
	}
	return n
}

// TestChannelChatterSkipsSharedMemory: with shared state, people talking
// in an ordinary channel cost no lookup of a thread conversation (a Redis
// round trip per message on a busy server); in a thread the bot answered
// in, the asker still continues without a mention.
func TestChannelChatterSkipsSharedMemory(t *testing.T) {
	t.Parallel()
	shared := &countingShared{kv: map[string][]byte{}}
	h := start(t, setup{cfg: Config{Shared: shared}})
	h.srv.AddChannel(&discordgo.Channel{ID: h.where.ChannelID, GuildID: h.where.GuildID, Type: discordgo.ChannelTypeGuildText})
	thread, in := h.thread("600000000000000003")
	h.srv.AddChannel(thread)
	for _, text := range []string{"morning all", "did anyone see the news?", "lol"} {
		h.srv.Send(discordtest.Post{Where: h.where, Content: text})
	}
	h.srv.Send(discordtest.Post{Where: in, Content: h.srv.Mention() + " when did they meet in Saudi Arabia?", MentionBot: true})
	h.waitAnswered(thread.ID, 1, "the first answer in the thread")
	h.logs.waitFor(t, 1, `"msg":"answered"`, thread.ID)
	h.srv.Send(discordtest.Post{Where: in, Content: "and who was there?"})
	h.waitAnswered(thread.ID, 2, "the asker's follow-up in the thread")
	h.final(h.ask(h.where.UserID, "sync point"), "the sync answer", answered)
	if n := shared.loaded(threadKey(h.where.ChannelID)); n != 0 {
		t.Errorf("chatter in an ordinary channel looked up its thread conversation %d times, want 0", n)
	}
	if n := shared.loaded(threadKey(thread.ID)); n == 0 {
		t.Errorf("the follow-up in the thread never looked up the thread's conversation")
	}
}
