package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/retrieval/textclean"
)

// askJSON is the stable --json shape of `talkbot ask`.
type askJSON struct {
	Question  string     `json:"question"`
	Answer    string     `json:"answer"`
	Abstained bool       `json:"abstained"`
	Mode      bot.Mode   `json:"mode"`
	Model     string     `json:"model,omitempty"`
	Usage     *usageJSON `json:"usage,omitempty"`
	Reason    string     `json:"reason,omitempty"`
	// Corrections are the misspelt names read as names of the articles.
	Corrections []correctionJSON `json:"corrections,omitempty"`
	Citations   []citationJSON   `json:"citations"`
}

type correctionJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// correctionsJSON is how misspelt names were read, for --json; nil when
// none were (the field is then left out).
func correctionsJSON(fixes []bot.Correction) []correctionJSON {
	var out []correctionJSON
	for _, c := range fixes {
		out = append(out, correctionJSON{From: c.From, To: c.To})
	}
	return out
}

// correctionLine is how misspelt names were read, as the line (and blank
// line) that opens a terminal answer; "" when none were.
func correctionLine(fixes []bot.Correction) string {
	if len(fixes) == 0 {
		return ""
	}
	return "(" + textclean.Line(bot.CorrectionNote(fixes)) + ")\n\n"
}

type usageJSON struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

type citationJSON struct {
	N         int           `json:"n"`
	Article   string        `json:"article"`
	Headline  string        `json:"headline"`
	Date      string        `json:"date"`
	Publisher string        `json:"publisher"`
	URL       string        `json:"url"`
	Passages  []passageJSON `json:"passages"`
}

// passageJSON is one passage a citation stands for, with the exact text the
// answer drew on.
type passageJSON struct {
	PassageID string `json:"passage_id"`
	Text      string `json:"text"`
}

func runAsk(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ask")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	k := fs.Int("k", bot.DefaultK, "with a model (OPENAI_API_KEY or OPENAI_BASE_URL): build its context around the articles of the 2×`N` best passages; "+
		"the answer without a model always picks from its own pool of at least 10 passages")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	question := strings.Join(pos, " ")
	if err := bot.CheckQuestion(question); err != nil {
		return asUsage(a.questionHint(err))
	}
	if *k < 1 || *k > 100 {
		return usagef("-k %d: want a number from 1 to 100", *k)
	}
	ix, err := a.loadIndex(ctx)
	if err != nil {
		return err
	}
	llm, err := bot.LLMConfigFromEnv(a.getenv)
	if err != nil {
		return asUsage(err)
	}
	topic, err := bot.TopicFromEnv(a.getenv)
	if err != nil {
		return asUsage(err)
	}
	h, err := a.hybrid(ctx, ix)
	if err != nil {
		return err
	}
	q := bot.Query{Question: question}
	logger := a.logger
	var live *livePrinter
	var waiting *progressLine // on a terminal's stderr until the model's first words come
	if llm != nil && !*asJSON {
		live = newLivePrinter(a.stdout)
		waiting = newProgressLine(a.stderr)
	}
	var held bytes.Buffer
	if live != nil {
		q.OnPartial = func(text string) {
			waiting.clear()
			live.update(text)
		}
	}
	if live != nil || waiting != nil {
		// Log lines written mid-stream would break the erasing of the
		// streamed text, or run on after the waiting line: hold them
		// until those are gone.
		logger, _ = newLogger(&held, a.getenv, !a.serving)
	}
	// The answer says why it fell back ("Answered from the articles
	// directly because …", or --json's "reason"): the engine's warning of
	// the same would say it twice.
	logger = slog.New(saidInAnswer{logger.Handler()})
	engine := bot.New(ix, bot.Options{K: *k, Logger: logger, LLM: llm, Hybrid: h, Topic: topic})
	// A slow model shows nothing for up to OPENAI_TIMEOUT otherwise.
	waiting.show("waiting for the model…")
	ans, err := engine.Ask(ctx, q)
	waiting.clear()
	live.clear()
	a.stderr.Write(held.Bytes())
	if err != nil {
		if bot.IsQuestionError(err) {
			return asUsage(a.questionHint(err))
		}
		return withSettingHint(err)
	}
	if *asJSON {
		return writeJSON(a.stdout, answerJSON(ans))
	}
	return writeText(a.stdout, formatAnswer(ans))
}

// saidInAnswer drops the engine's "…, answering extractively" warnings,
// which a one-shot answer carries as its fallback reason.
type saidInAnswer struct{ slog.Handler }

func (h saidInAnswer) Handle(ctx context.Context, r slog.Record) error {
	if strings.HasSuffix(r.Message, "answering extractively") {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h saidInAnswer) WithAttrs(as []slog.Attr) slog.Handler {
	return saidInAnswer{h.Handler.WithAttrs(as)}
}

func (h saidInAnswer) WithGroup(name string) slog.Handler {
	return saidInAnswer{h.Handler.WithGroup(name)}
}

func answerJSON(ans *bot.Answer) askJSON {
	out := askJSON{
		Question: ans.Question, Answer: ans.Text, Abstained: ans.Abstained, Mode: ans.Mode,
		Model: ans.Model, Reason: ans.FallbackReason(), Citations: []citationJSON{},
	}
	out.Corrections = correctionsJSON(ans.Corrections)
	if ans.Usage != nil {
		out.Usage = &usageJSON{ans.Usage.PromptTokens, ans.Usage.CompletionTokens}
	} else if ans.Model != "" {
		// LLM mode, and the model failed before spending anything (a
		// refused request, none sent): the same fields, with no tokens.
		out.Usage = &usageJSON{}
	}
	for _, c := range ans.Citations {
		cj := citationJSON{
			N: c.N, Article: c.Article, Headline: c.Headline,
			Date: c.Date.Format("2006-01-02"), Publisher: c.Publisher, URL: c.URL, Passages: []passageJSON{},
		}
		for _, p := range c.Passages {
			cj.Passages = append(cj.Passages, passageJSON{PassageID: p.ID, Text: p.Text})
		}
		out.Citations = append(out.Citations, cj)
	}
	return out
}

// formatAnswer renders an answer for a terminal: the text, then the numbered
// source list, one line per article: headline, publisher (left out when
// unknown), date and link. Everything shown is cleaned of escape sequences
// and bidirectional overrides (textclean).
func formatAnswer(ans *bot.Answer) string {
	var b strings.Builder
	b.WriteString(correctionLine(ans.Corrections))
	b.WriteString(textclean.Text(ans.Text))
	b.WriteString("\n")
	if reason := ans.FallbackReason(); reason != "" {
		b.WriteString("\n" + fallbackLine(reason) + "\n")
	}
	if len(ans.Citations) > 0 {
		b.WriteString("\nSources:\n")
		for _, c := range ans.Citations {
			b.WriteString(sourceLine(c))
			b.WriteString("\n")
		}
	}
	return b.String()
}

// fallbackLine says why a model's answer gave way to the quoted one, as one
// sentence without brackets around it: the reason (an llm.Error's text)
// carries the status and attempts after a dash, and may end in the
// server's own words.
func fallbackLine(reason string) string {
	reason = strings.TrimRight(textclean.Line(reason), ". ")
	return "Answered from the articles directly because " + reason + "."
}

// sourceLine is "[n] Headline, Publisher, 2025-02-23 <https://…>".
func sourceLine(c bot.Citation) string {
	return fmt.Sprintf("[%d] %s", c.N, sourceText(c))
}

// sourceText is sourceLine without the number: how every command names
// an article.
func sourceText(c bot.Citation) string {
	parts := []string{textclean.Line(c.Headline)}
	if p := textclean.Line(c.Publisher); p != "" {
		parts = append(parts, p)
	}
	if !c.Date.IsZero() {
		parts = append(parts, c.Date.Format("2006-01-02"))
	}
	line := strings.Join(parts, ", ")
	if u := textclean.Line(c.URL); u != "" {
		line += " <" + u + ">"
	}
	return line
}

// questionHint adds to a question error what to type instead.
func (a *app) questionHint(err error) error {
	return queryHint(err, "ask it", "talkbot ask "+quoteArg(a.examples().question))
}

// queryHint adds to an error of CheckQuestion what to type instead: retry
// says what to do ("ask it"), call is a command to copy.
func queryHint(err error, retry, call string) error {
	switch {
	case errors.Is(err, bot.ErrQuestionTooLong):
		return fmt.Errorf("%w: %s in fewer words", err, retry)
	case bot.IsQuestionError(err):
		return fmt.Errorf("%w: %s in words, in quotes: %s", err, retry, call)
	}
	return err
}

// examples are the question, and the search query or timeline topic, a
// usage error suggests.
type examples struct{ question, query string }

// examples fit the articles read: the built-in ones' subject; the
// subject TALKBOT_TOPIC names; or, for a folder of articles on a subject
// not named, none in particular.
func (a *app) examples() examples {
	topic, err := bot.TopicFromEnv(a.getenv)
	switch {
	case err == nil && topic != bot.DefaultTopic:
		return examples{"What do the articles say about " + topic + "?", topic}
	case a.corpusDir != "":
		return examples{"What was agreed, and by whom?", "agreement"}
	}
	return examples{"Where did US and Russian officials meet?", "Riyadh meeting"}
}
