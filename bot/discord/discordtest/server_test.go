package discordtest

import (
	"net/http"
	"strings"
	"testing"
)

// quietTB keeps the server's end-of-test report of violations from failing
// this test, which provokes them on purpose.
type quietTB struct{ testing.TB }

func (quietTB) Errorf(string, ...any) {}

func TestServerRefusesBadMessages(t *testing.T) {
	s := New(quietTB{t}, Options{})
	tok := s.Command(Where{}, "ask") // registers an interaction to edit
	post := func(method, path, body string) int {
		req, _ := http.NewRequest(method, s.URL+"/api/v9"+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bot "+s.Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	cases := []struct {
		name, method, path, body string
		status                   int
		violation                string
	}{
		{"no allowed_mentions", "POST", "/channels/1/messages", `{"content":"hi"}`, 400, "allowed_mentions is missing"},
		{"null parse", "POST", "/channels/1/messages", `{"content":"hi","allowed_mentions":{"parse":null}}`, 400, "parse is missing"},
		{"pings allowed", "POST", "/channels/1/messages", `{"content":"hi","allowed_mentions":{"parse":["everyone"]}}`, 400, "not empty"},
		{"too long", "POST", "/channels/1/messages", `{"content":"` + strings.Repeat("x", 2001) + `","allowed_mentions":{"parse":[]}}`, 400, "2001 characters"},
		{"empty", "POST", "/channels/1/messages", `{"content":"","allowed_mentions":{"parse":[]}}`, 400, "empty message"},
		{"edit before ack", "PATCH", "/webhooks/" + s.AppID + "/" + tok + "/messages/@original", `{"content":"x","allowed_mentions":{"parse":[]}}`, 404, "before the acknowledgement"},
		{"unknown route", "DELETE", "/guilds/1", ``, 404, "unexpected request"},
		{"fine", "POST", "/channels/1/messages", `{"content":"hi","allowed_mentions":{"parse":[]}}`, 200, ""},
	}
	for _, c := range cases {
		before := len(s.Violations())
		if got := post(c.method, c.path, c.body); got != c.status {
			t.Errorf("%s: status %d, want %d", c.name, got, c.status)
		}
		v := s.Violations()[before:]
		if c.violation == "" && len(v) > 0 {
			t.Errorf("%s: unexpected violations %q", c.name, v)
		}
		if c.violation != "" && (len(v) != 1 || !strings.Contains(v[0], c.violation)) {
			t.Errorf("%s: violations %q, want one with %q", c.name, v, c.violation)
		}
	}
	req, _ := http.NewRequest("GET", s.URL+"/api/v9/gateway", nil)
	req.Header.Set("Authorization", "Bot wrong")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("a wrong token got %d, want 401", resp.StatusCode)
	}
}
