package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/talkbot/talkbot/bot"
)

// askJSON is the stable --json shape of `talkbot ask`.
type askJSON struct {
	Question  string         `json:"question"`
	Answer    string         `json:"answer"`
	Abstained bool           `json:"abstained"`
	Mode      bot.Mode       `json:"mode"`
	Model     string         `json:"model,omitempty"`
	Usage     *usageJSON     `json:"usage,omitempty"`
	Reason    string         `json:"reason,omitempty"`
	Citations []citationJSON `json:"citations"`
}

type usageJSON struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

type citationJSON struct {
	N         int    `json:"n"`
	Article   string `json:"article"`
	PassageID string `json:"passage_id"`
	Headline  string `json:"headline"`
	Date      string `json:"date"`
	Publisher string `json:"publisher"`
	URL       string `json:"url"`
	Text      string `json:"text"`
}

func runAsk(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ask")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	k := fs.Int("k", bot.DefaultK, "passages to retrieve")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	question := strings.Join(pos, " ")
	if err := bot.CheckQuestion(question); err != nil {
		return asUsage(err)
	}
	if *k < 1 || *k > 100 {
		return usagef("-k %d: want a number from 1 to 100", *k)
	}
	ix, err := a.loadIndex()
	if err != nil {
		return err
	}
	llm, err := bot.LLMConfigFromEnv(a.getenv)
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
	if llm != nil && !*asJSON {
		live = newLivePrinter(a.stdout)
	}
	var held bytes.Buffer
	if live != nil {
		q.OnPartial = live.update
		// Log lines written mid-stream would break the erasing of the
		// streamed text: hold them until it is gone.
		logger, _ = newLogger(&held, a.getenv)
	}
	engine := bot.New(ix, bot.Options{K: *k, Logger: logger, LLM: llm, Hybrid: h})
	ans, err := engine.Ask(ctx, q)
	live.clear()
	a.stderr.Write(held.Bytes())
	if err != nil {
		if errors.Is(err, bot.ErrEmptyQuestion) || errors.Is(err, bot.ErrQuestionTooLong) {
			return asUsage(err)
		}
		return err
	}
	if *asJSON {
		return writeJSON(a.stdout, answerJSON(ans))
	}
	fmt.Fprint(a.stdout, formatAnswer(ans))
	return nil
}

func answerJSON(ans *bot.Answer) askJSON {
	out := askJSON{
		Question: ans.Question, Answer: ans.Text, Abstained: ans.Abstained, Mode: ans.Mode,
		Model: ans.Model, Reason: ans.FallbackReason, Citations: []citationJSON{},
	}
	if ans.Usage != nil {
		out.Usage = &usageJSON{ans.Usage.PromptTokens, ans.Usage.CompletionTokens}
	}
	for _, c := range ans.Citations {
		out.Citations = append(out.Citations, citationJSON{
			N: c.N, Article: c.Article, PassageID: c.PassageID, Headline: c.Headline,
			Date: c.Date.Format("2006-01-02"), Publisher: c.Publisher, URL: c.URL, Text: c.Text,
		})
	}
	return out
}

// formatAnswer renders an answer for a terminal: the text, then the numbered
// source list.
func formatAnswer(ans *bot.Answer) string {
	var b strings.Builder
	b.WriteString(ans.Text)
	b.WriteString("\n")
	if ans.FallbackReason != "" {
		fmt.Fprintf(&b, "\n(answered from the articles directly: %s)\n", ans.FallbackReason)
	}
	if len(ans.Citations) > 0 {
		b.WriteString("\nSources:\n")
		for _, c := range ans.Citations {
			fmt.Fprintf(&b, "[%d] %s, %s, %s", c.N, c.Headline, c.Source(), c.Date.Format("2006-01-02"))
			if c.URL != "" {
				fmt.Fprintf(&b, " <%s>", c.URL)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
