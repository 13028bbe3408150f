package ingest

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// storyParas are eight paragraphs of a story, in our own words.
var storyParas = []string{
	"Delegations from Washington and Moscow met in Riyadh on Tuesday for more than four hours of talks on ending the war.",
	"Both sides agreed to name teams that would work on a path towards a settlement, officials said after the meeting.",
	"The Ukrainian government was not at the table, and Kyiv said it would not accept any deal made without it.",
	"European capitals watched the meeting closely, worried that their own security would be decided by others.",
	"The Russian foreign minister said the talks had been useful and that both sides had listened to each other.",
	"The American secretary of state said a lasting peace would need concessions from every party to the conflict.",
	"No date was set for a second round, though aides said technical talks could begin within a few weeks.",
	"Markets in Moscow rose on the news, while analysts warned that the gap between the two positions was still wide.",
}

func storyHTML(paras []string) string {
	var b strings.Builder
	for _, p := range paras {
		b.WriteString("<p>" + p + "</p>")
	}
	return b.String()
}

const boilerHead = `<html><head><title>Talks in Riyadh</title><meta property="article:published_time" content="2025-02-18"></head><body>`

const cookieText = "We use cookies to improve your experience on our site. By continuing to browse you accept our use of cookies."
const newsletterText = "Sign up for the daily briefing to get the most important stories of the day in your inbox every morning."

// TestBoilerplateIsLeftOut: cookie banners and newsletter sign-ups around
// the article are not its text, whatever their class or id; a class that
// only contains such a word, a story about cookies and a sentence of the
// story that names a newsletter stay.
func TestBoilerplateIsLeftOut(t *testing.T) {
	story := storyHTML(storyParas)
	cookieStory := []string{
		"Bakers in Kyiv said sales of cookies and cakes had doubled since the talks began, as families gathered again.",
		"One shop owner said customers asked for cookies shaped like doves, a sign of hope that the war might end soon.",
	}
	newsletterPara := "The foreign ministry said in its weekly newsletter that it expected the talks to resume after the holidays."
	tests := []struct {
		name   string
		body   string
		want   []string // paragraphs that must be in the text, in order, first one first
		banned []string // text that must not be in it
	}{
		{"cookie-banner before the article",
			`<div class="cookie-banner"><p>` + cookieText + `</p></div><article><h1>Talks in Riyadh</h1>` + story + `</article>`,
			storyParas, []string{"cookies"}},
		{"cookie-banner text directly in a div",
			`<div class="cookie-banner">` + cookieText + ` <button>Accept</button></div><article><h1>Talks in Riyadh</h1>` + story + `</article>`,
			storyParas, []string{"cookies"}},
		{"class cookie", `<div class="cookie">` + cookieText + `</div><article>` + story + `</article>`, storyParas, []string{"cookies"}},
		{"id cookie-banner", `<div id="cookie-banner">` + cookieText + `</div><article>` + story + `</article>`, storyParas, []string{"cookies"}},
		{"class cookie-consent", `<div class="cookie-consent">` + cookieText + `</div><article>` + story + `</article>`, storyParas, []string{"cookies"}},
		{"id cookie-consent", `<div id="cookie-consent">` + cookieText + `</div><article>` + story + `</article>`, storyParas, []string{"cookies"}},
		{"class banner cookie", `<div class="banner cookie">` + cookieText + `</div><article>` + story + `</article>`, storyParas, []string{"cookies"}},
		{"cookie banner inside a page wrapper", `<div id="page"><div class="cookie-banner">` + cookieText + `</div><div class="story">` + story + `</div></div>`,
			storyParas, []string{"cookies"}},
		{"cookie banner without an article element", `<div class="cookie-banner">` + cookieText + `</div><div>` + story + `</div>`,
			storyParas, []string{"cookies"}},
		{"newsletter after the article",
			`<article><h1>Talks in Riyadh</h1>` + story + `</article><div class="newsletter">` + newsletterText + `</div>`,
			storyParas, []string{"Sign up", "briefing"}},
		{"newsletter paragraph after the article",
			`<article><h1>Talks in Riyadh</h1>` + story + `</article><div class="newsletter"><p>` + newsletterText + `</p></div>`,
			storyParas, []string{"Sign up", "briefing"}},
		{"id newsletter", `<article>` + story + `</article><div id="newsletter">` + newsletterText + `</div>`, storyParas, []string{"Sign up"}},
		{"class newsletter-signup", `<article>` + story + `</article><div class="newsletter-signup">` + newsletterText + `</div>`, storyParas, []string{"Sign up"}},
		{"id newsletter-signup", `<article>` + story + `</article><div id="newsletter-signup">` + newsletterText + `</div>`, storyParas, []string{"Sign up"}},
		{"newsletter inside the article", `<article>` + story + `<div class="newsletter-signup"><p>` + newsletterText + `</p></div></article>`, storyParas, []string{"Sign up"}},
		{"cookie banner inside the article", `<article><div class="cookie-consent"><p>` + cookieText + `</p></div>` + story + `</article>`, storyParas, []string{"cookies"}},

		{"cookies-and-cream stays", `<article>` + story + `<div class="cookies-and-cream"><p>` + cookieStory[0] + `</p></div></article>`,
			append(append([]string{}, storyParas...), cookieStory[0]), nil},
		{"an article about cookies", `<article><h1>Cookies for peace</h1>` + storyHTML(cookieStory) + `</article>`, cookieStory, nil},
		{"an article about cookies in a box named for it", `<div class="cookie-story">` + storyHTML(cookieStory) + `</div>`, cookieStory, nil},
		{"a newsletter in the story's prose", `<article>` + storyHTML(storyParas[:4]) + `<p>` + newsletterPara + `</p>` + storyHTML(storyParas[4:]) + `</article>`,
			append(append(append([]string{}, storyParas[:4]...), newsletterPara), storyParas[4:]...), nil},
		{"the article itself named newsletter", `<article class="story newsletter-exclusive">` + story + `</article>`, storyParas, nil},
		{"the article body in a consent wrapper", `<div id="gdpr-wrapper"><div class="story">` + story + `</div></div>`, storyParas, nil},
	}
	u, _ := url.Parse("https://news.example/2025/02/18/talks")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract([]byte(boilerHead+tt.body+`</body></html>`), u)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(p.Text, "\n\n")
			if len(p.Text) == 0 || p.Text[0] != tt.want[0] {
				t.Errorf("first paragraph %q, want %q", first(p.Text), tt.want[0])
			}
			if fmt.Sprint(p.Text) != fmt.Sprint(tt.want) {
				t.Errorf("text %q,\nwant %q", p.Text, tt.want)
			}
			for _, b := range tt.banned {
				if strings.Contains(text, b) {
					t.Errorf("text holds %q:\n%s", b, text)
				}
			}
		})
	}
}

// TestAddLeavesBoilerplateOut: a page fetched and added keeps the story's
// paragraphs as its passages, not the cookie banner before it or the
// sign-up box after it.
func TestAddLeavesBoilerplateOut(t *testing.T) {
	page := boilerHead + `<div class="banner cookie">` + cookieText + `</div><article><h1>Talks in Riyadh</h1>` + storyHTML(storyParas) +
		`</article><div id="newsletter-signup">` + newsletterText + `</div></body></html>`
	urls := servePages(t, nil, []string{page})
	a := addPage(t, urls[0]).Article
	var got []string
	for _, p := range a.Passages {
		got = append(got, p.Text)
	}
	if len(got) == 0 || got[0] != storyParas[0] || !strings.Contains(got[len(got)-1], storyParas[7]) {
		t.Fatalf("passages %q, want the story from its first paragraph to its last", got)
	}
	for _, p := range got {
		if strings.Contains(p, "cookies") || strings.Contains(p, "Sign up") {
			t.Errorf("passage %q is boilerplate", p)
		}
	}
}

// TestNoProseName: a class name or id is a banner's when it is made of
// banner words only, however it is split.
func TestNoProseName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"cookie", true}, {"cookies", true}, {"cookie-banner", true}, {"cookie-consent", true}, {"Cookie_Notice", true},
		{"cookieBanner", true}, {"cookie-banner-v2", true}, {"gdpr-wrapper", true}, {"newsletter", true},
		{"newsletter-signup", true}, {"newsletterSignup", true}, {"newsletter-sign-up", true}, {"sign-up-box", true},
		{"banner", false}, {"sign", false}, {"up", false}, {"cookies-and-cream", false}, {"cookie-recipe", false},
		{"newsletter-exclusive", false}, {"article-body", false}, {"subscriber-content", false}, {"paywall", false}, {"", false},
	}
	for _, tt := range tests {
		if got := isNoProseName(tt.name); got != tt.want {
			t.Errorf("isNoProseName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
