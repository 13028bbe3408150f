package discord

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

func TestNewNeedsToken(t *testing.T) {
	t.Parallel()
	for _, tok := range []string{"", "  ", "Bot "} {
		_, err := New(Config{Token: tok}, engine(t), testTimeline(t), nil)
		if !errors.Is(err, ErrNoToken) {
			t.Fatalf("New(token %q) = %v, want ErrNoToken", tok, err)
		}
		if !strings.Contains(err.Error(), "talkbot ask") {
			t.Errorf("the error should point to talkbot ask: %v", err)
		}
	}
	if _, err := New(Config{Token: "x", APIURL: "ftp://example.com"}, engine(t), testTimeline(t), nil); err == nil || !strings.Contains(err.Error(), "DISCORD_API_URL") {
		t.Errorf("bad API URL: got %v, want an error naming DISCORD_API_URL", err)
	}
}

// TestNewNeedsAnswererAndTimeline: both are required; a bot without them
// would fail on its first command instead of at start-up.
func TestNewNeedsAnswererAndTimeline(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{Token: "x"}, nil, testTimeline(t), nil); err == nil || !strings.Contains(err.Error(), "Answerer") {
		t.Errorf("New without an Answerer = %v, want an error naming it", err)
	}
	if _, err := New(Config{Token: "x"}, engine(t), nil, nil); err == nil || !strings.Contains(err.Error(), "Timeline") {
		t.Errorf("New without a Timeline = %v, want an error naming it", err)
	}
}

// TestStartupErrors: a refused intent or token ends Run with an error that
// says what to fix.
func TestStartupErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		opts  discordtest.Options
		token string
		want  string
	}{
		{discordtest.Options{RefuseIntents: true}, "", "Message Content intent"},
		{discordtest.Options{}, "wrong-token", "rejected DISCORD_TOKEN"},
	} {
		srv := discordtest.New(quietTB{t}, c.opts)
		tok := c.token
		if tok == "" {
			tok = srv.Token
		}
		b, err := New(Config{Token: tok, APIURL: srv.URL}, engine(t), testTimeline(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		err = b.Run(context.Background())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Run = %v, want an error with %q", err, c.want)
		}
	}
}

// TestRegisterErrorHint: the hint about the invite's applications.commands
// scope comes only with Discord's refusal, not with a network failure or
// another status.
func TestRegisterErrorHint(t *testing.T) {
	t.Parallel()
	rest := func(status int, code int, msg string) error {
		return &discordgo.RESTError{
			Response:     &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status))},
			ResponseBody: []byte(fmt.Sprintf(`{"message": %q, "code": %d}`, msg, code)),
			Message:      &discordgo.APIErrorMessage{Code: code, Message: msg},
		}
	}
	dns := &url.Error{Op: "Put", URL: "https://discord.com/api/v9/applications/1/commands",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "discord.com", IsNotFound: true}}}
	const hint = "(was the bot invited with the applications.commands scope?)"
	tests := []struct {
		name string
		err  error
		hint bool
	}{
		{"403 Missing Access", rest(http.StatusForbidden, discordgo.ErrCodeMissingAccess, "Missing Access"), true},
		{"403 of another code", rest(http.StatusForbidden, 0, "Forbidden"), true},
		{"DNS failure", dns, false},
		{"401", rest(http.StatusUnauthorized, 0, "401: Unauthorized"), false},
		{"500", rest(http.StatusInternalServerError, 0, "Internal Server Error"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := registerError("on guild 1", tt.err).Error()
			if strings.HasSuffix(got, hint) != tt.hint || !strings.HasPrefix(got, "register slash commands on guild 1: ") {
				t.Errorf("got %q, hint %v", got, tt.hint)
			}
		})
	}
}

// TestStartupErrorNamesAPIURL: when DISCORD_API_URL cannot be reached, the
// error names that URL, not discord.com, which was never contacted, and
// never the token.
func TestStartupErrorNamesAPIURL(t *testing.T) {
	t.Parallel()
	const token = "MTIz.secret-bot-token"
	b, err := New(Config{Token: token, APIURL: "http://127.0.0.1:1"}, engine(t), testTimeline(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Run(context.Background())
	if err == nil {
		t.Fatal("Run succeeded against a closed port")
	}
	msg := err.Error()
	if !strings.Contains(msg, "http://127.0.0.1:1/api/v9/gateway") || strings.Contains(msg, "discord.com") || strings.Contains(msg, "secret-bot-token") {
		t.Errorf("Run = %q, want it to name http://127.0.0.1:1/api/v9/gateway, and neither discord.com nor the token", msg)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Run = %v, want it to wrap ECONNREFUSED", err)
	}
}

// quietTB keeps the local Discord's report of violations (provoked here on
// purpose) from failing the test.
type quietTB struct{ testing.TB }

func (quietTB) Errorf(string, ...any) {}

func TestRegistersCommands(t *testing.T) {
	t.Parallel()
	for _, guild := range []string{"", "500000000000000009"} {
		t.Run("guild="+guild, func(t *testing.T) {
			t.Parallel()
			h := start(t, setup{cfg: Config{GuildID: guild}})
			cmds, _ := h.srv.Commands(guild)
			var names []string
			for _, c := range cmds {
				names = append(names, c.Name)
			}
			slices.Sort(names)
			if want := []string{"ask", "help", "sources", "timeline"}; !slices.Equal(names, want) {
				t.Errorf("registered %v, want %v", names, want)
			}
			other := "500000000000000009"
			if guild != "" {
				other = ""
			}
			if _, ok := h.srv.Commands(other); ok {
				t.Errorf("commands also registered in scope %q", other)
			}
		})
	}
}

func TestAskAnswersWithSources(t *testing.T) {
	t.Parallel()
	e := engine(t)
	h := start(t, setup{ans: e})
	const q = "When did US and Russian officials meet in Saudi Arabia?"
	want, err := e.Ask(context.Background(), bot.Query{Question: q})
	if err != nil || len(want.Citations) == 0 {
		t.Fatalf("engine: %v, %d citations; the test needs a cited answer", err, len(want.Citations))
	}
	tok := h.ask("300000000000000001", q)
	m := h.final(tok, "the answer", hasSources)
	in := h.srv.Interaction(tok)
	if in.AckType != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("acknowledged with type %d, want a deferred response (5)", in.AckType)
	}
	if m.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Errorf("a public /ask was answered privately")
	}
	if !strings.Contains(m.Content, want.Text) {
		t.Errorf("content %q does not hold the answer %q", m.Content, want.Text)
	}
	src := embedText(m)
	c := want.Citations[0]
	for _, s := range []string{"`[1]`", c.Headline, c.Date.Format("2 Jan 2006")} {
		if !strings.Contains(src, s) {
			t.Errorf("sources embed lacks %q:\n%s", s, src)
		}
	}
	if len(h.srv.Followups(tok)) != 0 {
		t.Errorf("a short answer sent follow-ups")
	}
}

func TestAskPrivate(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	tok := h.ask("300000000000000001", "Who is Sergei Ryabkov?", discordtest.Option{Name: "private", Value: true})
	m := h.final(tok, "the answer", answered)
	if in := h.srv.Interaction(tok); in.AckData == nil || in.AckData.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("private:true was not acknowledged as ephemeral")
	}
	if m.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("the private answer is not ephemeral")
	}
}

func TestAskBadQuestion(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	tok := h.ask("300000000000000001", "   ")
	m := h.final(tok, "the refusal", func(m *discordtest.Message) bool { return true })
	if !isError(m) || m.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(m.Content, "ask a question") {
		t.Errorf("empty question: got %+v, want an ephemeral request for a question", m)
	}
}

// TestNoPings: a question and an answer full of mass mentions are delivered,
// and the local Discord refuses (and reports) any message or edit without
// allowed_mentions.parse = [].
func TestNoPings(t *testing.T) {
	t.Parallel()
	echo := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
		q.OnPartial("You asked: " + q.Question)
		return &bot.Answer{Question: q.Question, Text: "You asked: " + q.Question + " <@&42> [1]", Mode: bot.ModeExtractive,
			Citations: []bot.Citation{{N: 1, Headline: "@everyone read this", Publisher: "@here"}}}, nil
	})
	h := start(t, setup{ans: echo})
	tok := h.ask("300000000000000001", "@everyone @here when did they meet?")
	m := h.final(tok, "the answer", hasSources)
	// The words arrive, but not as mentions: a zero-width space after the
	// "@" keeps Discord from rendering them as one.
	if !strings.Contains(m.Content, "@\u200beveryone @\u200bhere") || strings.Contains(m.Content+embedText(m), "@everyone") || strings.Contains(m.Content+embedText(m), "@here") {
		t.Errorf("the echoed question and sources should show @everyone and @here inert: %q\n%s", m.Content, embedText(m))
	}
	post := h.srv.Send(discordtest.Post{Where: h.where, Content: h.srv.Mention() + " @everyone where did they meet?", MentionBot: true})
	h.replyTo(post, "the reply to the mention", hasSources)
	// Every request that carried a message had the empty parse list.
	n := 0
	for _, c := range h.srv.Calls() {
		if bytes := string(c.Body); strings.Contains(bytes, `"content"`) {
			n++
			if !strings.Contains(bytes, `"allowed_mentions":{"parse":[]`) {
				t.Errorf("%s %s without allowed_mentions.parse=[]: %s", c.Method, c.Path, bytes)
			}
		}
	}
	if n < 4 {
		t.Errorf("saw %d message requests, want at least 4 (ack, edits, reply)", n)
	}
}

// TestQuestionMarkup: mentions, channels, commands and custom emoji in a
// question are Discord markup, not words to search for: the engine gets the
// question without them (a timestamp as its day), by mention and by /ask.
func TestQuestionMarkup(t *testing.T) {
	t.Parallel()
	asked := make(chan string, 2)
	echo := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
		asked <- q.Question
		return &bot.Answer{Question: q.Question, Text: "They met in Riyadh [1].", Mode: bot.ModeExtractive,
			Citations: []bot.Citation{{N: 1, Headline: "Talks"}}}, nil
	})
	h := start(t, setup{ans: echo})
	const want = "when did and meet in Riyadh on 18 February 2025?"
	h.srv.Send(discordtest.Post{Where: h.where, MentionBot: true,
		Content: h.srv.Mention() + " when did <@300000000000000777> and <@&600000000000000001> meet in <#400000000000000001> Riyadh <:pepe:123456789012345678> on <t:1739836800:D>?"})
	h.ask("300000000000000001", "when did <@!300000000000000777> and </ask:500000000000000001> meet in Riyadh <a:wave:123456789012345678> on <t:1739836800>?")
	for range 2 {
		select {
		case got := <-asked:
			if got != want {
				t.Errorf("the engine was asked %q, want %q", got, want)
			}
		case <-time.After(wait):
			t.Fatal("the engine was not asked")
		}
	}
}

func citationMarkers(s string) []string {
	return regexp.MustCompile(`\[[0-9, ]+\]`).FindAllString(s, -1)
}

func TestLongAnswerIsSplit(t *testing.T) {
	t.Parallel()
	var text strings.Builder
	var cites []bot.Citation
	for i := 1; text.Len() < 4500; i++ {
		n := (i-1)%12 + 1
		fmt.Fprintf(&text, "Sentence number %d says something the articles report about the talks in some detail [%d]. ", i, n)
		if i%9 == 0 {
			text.WriteString("\n\n")
		}
	}
	for n := 1; n <= 12; n++ {
		cites = append(cites, bot.Citation{N: n, Headline: strings.Repeat("Long headline ", 10) + fmt.Sprint(n),
			Publisher: "Reuters", URL: fmt.Sprintf("https://example.com/a/%d?x=(1)", n), Date: time.Date(2025, 2, n, 0, 0, 0, 0, time.UTC)})
	}
	long := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
		return &bot.Answer{Question: q.Question, Text: strings.TrimSpace(text.String()), Citations: cites, Mode: bot.ModeLLM, Model: "test-model"}, nil
	})
	h := start(t, setup{ans: long})
	tok := h.ask("300000000000000001", "Tell me everything")
	h.srv.Wait(wait, "the answer and its follow-ups", func() bool {
		f := h.srv.Followups(tok)
		return len(f) > 0 && hasSources(f[len(f)-1])
	})
	parts := []*discordtest.Message{h.srv.Original(tok)}
	parts = append(parts, h.srv.Followups(tok)...)
	if len(parts) < 3 {
		t.Fatalf("a %d-character answer came in %d messages, want at least 3", text.Len(), len(parts))
	}
	var joined []string
	for i, p := range parts {
		if n := len([]rune(p.Content)); n > 2000 {
			t.Errorf("message %d has %d characters", i, n)
		}
		if strings.Count(p.Content, "[") != strings.Count(p.Content, "]") {
			t.Errorf("message %d cuts a citation: ...%q", i, p.Content[max(0, len(p.Content)-40):])
		}
		if i < len(parts)-1 && hasSources(p) {
			t.Errorf("message %d carries the sources; they belong at the end", i)
		}
		joined = append(joined, p.Content)
	}
	if got, want := citationMarkers(strings.Join(joined, " ")), citationMarkers(text.String()); !slices.Equal(got, want) {
		t.Errorf("the split lost or changed citations: %d markers, want %d", len(got), len(want))
	}
	if got, want := strings.Join(strings.Fields(strings.Join(joined, " ")), " "), strings.Join(strings.Fields(text.String()), " "); got != want {
		t.Errorf("the split changed the text")
	}
	src := embedText(parts[len(parts)-1])
	for n := 1; n <= 12; n++ {
		if !strings.Contains(src, fmt.Sprintf("`[%d]`", n)) {
			t.Errorf("source %d missing from the sources", n)
		}
	}
	if !strings.Contains(src, "https://example.com/a/1?x=%281%29") || !strings.Contains(src, "test-model") {
		t.Errorf("sources should link (with parentheses escaped) and name the model:\n%s", src)
	}
}

// TestStreamingEdits: partial text shows up as paced edits, then the final
// answer replaces it.
func TestStreamingEdits(t *testing.T) {
	t.Parallel()
	const interval = 150 * time.Millisecond
	step := make(chan struct{})
	streaming := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
		text := ""
		for i := range 30 {
			text += fmt.Sprintf("word%d ", i)
			q.OnPartial(text)
			if i == 0 || i == 29 {
				select { // let the test see a partial edit at the start and the end
				case <-step:
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}
		}
		return &bot.Answer{Question: q.Question, Text: "Final text [1].", Mode: bot.ModeLLM,
			Citations: []bot.Citation{{N: 1, Headline: "H", Publisher: "P"}}}, nil
	})
	h := start(t, setup{ans: streaming, cfg: Config{EditInterval: interval}})
	tok := h.ask("300000000000000001", "stream please")
	h.final(tok, "a partial edit", func(m *discordtest.Message) bool { return strings.Contains(m.Content, "word0") })
	step <- struct{}{}
	h.final(tok, "the last partial edit", func(m *discordtest.Message) bool { return strings.Contains(m.Content, "word29") })
	step <- struct{}{}
	m := h.final(tok, "the final answer", hasSources)
	if m.Content != "Final text [1]." {
		t.Errorf("final content %q", m.Content)
	}
	var edits []time.Time
	for _, c := range h.srv.Calls() {
		if c.Method == "PATCH" && strings.HasSuffix(c.Path, "/messages/@original") && strings.Contains(string(c.Body), "writing") {
			edits = append(edits, c.At)
		}
	}
	if len(edits) < 2 {
		t.Fatalf("%d partial edits, want at least 2", len(edits))
	}
	for i := 1; i < len(edits); i++ {
		// Edits are paced from the end of the previous one, so they arrive
		// at least an interval apart.
		if d := edits[i].Sub(edits[i-1]); d < interval {
			t.Errorf("edits %d and %d only %v apart, want about %v", i-1, i, d, interval)
		}
	}
}

func TestAnswerFailures(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		ans  answerFunc
		want string
	}{
		{"error after streaming", func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
			q.OnPartial("The delegations met in")
			return nil, errors.New("llm: connection reset by peer")
		}, "Please try again"},
		{"panic", func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
			panic("boom")
		}, "went wrong"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, setup{ans: c.ans})
			tok := h.ask("300000000000000001", "When did they meet?")
			m := h.final(tok, "the error message", isError)
			if !strings.Contains(m.Content, c.want) || strings.Contains(m.Content, "llm:") {
				t.Errorf("got %q, want a short message with %q and no internals", m.Content, c.want)
			}
			if c.name == "panic" {
				id := h.srv.Interaction(tok).ID
				h.logs.waitFor(t, 1, "panic")
				if !regexp.MustCompile(`"interaction":"` + id + `"[^\n]*panic|panic[^\n]*"interaction":"` + id + `"`).MatchString(h.logs.String()) {
					t.Errorf("the panic is not logged with the interaction id %s", id)
				}
			}
		})
	}
}

// TestLLMFallbackNote: an answer the engine fell back on says so.
func TestLLMFallbackNote(t *testing.T) {
	t.Parallel()
	fb := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
		return &bot.Answer{Question: q.Question, Text: "Quoted [1]", Mode: bot.ModeExtractive, Fallback: errors.New("llm: 500"),
			Citations: []bot.Citation{{N: 1, Headline: "H"}}}, nil
	})
	h := start(t, setup{ans: fb})
	m := h.final(h.ask("300000000000000001", "q?"), "the answer", hasSources)
	if !strings.Contains(m.Content, "language model was unavailable") || strings.Contains(m.Content, "500") {
		t.Errorf("fallback answer: %q", m.Content)
	}
}

func TestMentionAndReplyFollowUp(t *testing.T) {
	t.Parallel()
	rec, recorded := recordHistories(t)
	h := start(t, setup{ans: rec})
	w := h.where
	replyTo := func(post string) *discordtest.Message { return h.replyTo(post, "the reply to "+post, answered) }
	q1 := h.srv.Send(discordtest.Post{Where: w, Content: h.srv.Mention() + " when did the US and Russia meet in Saudi Arabia?", MentionBot: true})
	a1 := replyTo(q1)
	h.logs.waitFor(t, 1, `"msg":"answered"`, q1) // the conversation is remembered once logged
	if !hasSources(a1) {
		t.Fatalf("mention answered with %q, want an answer with sources", a1.Content)
	}
	// A message that neither mentions the bot nor replies to it is ignored.
	h.srv.Send(discordtest.Post{Where: w, Content: "unrelated chatter"})
	// A reply to the answer is a follow-up, even without a mention.
	q2 := h.srv.Send(discordtest.Post{Where: w, Content: "and who was there?", ReplyTo: a1.ID})
	replyTo(q2)
	// Slash answers can be followed up too.
	tok := h.ask(w.UserID, "Who is Sergei Ryabkov?")
	orig := h.final(tok, "the /ask answer", answered)
	h.logs.waitFor(t, 1, `"msg":"answered"`, h.srv.Interaction(tok).ID)
	q3 := h.srv.Send(discordtest.Post{Where: w, Content: "what else did he say?", ReplyTo: orig.ID})
	replyTo(q3)

	histories := recorded()
	if len(histories) != 4 {
		t.Fatalf("answered %d questions, want 4 (the chatter must be ignored)", len(histories))
	}
	if len(histories[0]) != 0 {
		t.Errorf("first question had history %v", histories[0])
	}
	if len(histories[1]) != 1 || !strings.Contains(histories[1][0].Question, "Saudi Arabia") || histories[1][0].Answer == "" {
		t.Errorf("reply follow-up history = %+v, want the first turn", histories[1])
	}
	if len(histories[3]) != 1 || histories[3][0].Question != "Who is Sergei Ryabkov?" {
		t.Errorf("follow-up to /ask history = %+v", histories[3])
	}
	for _, m := range h.srv.ChannelMessages(w.ChannelID) {
		if m.Reference == nil {
			t.Errorf("bot message %s is not a reply", m.ID)
		}
	}
}

func TestThreadFollowUp(t *testing.T) {
	t.Parallel()
	rec, recorded := recordHistories(t)
	h := start(t, setup{ans: rec})
	thread, w := h.thread("600000000000000001")
	h.srv.AddChannel(thread)
	h.srv.AddChannel(&discordgo.Channel{ID: h.where.ChannelID, GuildID: h.where.GuildID, Type: discordgo.ChannelTypeGuildText})
	h.srv.Send(discordtest.Post{Where: w, Content: h.srv.Mention() + " when did they meet in Saudi Arabia?", MentionBot: true})
	h.waitAnswered(thread.ID, 1, "the first answer in the thread")
	h.logs.waitFor(t, 1, `"msg":"answered"`, thread.ID)
	h.srv.Send(discordtest.Post{Where: w, Content: "and where was that?"})
	h.waitAnswered(thread.ID, 2, "the follow-up in the thread")
	// Outside a thread, a message without a mention stays unanswered.
	h.srv.Send(discordtest.Post{Where: h.where, Content: h.srv.Mention() + " when did they meet?", MentionBot: true})
	h.waitAnswered(h.where.ChannelID, 1, "the answer in the channel")
	h.srv.Send(discordtest.Post{Where: h.where, Content: "and where was that?"})
	tok := h.ask(w.UserID, "sync point") // answered after the chatter was (or wasn't) handled
	h.final(tok, "the sync answer", answered)
	histories := recorded()
	if len(histories) != 4 {
		t.Fatalf("answered %d questions, want 4", len(histories))
	}
	if len(histories[1]) != 1 || !strings.Contains(histories[1][0].Question, "Saudi Arabia") {
		t.Errorf("thread follow-up history = %+v", histories[1])
	}
	if len(histories[2]) != 0 {
		t.Errorf("a question outside the thread got the thread's history")
	}
}

func TestDirectMessages(t *testing.T) {
	t.Parallel()
	rec, recorded := recordHistories(t)
	h := start(t, setup{ans: rec})
	dm := discordtest.Where{UserID: "300000000000000001", ChannelID: "700000000000000001"} // no guild
	h.srv.Send(discordtest.Post{Where: dm, Content: "when did they meet in Saudi Arabia?"})
	h.waitAnswered(dm.ChannelID, 1, "the DM answer")
	h.logs.waitFor(t, 1, `"msg":"answered"`, dm.ChannelID)
	h.srv.Send(discordtest.Post{Where: dm, Content: "and who was there?"})
	h.waitAnswered(dm.ChannelID, 2, "the DM follow-up")
	histories := recorded()
	if len(histories) != 2 || len(histories[1]) != 1 {
		t.Errorf("DM histories %+v, want the second to carry the first turn", histories)
	}
}

// TestTimelineErrors: /timeline over the real timeline refuses a date it
// cannot read, and a page whose range the timeline rejects says why
// instead of a bare "couldn't build the timeline".
func TestTimelineErrors(t *testing.T) {
	t.Parallel()
	h := start(t, setup{tl: testTimeline(t)})
	tok := h.srv.Command(h.where, "timeline", discordtest.Option{Name: "from", Value: "2025-02-30"})
	m := h.final(tok, "the refusal", func(*discordtest.Message) bool { return true })
	if !isError(m) || !strings.Contains(m.Content, "`from`") || !strings.Contains(m.Content, "2025-02-30") || m.Flags&discordgo.MessageFlagsEphemeral == 0 ||
		!strings.Contains(m.Content, "no such day (February 2025 has 28 days)") {
		t.Errorf("from 2025-02-30: got %q, want an ephemeral error naming `from` and the date, saying there is no such day", m.Content)
	}

	m = h.final(h.srv.Command(h.where, "timeline"), "the timeline", hasSources)
	// A pager button whose range is reversed: timeline.Events fails with
	// ErrRange.
	h.srv.Click(h.where, m.ID, "tl:1:20250301:20250201:")
	h.srv.Wait(wait, "the button's answer", func() bool { return isError(h.srv.Message(m.ID)) })
	got := h.srv.Message(m.ID)
	if !isError(got) || !strings.Contains(got.Content, "before") {
		t.Errorf("a reversed range from a button: %q, want an error saying the dates are the wrong way round", got.Content)
	}
}

// TestTimelineOfSeeds runs /timeline over the real extraction.
// TestTimelineMisspeltTopic: /timeline reads a misspelt name in its topic
// as /ask does, and says so.
func TestTimelineMisspeltTopic(t *testing.T) {
	t.Parallel()
	h := start(t, setup{ans: engine(t), tl: testTimeline(t)})
	m := h.final(h.srv.Command(h.where, "timeline", discordtest.Option{Name: "topic", Value: "Lavorv"}), "the timeline", hasSources)
	if !strings.HasPrefix(m.Content, "-# Read “Lavorv” as “Lavrov”.\n") || !strings.Contains(m.Content, "Lavrov") {
		t.Errorf("timeline of a misspelt topic:\n%s", m.Content)
	}
}

func TestTimelineOfSeeds(t *testing.T) {
	t.Parallel()
	tl := testTimeline(t)
	events, err := tl.Events(context.Background(), timeline.Filter{})
	if err != nil || len(events) == 0 {
		t.Fatalf("the seeds have %d events (%v); the test needs some", len(events), err)
	}
	h := start(t, setup{tl: tl})
	m := h.final(h.srv.Command(h.where, "timeline"), "the timeline", hasSources)
	first := "**" + timeline.Headings(events)[0] + "**\n• "
	if !strings.Contains(m.Content, first) || !strings.Contains(m.Content, "[1]") {
		t.Errorf("timeline should start with %q and cite [1]:\n%s", first, m.Content)
	}
	// "within the next two weeks" in an article of 23 Feb: the whole span.
	later := h.final(h.srv.Command(h.where, "timeline", discordtest.Option{Name: "from", Value: "2025-02-23"}), "the later timeline", hasSources)
	if want := "**23 Feb – 9 Mar**\n• Ryabkov added"; !strings.Contains(later.Content, want) {
		t.Errorf("timeline from 23 Feb should show %q:\n%s", want, later.Content)
	}
	if !strings.Contains(embedText(m), events[0].Sources[0].Article.Headline) {
		t.Errorf("sources embed lacks the first event's article:\n%s", embedText(m))
	}
	topics := tl.Topics("", 25)
	if len(topics) == 0 {
		t.Skip("no topics in the seeds")
	}
	ac := h.srv.Autocomplete(h.where, "timeline", discordtest.Option{Name: "topic", Value: topics[0][:1], Focused: true})
	h.srv.Wait(wait, "autocomplete", func() bool { in := h.srv.Interaction(ac); return in != nil && !in.AckedAt.IsZero() })
	if len(h.srv.Interaction(ac).AckData.Choices) == 0 {
		t.Errorf("no autocomplete choices for %q", topics[0][:1])
	}
}

// fakeTimeline serves fixed events, as the real extraction will.
type fakeTimeline struct {
	events []timeline.Event
	topics []string
	got    chan timeline.Filter
}

func (f *fakeTimeline) Events(ctx context.Context, flt timeline.Filter) ([]timeline.Event, error) {
	if f.got != nil {
		f.got <- flt
	}
	var out []timeline.Event
	for _, e := range f.events {
		if (flt.From.IsZero() || !e.Date.Before(flt.From)) && (flt.To.IsZero() || !e.Date.After(flt.To)) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (f *fakeTimeline) Topics(prefix string, limit int) []string {
	var out []string
	for _, t := range f.topics {
		if strings.HasPrefix(strings.ToLower(t), strings.ToLower(prefix)) && len(out) < limit {
			out = append(out, t)
		}
	}
	return out
}

func testEvents(n int) []timeline.Event {
	var out []timeline.Event
	for i := range n {
		a := &retrieval.Article{ID: fmt.Sprintf("a%d.txt", i%4), Headline: fmt.Sprintf("Headline %d", i%4), Publisher: "AP",
			URL: fmt.Sprintf("https://example.com/%d", i%4), Date: time.Date(2025, 2, 20, 0, 0, 0, 0, time.UTC)}
		out = append(out, timeline.Event{
			Date: time.Date(2025, 2, 18, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i), Granularity: timeline.Day, Tense: timeline.Past,
			Text:    fmt.Sprintf("Event %d: officials met and talked for a long while about many things *bold*.", i),
			Sources: []timeline.Source{{Article: a, Passage: retrieval.Passage{ID: a.ID + "#1"}}},
		})
	}
	return out
}

func TestTimelinePages(t *testing.T) {
	t.Parallel()
	ft := &fakeTimeline{events: testEvents(40), topics: []string{"Riyadh", "Rubio", "Ryabkov", "Lavrov"}, got: make(chan timeline.Filter, 10)}
	h := start(t, setup{tl: ft})
	tok := h.srv.Command(h.where, "timeline", discordtest.Option{Name: "from", Value: "2025-02-18"}, discordtest.Option{Name: "topic", Value: "Riyadh"})
	m := h.final(tok, "page 1", hasSources)
	if f := <-ft.got; f.Topic != "Riyadh" || !f.From.Equal(time.Date(2025, 2, 18, 0, 0, 0, 0, time.UTC)) || !f.To.IsZero() {
		t.Errorf("filter = %+v", f)
	}
	if !strings.Contains(m.Content, "**Tue 18 Feb**\n• Event 0: officials met") || !strings.Contains(m.Content, "\\*bold\\*. [1]") {
		t.Errorf("page 1 content:\n%s", m.Content)
	}
	if strings.Contains(m.Content, "Event 39") {
		t.Errorf("40 events on one page")
	}
	if !strings.Contains(embedText(m), "[Headline 0](https://example.com/0)") {
		t.Errorf("sources embed:\n%s", embedText(m))
	}
	bs := buttons(m)
	next, ok := bs["Next ▶"]
	if !ok || next.Disabled || !bs["◀ Previous"].Disabled {
		t.Fatalf("page 1 buttons: %+v", bs)
	}
	click := h.srv.Click(h.where, m.ID, next.CustomID)
	h.srv.Wait(wait, "page 2", func() bool {
		in := h.srv.Interaction(click)
		return in != nil && !in.AckedAt.IsZero()
	})
	if n := len(ft.got); n != 0 {
		t.Errorf("turning the page filtered the timeline again (%d calls); it should come from the cache", n)
	}
	// 40 events: a picture by default, so the page turns by an edit that
	// carries the new page's picture.
	if in := h.srv.Interaction(click); in.AckType != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Errorf("page turn answered with type %d, want 6 (deferred update, then an edit with the picture)", in.AckType)
	}
	h.srv.Wait(wait, "page 2's edit", func() bool { return !strings.Contains(h.srv.Message(m.ID).Content, "Event 0:") })
	p2 := h.srv.Message(m.ID)
	if len(m.Attachments) != 1 || len(p2.Attachments) != 1 || bytes.Equal(m.Attachments[0].Data, p2.Attachments[0].Data) {
		t.Errorf("pages 1 and 2 should each carry their own picture: %d and %d attachments", len(m.Attachments), len(p2.Attachments))
	}
	if p2.Content == m.Content || strings.Contains(p2.Content, "Event 0:") || !strings.Contains(p2.Content, "about “Riyadh”") {
		t.Errorf("page 2 content:\n%s", p2.Content)
	}
	if !strings.HasPrefix(buttons(p2)["◀ Previous"].CustomID, "tlp:1:") {
		t.Errorf("page 2's previous button should lead to page 1: %+v", buttons(p2))
	}

	ac := h.srv.Autocomplete(h.where, "timeline", discordtest.Option{Name: "topic", Value: "r", Focused: true})
	h.srv.Wait(wait, "autocomplete", func() bool { in := h.srv.Interaction(ac); return in != nil && !in.AckedAt.IsZero() })
	var names []string
	for _, c := range h.srv.Interaction(ac).AckData.Choices {
		names = append(names, c.Name)
	}
	if want := []string{"Riyadh", "Rubio", "Ryabkov"}; !slices.Equal(names, want) {
		t.Errorf("autocomplete for %q = %v, want %v", "r", names, want)
	}
}

// TestTimelineDates: a /timeline date that is not one, one of the right
// form but no sane year, or a range that ends before it starts is refused
// privately, naming the option and what is wrong; the first and last days
// of the years taken are not refused.
func TestTimelineDates(t *testing.T) {
	t.Parallel()
	h := start(t, setup{tl: &fakeTimeline{}})
	type opt = discordtest.Option
	// A year out of range: the refusal names the option, the date given
	// and the years taken, whatever its wording.
	years := []string{strconv.Itoa(retrieval.MinYear), strconv.Itoa(retrieval.MaxYear)}
	for i, c := range []struct {
		opts []opt
		want []string // in the refusal; none means the dates are taken
	}{
		{[]opt{{Name: "from", Value: "2025-13-01"}}, []string{"`from`"}},
		{[]opt{{Name: "to", Value: "yesterday"}}, []string{"`to`"}},
		{[]opt{{Name: "from", Value: "2025-03-01"}, {Name: "to", Value: "2025-02-01"}}, []string{"before"}},
		{[]opt{{Name: "from", Value: "0000-01-01"}}, append([]string{"`from`", "0000-01-01"}, years...)},
		{[]opt{{Name: "to", Value: "9999-12-31"}}, append([]string{"`to`", "9999-12-31"}, years...)},
		{[]opt{{Name: "from", Value: "1899-12-31"}}, append([]string{"`from`", "1899-12-31"}, years...)},
		{[]opt{{Name: "from", Value: "1900-01-01"}}, nil},
		{[]opt{{Name: "from", Value: "2100-12-31"}}, nil},
	} {
		// Each case from its own user: every /timeline, refused or not,
		// takes one of the user's five a minute.
		w := h.where
		w.UserID = fmt.Sprintf("3000000000000010%02d", i)
		m := h.final(h.srv.Command(w, "timeline", c.opts...), "the reply", answered)
		lacks := slices.DeleteFunc(slices.Clone(c.want), func(w string) bool { return strings.Contains(m.Content, w) })
		switch {
		case c.want == nil && isError(m):
			t.Errorf("%v refused: %q", c.opts, m.Content)
		case c.want != nil && (!isError(m) || m.Flags&discordgo.MessageFlagsEphemeral == 0 || len(lacks) > 0):
			t.Errorf("%v: got %q (flags %d), want a private error holding %q", c.opts, m.Content, m.Flags, c.want)
		}
	}
}

func TestSourcesAndHelp(t *testing.T) {
	t.Parallel()
	var arts []*retrieval.Article
	for i := range 40 {
		arts = append(arts, &retrieval.Article{ID: fmt.Sprintf("%02d.txt", i), Headline: fmt.Sprintf("Article number %02d", i),
			Publisher: "Reuters", Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)})
	}
	h := start(t, setup{articles: arts})
	tok := h.srv.Command(h.where, "sources")
	m := h.final(tok, "sources", func(*discordtest.Message) bool { return true })
	if m.Flags&discordgo.MessageFlagsEphemeral == 0 || len(m.Embeds) != 1 {
		t.Fatalf("/sources: %+v", m)
	}
	text := embedText(m)
	if !strings.Contains(text, "Article number 39** — Reuters, 9 Feb 2025") || strings.Contains(text, "Article number 00") {
		t.Errorf("page 1 should list the newest first:\n%s", text)
	}
	seen := map[string]bool{}
	for page := 1; ; page++ {
		for _, l := range strings.Split(m.Embeds[0].Description, "\n") {
			seen[l[strings.Index(l, "**"):]] = true
		}
		next := buttons(m)["Next ▶"]
		if next.Disabled || next.CustomID == "" {
			break
		}
		if page > 10 {
			t.Fatal("too many pages")
		}
		click := h.srv.Click(h.where, m.ID, next.CustomID)
		h.srv.Wait(wait, "next page", func() bool { in := h.srv.Interaction(click); return in != nil && !in.AckedAt.IsZero() })
		m = h.srv.Message(m.ID)
	}
	if len(seen) != 40 {
		t.Errorf("paging through /sources showed %d articles, want 40", len(seen))
	}

	tok = h.srv.Command(h.where, "help")
	m = h.final(tok, "help", func(*discordtest.Message) bool { return true })
	for _, s := range []string{"/ask", "/timeline", "/sources", "reply", "thread"} {
		if !strings.Contains(m.Content, s) {
			t.Errorf("/help does not mention %s", s)
		}
	}
}

func TestRateLimitPerUser(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: Config{RatePerMinute: 2}})
	for i := range 2 {
		h.final(h.ask("300000000000000001", fmt.Sprintf("question %d about Riyadh?", i)), "an answer", answered)
	}
	tok := h.ask("300000000000000001", "one too many?")
	m := h.final(tok, "the notice", func(*discordtest.Message) bool { return true })
	if m.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(m.Content, "try again in") {
		t.Errorf("third question in a minute: %q (flags %d), want a polite ephemeral notice", m.Content, m.Flags)
	}
	// Another user is not affected.
	h.final(h.ask("300000000000000002", "my first question?"), "another user's answer", answered)
}

func TestAllowlist(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: Config{AllowChannels: []string{"400000000000000777"}}})
	tok := h.ask("300000000000000001", "When did they meet?")
	m := h.final(tok, "the refusal", func(*discordtest.Message) bool { return true })
	if !strings.Contains(m.Content, "not enabled") || m.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("command outside the allowed channels: %q", m.Content)
	}
	h.where.ChannelID = "400000000000000777"
	h.final(h.ask("300000000000000001", "When did they meet?"), "the answer", hasSources)
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestAllowlistThreadLookupRecovers: a thread whose first lookup failed
// (404: not visible to the bot yet) is looked up again once the failure is
// a little old, instead of being refused until restart; until then the
// failure is remembered, so a busy unknown channel costs no extra requests.
func TestAllowlistThreadLookupRecovers(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: time.Date(2025, 2, 18, 12, 0, 0, 0, time.UTC)}
	h := start(t, setup{
		cfg:     Config{AllowChannels: []string{"400000000000000001"}},
		prepare: func(b *Bot) { b.chans.now = clock.now },
	})
	thread, w := h.thread("600000000000000009")
	lookups := func() int {
		n := 0
		for _, c := range h.srv.Calls() {
			if c.Method == "GET" && c.Path == "/api/v9/channels/"+thread.ID {
				n++
			}
		}
		return n
	}
	ask := func(what string) *discordtest.Message {
		return h.final(h.srv.Command(w, "ask", discordtest.Option{Name: "question", Value: "When did they meet?"}), what, answered)
	}
	if m := ask("the refusal"); !strings.Contains(m.Content, "not enabled") {
		t.Fatalf("a thread the bot cannot see yet: %q, want a refusal", m.Content)
	}
	h.srv.AddChannel(thread) // the bot can see it now
	clock.advance(5 * time.Second)
	if m := ask("the refusal within the TTL"); !strings.Contains(m.Content, "not enabled") {
		t.Errorf("5 s after a failed lookup: %q, want the failure remembered", m.Content)
	}
	if n := lookups(); n != 1 {
		t.Errorf("%d lookups of the thread within the TTL, want 1", n)
	}
	clock.advance(10 * time.Minute)
	if m := ask("the answer"); !hasSources(m) {
		t.Errorf("10 min after a failed lookup, in a thread of an allowed channel: %q, want an answer", m.Content)
	}
	if n := lookups(); n != 2 {
		t.Errorf("%d lookups of the thread, want 2", n)
	}
}

// TestGatewayResume: the connection drops mid-run; an interaction sent while
// it is down is delivered on RESUME and answered, and so are later ones.
func TestGatewayResume(t *testing.T) {
	t.Parallel()
	// Short enough to see two heartbeats soon, long enough that a busy
	// machine does not miss five acks in a row (see TestGatewayLogs).
	h := start(t, setup{srvOpts: discordtest.Options{HeartbeatInterval: 500 * time.Millisecond}})
	h.srv.Wait(wait, "heartbeats", func() bool { return h.srv.Gateway().Heartbeats >= 2 })
	h.final(h.ask("300000000000000001", "When did they meet?"), "an answer before the drop", hasSources)
	h.srv.DropGateway()
	during := h.ask("300000000000000002", "Who is Lavrov?")
	h.srv.Wait(wait, "the resume", func() bool { g := h.srv.Gateway(); return g.Resumes == 1 && g.Connected })
	h.final(during, "the answer to the question sent while disconnected", answered)
	h.final(h.ask("300000000000000003", "Who is Rubio?"), "an answer after the resume", answered)
	if g := h.srv.Gateway(); g.Identifies != 1 {
		t.Errorf("%d IDENTIFYs, want 1: the bot must resume, not start a new session", g.Identifies)
	}
}

// TestGatewayLogs: an outage of the gateway is logged, its loss and its
// return, and the bot's own close of the connection on shutdown is not.
func TestGatewayLogs(t *testing.T) {
	t.Parallel()
	// Discord's own heartbeat interval, not a short one: a busy machine
	// (the race detector, the whole suite on two cores) can stall the
	// client past discordgo's five missed acks, and it reconnects on its
	// own, a second outage this test does not make.
	h := start(t, setup{
		// Event handlers run before Close returns, so what they log on
		// the way out is in the logs when Run returns.
		prepare: func(b *Bot) { b.session.SyncEvents = true }})
	h.srv.DropGateway()
	h.srv.Wait(wait, "the resume", func() bool { g := h.srv.Gateway(); return g.Resumes == 1 && g.Connected })
	// Events after the resume are read once the reconnect's Connect
	// event has been handled.
	h.final(h.ask("300000000000000001", "When did they meet?"), "an answer after the resume", hasSources)
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	logs := h.logs.String()
	if n := strings.Count(logs, `"msg":"gateway disconnected"`); n != 1 {
		t.Errorf("%d \"gateway disconnected\" lines, want 1 (the drop, not the shutdown):\n%s", n, logs)
	}
	if n := strings.Count(logs, `"msg":"gateway connected"`); n != 1 {
		t.Errorf("%d \"gateway connected\" lines, want 1 (the return, not the start):\n%s", n, logs)
	}
}

func TestConcurrentAsks(t *testing.T) {
	t.Parallel()
	const n = 20 // well past the 3 slots: most of them queue
	h := start(t, setup{cfg: Config{MaxConcurrent: 3, RatePerMinute: -1}})
	toks := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			toks[i] = h.ask(fmt.Sprintf("3000000000000%05d", i), "When did US and Russian officials meet?")
		})
	}
	wg.Wait()
	h.srv.Wait(2*wait, "all the answers", func() bool {
		for _, tok := range toks {
			if m := h.srv.Original(tok); m == nil || !hasSources(m) {
				return false
			}
		}
		return true
	})
	for _, tok := range toks {
		if in := h.srv.Interaction(tok); in.AckType != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Errorf("interaction %s acknowledged with %d", in.ID, in.AckType)
		}
	}
}

func TestRetriesRateLimitedEdit(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.srv.RateLimit(1, 50*time.Millisecond, func(method, path string) bool {
		return method == "PATCH" && strings.HasSuffix(path, "/messages/@original")
	})
	tok := h.ask("300000000000000001", "When did they meet?")
	h.final(tok, "the answer despite a 429", hasSources)
	if h.srv.Served429() != 1 {
		t.Fatalf("served %d 429s, want 1", h.srv.Served429())
	}
	patches := func() int {
		n := 0
		for _, c := range h.srv.Calls() {
			if c.Method == "PATCH" {
				n++
			}
		}
		return n
	}
	// The call log is written just after the edit takes effect.
	h.srv.Wait(wait, "the retried edit in the call log", func() bool { return patches() >= 2 })
	if n := patches(); n != 2 {
		t.Errorf("%d edits, want 2 (the 429 and its retry)", n)
	}
}

// TestShutdown: when Run's context ends the bot refuses new work through
// the gateway and finishes the answer in flight before Run returns. (The
// grace running out is TestShutdownGrace, in fake time.)
func TestShutdown(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	started := make(chan string, 1)
	slow := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
		started <- q.Question
		select {
		case <-release:
			return &bot.Answer{Question: q.Question, Text: "Done [1]", Citations: []bot.Citation{{N: 1, Headline: "H"}}}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})
	h := start(t, setup{ans: slow})
	finishing := h.ask("300000000000000001", "finish me?")
	<-started
	h.cancel()
	h.logs.waitFor(t, 1, "shutting down")
	late := h.ask("300000000000000003", "too late?")
	m := h.final(late, "the refusal", func(*discordtest.Message) bool { return true })
	if !strings.Contains(m.Content, "restarting") {
		t.Errorf("question during shutdown: %q", m.Content)
	}
	close(release)
	h.final(finishing, "the answer in flight", hasSources)
	if err := h.stop(); err != nil {
		t.Errorf("Run = %v, want nil", err)
	}
}

func TestRewriteTransport(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	// Gateway discovery went through the configured URL: the session found
	// the local gateway, and only through REST.
	var gw bool
	for _, c := range h.srv.Calls() {
		gw = gw || (c.Method == "GET" && c.Path == "/api/v9/gateway")
	}
	if !gw || h.srv.Gateway().Identifies != 1 {
		t.Errorf("gateway discovery did not reach the local server")
	}
}

// recordQueries answers with the real engine over the seeds and records
// every query it is asked; recorded returns a copy so far.
func recordQueries(t *testing.T) (answerFunc, func() []bot.Query) {
	var mu sync.Mutex
	var queries []bot.Query
	e := engine(t)
	rec := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
		mu.Lock()
		queries = append(queries, q)
		mu.Unlock()
		return e.Ask(ctx, q)
	})
	recorded := func() []bot.Query {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(queries)
	}
	return rec, recorded
}

// recordHistories is recordQueries for the History of each query.
func recordHistories(t *testing.T) (answerFunc, func() [][]bot.Turn) {
	rec, queries := recordQueries(t)
	return rec, func() [][]bot.Turn {
		var out [][]bot.Turn
		for _, q := range queries() {
			out = append(out, q.History)
		}
		return out
	}
}
