package discordtest

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
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
		{"full attachment", "POST", "/channels/1/messages", `{"content":"hi","allowed_mentions":{"parse":[]},"attachments":[{"id":"0","filename":"a.png","url":"","waveform":"","size":0}]}`, 400, "fields a partial attachment does not: size, url, waveform"},
		{"attachment without id", "POST", "/channels/1/messages", `{"content":"hi","allowed_mentions":{"parse":[]},"attachments":[{"filename":"a.png"}]}`, 400, "has no id"},
		{"fine", "POST", "/channels/1/messages", `{"content":"hi","allowed_mentions":{"parse":[]}}`, 200, ""},
		{"partial attachments", "POST", "/channels/1/messages", `{"content":"hi","allowed_mentions":{"parse":[]},"attachments":[{"id":"0","filename":"a.png","description":"alt"}]}`, 200, ""},
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

// TestServerTakesFiles checks multipart uploads as discordgo sends them:
// files land on the message, an attachments list replaces the old ones, and
// a file over Discord's limit is refused.
func TestServerTakesFiles(t *testing.T) {
	s := New(quietTB{t}, Options{})
	tok := s.Command(Where{}, "timeline")
	s.mu.Lock()
	id := s.interacts[tok].ID
	s.mu.Unlock()
	send := func(method, path string, payload any, files ...*discordgo.File) int {
		t.Helper()
		ct, body, err := discordgo.MultipartBodyWithJSON(payload, files)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(method, s.URL+"/api/v9"+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bot "+s.Token)
		req.Header.Set("Content-Type", ct)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	png := func(name string, n int) *discordgo.File {
		return &discordgo.File{Name: name, ContentType: "image/png", Reader: bytes.NewReader(bytes.Repeat([]byte{1}, n))}
	}
	noPings := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	resp := discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "the timeline", AllowedMentions: noPings}}
	if got := send("POST", "/interactions/"+id+"/"+tok+"/callback", resp, png("a.png", 10)); got != 204 {
		t.Fatalf("callback with a file: status %d", got)
	}
	m := s.Message(s.Interaction(tok).OriginalID)
	if len(m.Attachments) != 1 || m.Attachments[0].Name != "a.png" || len(m.Attachments[0].Data) != 10 || m.Content != "the timeline" {
		t.Fatalf("after the callback: %q with attachments %+v", m.Content, m.Attachments)
	}
	content := "page 2"
	empty := []*discordgo.MessageAttachment{}
	edit := discordgo.WebhookEdit{Content: &content, Attachments: &empty, AllowedMentions: noPings}
	if got := send("PATCH", "/webhooks/"+s.AppID+"/"+tok+"/messages/@original", edit, png("b.png", 20)); got != 200 {
		t.Fatalf("edit with a file: status %d", got)
	}
	m = s.Message(m.ID)
	if len(m.Attachments) != 1 || m.Attachments[0].Name != "b.png" || m.Content != "page 2" {
		t.Errorf("after the edit: %q with attachments %+v, want only b.png", m.Content, m.Attachments)
	}
	before := len(s.Violations())
	if got := send("PATCH", "/webhooks/"+s.AppID+"/"+tok+"/messages/@original", edit, png("huge.png", MaxFileBytes+1)); got != 413 {
		t.Errorf("a file over the limit: status %d, want 413", got)
	}
	if v := s.Violations()[before:]; len(v) != 1 || !strings.Contains(v[0], "huge.png") {
		t.Errorf("violations %q, want one naming huge.png", v)
	}
	if got := s.Message(m.ID); len(got.Attachments) != 1 || got.Attachments[0].Name != "b.png" {
		t.Errorf("a refused upload changed the attachments: %+v", got.Attachments)
	}
}
