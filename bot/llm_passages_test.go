package bot

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
)

// TestLLMCitedPassages: an LLM answer's citation holds the passages of its
// article that hold what the answer says, verified, not every passage the
// model's markers named: a sentence cited to the Riyadh article's opening
// passage but held by its Diriyah Palace passage is cited to that one
// alone, and that passage is the citation's PassageID and Text (a user
// test listed the article's Feb. 22 sentence for a Feb. 18 claim).
func TestLLMCitedPassages(t *testing.T) {
	const (
		opening = "four and a half hours in Riyadh"
		palace  = "held at Diriyah Palace"
		rubio   = "restore staff at their embassies"
	)
	tests := []struct {
		name  string
		reply func(n func(string) int) string
		want  []string // the passages of citation 1, by a part of each
	}{
		{"cited to another passage of its article",
			func(n func(string) int) string {
				return fmt.Sprintf("The talks were hosted by Saudi Foreign Minister Prince Faisal bin Farhan at Diriyah Palace [%d].", n(opening))
			}, []string{palace}},
		{"cited to two, held by one",
			func(n func(string) int) string {
				return fmt.Sprintf("The talks were hosted by Saudi Foreign Minister Prince Faisal bin Farhan at Diriyah Palace [%d][%d].", n(opening), n(palace))
			}, []string{palace}},
		{"each sentence its passage",
			func(n func(string) int) string {
				return fmt.Sprintf("The talks were hosted by Prince Faisal bin Farhan at Diriyah Palace [%d]. "+
					"Rubio said the two sides would restore staff at their embassies [%d].", n(palace), n(rubio))
			}, []string{palace, rubio}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(t)
			srv.HandleChat(func(req openaitest.ChatRequest) openaitest.Reply {
				return openaitest.Text(tt.reply(func(sub string) int {
					n := numberOf(t, req, sub)
					if n == 0 {
						t.Errorf("no passage sent holds %q", sub)
					}
					return n
				}))
			})
			cfg := LLMConfig{Endpoint: openaiapi.Endpoint{APIKey: "sk-test", BaseURL: srv.BaseURL()}, Model: "gpt-test", Transport: srv.Transport()}
			e := New(indexOf(t, os.DirFS("../retrieval/testdata/talks")), Options{LLM: &cfg})
			ans, err := e.Ask(context.Background(), Query{Question: "Who hosted the Riyadh talks, and where were they held?"})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Mode != ModeLLM || len(ans.Citations) != 1 {
				t.Fatalf("answer (%s, %s) %q with %d citations, want one", ans.Mode, ans.FallbackReason(), ans.Text, len(ans.Citations))
			}
			c := ans.Citations[0]
			var got []string
			for _, p := range c.Passages {
				got = append(got, p.Text)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("passages %q, want those holding %q", got, tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("passage %d %q, want the one holding %q", i+1, got[i], w)
				}
			}
			if c.PassageID != c.Passages[0].ID || c.Text != c.Passages[0].Text {
				t.Errorf("citation's passage %s %q, want its first, %s", c.PassageID, c.Text, c.Passages[0].ID)
			}
		})
	}
}
