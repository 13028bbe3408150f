package ingest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// serveHTML serves each page at its path, as text/html.
func serveHTML(t *testing.T, pages map[string]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(htmlMux(pages))
	t.Cleanup(srv.Close)
	return srv
}

// htmlMux is serveHTML's handler, for a test that serves more beside the
// pages (a feed).
func htmlMux(pages map[string]string) *http.ServeMux {
	mux := http.NewServeMux()
	for path, body := range pages {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(body))
		})
	}
	return mux
}

const heraldBody = `<p>Russian President Vladimir Putin agreed on Tuesday to stop attacks on Ukrainian energy infrastructure for 30 days after a phone call with U.S. President Donald Trump, the Kremlin said.</p><p>Putin rejected a full 30-day ceasefire, saying a halt to foreign military aid and intelligence for Kyiv was a key condition for any broader truce.</p>`

const heraldMasthead = `<header><div class="masthead">Eastern Herald · <time datetime="2025-12-01">Monday, 1 December 2025</time></div></header>`

const heraldMostRead = `<aside class="most-read"><ol><li><a href="/x">Storm hits coast</a> <time datetime="2025-11-30">yesterday</time></li></ol></aside>`

// TestPublicationDateIgnoresSiteChrome: a <time> in the masthead or a
// sidebar is today's date or another story's; structured metadata and the
// URL's date outrank it, while a <time> in the article still counts.
func TestPublicationDateIgnoresSiteChrome(t *testing.T) {
	head := `<html><head><title>Putin agrees to halt strikes on energy sites - Eastern Herald</title>`
	tests := []struct {
		name, path, page string
		want             string // "" means ErrNoDate
	}{
		{"meta date beats masthead and sidebar", "/putin-energy",
			head + `<meta name="date" content="2025-03-18"></head><body>` + heraldMasthead +
				`<article><h1>Putin agrees to halt strikes on energy sites</h1>` + heraldBody + `</article>` + heraldMostRead + `</body></html>`,
			"2025-03-18"},
		{"URL date beats masthead", "/2025/03/18/putin-energy",
			head + `</head><body>` + heraldMasthead + `<article><h1>Putin agrees</h1>` + heraldBody + `</article>` + heraldMostRead + `</body></html>`,
			"2025-03-18"},
		{"time in the article counts", "/putin-energy",
			head + `<meta name="date" content="2025-03-19"></head><body>` + heraldMasthead +
				`<article><h1>Putin agrees</h1><p class="dateline"><time datetime="2025-03-18T20:00:00Z">18 March</time></p>` + heraldBody + `</article></body></html>`,
			"2025-03-18"},
		{"time marked pubdate outside the article counts", "/putin-energy",
			head + `</head><body>` + heraldMasthead + `<div class="meta"><time itemprop="datePublished" datetime="2025-03-18">18 March</time></div>` +
				`<div class="story"><h1>Putin agrees</h1>` + heraldBody + `</div></body></html>`,
			"2025-03-18"},
		{"a plain time outside the article is the last resort", "/putin-energy",
			head + `</head><body><div class="story"><h1>Putin agrees</h1><div><time datetime="2025-03-18">18 March</time></div>` + heraldBody + `</div></body></html>`,
			"2025-03-18"},
		{"story header in main without an article", "/putin-energy",
			head + `</head><body>` + heraldMasthead + `<main><header class="story-header"><h1>Putin agrees</h1><p>By Anna Berg, <time datetime="2025-03-18">18 March</time></p></header>` +
				heraldBody + `</main>` + heraldMostRead + `</body></html>`,
			"2025-03-18"},
		{"wrapper named article-masthead", "/putin-energy",
			head + `</head><body><div class="article-masthead"><h1>Putin agrees</h1><p><time datetime="2025-03-18">18 March</time></p></div>` +
				`<div class="story-text">` + heraldBody + `</div></body></html>`,
			"2025-03-18"},
		{"wrapper named related-coverage-wrapper", "/putin-energy",
			head + `</head><body><div class="story related-coverage-wrapper"><h1>Putin agrees</h1><div class="byline"><time datetime="2025-03-18">18 March</time></div>` +
				heraldBody + `</div></body></html>`,
			"2025-03-18"},
		{"a masthead h1 is not the headline", "/putin-energy",
			head + `</head><body><header><h1>Eastern Herald</h1><time datetime="2025-12-01">Monday</time></header>` +
				`<div class="story"><h1>Putin agrees</h1>` + heraldBody + `</div></body></html>`,
			""},
		{"a banner header inside a page wrapper", "/putin-energy",
			head + `</head><body><div id="page"><header role="banner"><time datetime="2025-12-01">Monday</time></header>` +
				`<article><h1>Putin agrees</h1>` + heraldBody + `</article></div></body></html>`,
			""},
		{"a teaser article in an aside is not the article", "/putin-energy",
			head + `</head><body><aside><article class="card"><h2><a href="/storm">Storm hits coast</a></h2><time datetime="2025-11-30">30 November</time></article></aside>` +
				`<article><h1>Putin agrees</h1><p class="dateline"><time datetime="2025-03-18">18 March</time></p>` + heraldBody + `</article></body></html>`,
			"2025-03-18"},
		{"a teaser article's date alone is no date", "/putin-energy",
			head + `</head><body><aside><article class="card"><h2><a href="/storm">Storm hits coast</a></h2><time datetime="2025-11-30">30 November</time></article></aside>` +
				`<article><h1>Putin agrees</h1>` + heraldBody + `</article></body></html>`,
			""},
		{"masthead and sidebar dates alone are no date", "/putin-energy",
			head + `</head><body>` + heraldMasthead + `<article><h1>Putin agrees</h1>` + heraldBody + `</article>` + heraldMostRead + `</body></html>`,
			""},
	}
	paths, pages := make([]string, len(tests)), make([]string, len(tests))
	for i, tt := range tests {
		paths[i], pages[i] = tt.path, tt.page
	}
	urls := servePages(t, paths, pages)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ad, _ := NewAdder(t.TempDir(), testFetcher())
			r, err := ad.AddURL(context.Background(), urls[i], time.Time{})
			if tt.want == "" {
				if !errors.Is(err, ErrNoDate) {
					t.Fatalf("got %+v %v, want ErrNoDate", r, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Article.Date.Format(time.DateOnly); got != tt.want {
				t.Errorf("date %s, want %s", got, tt.want)
			}
			if !strings.HasPrefix(r.File, tt.want+"_") {
				t.Errorf("file %s, want it dated %s", r.File, tt.want)
			}
		})
	}
}

// TestJSONLDReferencesResolve: a publisher or author given as an @id
// reference to another node of the @graph (WordPress/Yoast) is resolved.
func TestJSONLDReferencesResolve(t *testing.T) {
	body := `<article><h1>Aid talks resume</h1><p>Talks on humanitarian aid resumed in Geneva on Sunday after a week-long pause, officials said.</p>` +
		`<p>Both delegations said they hoped to reach an agreement by the end of the month.</p></article>`
	page := func(ld string) string {
		return `<html><head><title>Aid talks resume</title><script type="application/ld+json">` + ld + `</script></head><body>` + body + `</body></html>`
	}
	tests := []struct{ name, ld, publisher, byline string }{
		{"yoast graph", `{"@context":"https://schema.org","@graph":[
{"@type":"NewsArticle","@id":"https://post.example/a#article","headline":"Aid talks resume","datePublished":"2025-03-02T10:00:00+00:00",
 "publisher":{"@id":"https://post.example/#org"},"author":{"@id":"https://post.example/#/schema/person/1"}},
{"@type":"Organization","@id":"https://post.example/#org","name":"Northern Post"},
{"@type":"Person","@id":"https://post.example/#/schema/person/1","name":"Anna Berg"}]}`, "Northern Post", "Anna Berg"},
		{"references in a list", `[{"@type":"Article","headline":"Aid talks resume","datePublished":"2025-03-02",
 "publisher":{"@id":"#org"},"author":[{"@id":"#p1"},{"@id":"#p2"}]},
{"@type":"NewsMediaOrganization","@id":"#org","name":"Northern Post"},
{"@type":"Person","@id":"#p1","name":"Anna Berg"},{"@type":"Person","@id":"#p2","name":"Ola Lind"}]`, "Northern Post", "Anna Berg and Ola Lind"},
		{"a named publisher stays", `{"@type":"NewsArticle","headline":"Aid talks resume","datePublished":"2025-03-02",
 "publisher":{"@id":"#org","name":"Northern Post"}}`, "Northern Post", ""},
		{"an unresolved reference falls back to the host", `{"@type":"NewsArticle","headline":"Aid talks resume","datePublished":"2025-03-02",
 "publisher":{"@id":"#elsewhere"}}`, "127.0.0.1", ""},
	}
	pages := make([]string, len(tests))
	for i, tt := range tests {
		pages[i] = page(tt.ld)
	}
	urls := servePages(t, nil, pages)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := addPage(t, urls[i])
			if r.Article.Publisher != tt.publisher || r.Article.Byline != tt.byline {
				t.Errorf("publisher %q byline %q, want %q %q", r.Article.Publisher, r.Article.Byline, tt.publisher, tt.byline)
			}
		})
	}
}

// TestHeadlineIsNotPassageOne: an <h1> that differs from the <title> (or
// og:title) is a heading, not the first paragraph of the text.
func TestHeadlineIsNotPassageOne(t *testing.T) {
	const h1 = "Zelensky s'adresse à la nation après la réunion à la Maison Blanche"
	body := `<article><h1>` + h1 + `</h1><p>Le président ukrainien Volodymyr Zelensky s'est adressé à la nation samedi soir après une réunion tendue à la Maison Blanche.</p>` +
		`<p>Il a remercié les Américains pour leur soutien et a dit vouloir une paix juste et durable.</p></article>`
	date := `<meta property="article:published_time" content="2025-03-01">`
	tests := []struct{ name, head, headline string }{
		{"title differs from h1", `<title>Zelensky s'adresse à Kiev après la réunion | Le Quotidien</title>` + date, h1},
		{"og:title differs from h1", `<title>Zelensky | Le Quotidien</title><meta property="og:title" content="Zelensky s'adresse à Kiev après la réunion">` + date,
			"Zelensky s'adresse à Kiev après la réunion"},
		{"title equals h1", `<title>` + h1 + ` | Le Quotidien</title>` + date, h1},
	}
	pages := make([]string, len(tests))
	for i, tt := range tests {
		pages[i] = `<html><head>` + tt.head + `</head><body>` + body + `</body></html>`
	}
	urls := servePages(t, nil, pages)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := addPage(t, urls[i])
			a := r.Article
			if a.Headline != tt.headline {
				t.Errorf("headline %q, want %q", a.Headline, tt.headline)
			}
			if len(a.Passages) != 2 || !strings.HasPrefix(a.Passages[0].Text, "Le président ukrainien") {
				var got []string
				for _, p := range a.Passages {
					got = append(got, p.Text)
				}
				t.Errorf("passages %q, want the two paragraphs without the <h1>", got)
			}
		})
	}
}

// TestPagesWithoutArticleText: a homepage or a section front (headings,
// lists of links, a cookie banner, a footer) is not an article; a short
// article of one real paragraph still is.
func TestPagesWithoutArticleText(t *testing.T) {
	date := `<meta property="article:published_time" content="2025-03-18">`
	tests := []struct {
		name, page string
		article    bool
	}{
		{"homepage", `<html><head><title>Ledger - Home</title>` + date + `</head><body><header><nav><a href="/">Home</a><a href="/world">World</a></nav></header>` +
			`<main><h1>Top stories</h1><ul><li><a href="/a">Putin agrees to halt strikes on energy sites</a></li><li><a href="/b">Storm hits coast as thousands evacuated</a></li>` +
			`<li><a href="/c">Markets rally after rate decision</a></li></ul></main><div class="cookie">We use cookies. <button>Accept</button></div><footer>© Ledger 2025</footer></body></html>`, false},
		{"section front with long link titles", `<html><head><title>World</title>` + date + `</head><body><h1>World</h1>` +
			`<div><a href="/a">Putin agrees to halt strikes on energy sites after a call with Trump, the Kremlin says.</a></div>` +
			`<div><a href="/b">Will the talks in Jeddah bring a ceasefire any closer than the last round did?</a></div>` +
			`<ol><li>Ukraine backs a 30-day ceasefire plan after long talks with U.S. officials in Jeddah.</li></ol></body></html>`, false},
		{"cookie banner and newsletter box", `<html><head><title>Home</title>` + date + `</head><body><h1>Latest</h1>` +
			`<div id="cookie-consent"><p>We use cookies to improve your experience on our site. By continuing to browse you accept our use of cookies.</p></div>` +
			`<div class="newsletter"><p>Sign up to our daily newsletter to get the most important stories of the day in your inbox.</p></div>` +
			`<ul><li><a href="/a">Storm hits coast</a></li><li><a href="/b">Markets rally</a></li></ul></body></html>`, false},
		{"one real paragraph", `<html><head><title>Undated story</title>` + date + `</head><body><article><h1>Undated story</h1>` +
			`<p>Technical teams began talks in Riyadh about shipping in the Black Sea.</p></article></body></html>`, true},
		{"Chinese article", `<html><head><title>利雅得会谈</title>` + date + `</head><body><article><h1>利雅得会谈</h1>` +
			`<p>俄罗斯和美国代表团周二在利雅得举行了四个多小时的会谈，双方同意任命团队努力结束战争。</p></article></body></html>`, true},
		{"article body marked paywall", `<html><head><title>Talks resume</title>` + date + `</head><body><h1>Talks resume</h1>` +
			`<div class="article-body paywall"><p>Technical teams began talks in Riyadh about shipping in the Black Sea on Monday.</p>` +
			`<p>Both delegations said they hoped to agree a ceasefire at sea by the end of the month.</p></div></body></html>`, true},
		{"article body for subscribers", `<html><head><title>Talks resume</title>` + date + `</head><body><h1>Talks resume</h1>` +
			`<div id="subscriber-content"><p>Technical teams began talks in Riyadh about shipping in the Black Sea on Monday.</p>` +
			`<p>Both delegations said they hoped to agree a ceasefire at sea by the end of the month.</p></div></body></html>`, true},
		{"box word inside the article", `<html><head><title>Talks resume</title>` + date + `</head><body><article class="story newsletter-exclusive"><h1>Talks resume</h1>` +
			`<p>Technical teams began talks in Riyadh about shipping in the Black Sea on Monday.</p></article></body></html>`, true},
		{"Hindi article", `<html><head><title>रियाद वार्ता</title>` + date + `</head><body><article><h1>रियाद वार्ता</h1>` +
			`<p>रूस और अमेरिका के प्रतिनिधिमंडलों ने मंगलवार को रियाद में चार घंटे से अधिक समय तक बातचीत की और युद्ध समाप्त करने के लिए टीमें नियुक्त करने पर सहमति जताई।</p></article></body></html>`, true},
		{"Amharic article", `<html><head><title>የሪያድ ድርድር</title>` + date + `</head><body><article><h1>የሪያድ ድርድር</h1>` +
			`<p>የሩሲያ እና የአሜሪካ ልዑካን ማክሰኞ በሪያድ ከአራት ሰዓታት በላይ ተወያይተው ጦርነቱን ለማቆም ቡድኖችን ለመሾም ተስማምተዋል።</p></article></body></html>`, true},
		{"Thai article", `<html><head><title>การเจรจาที่ริยาด</title>` + date + `</head><body><article><h1>การเจรจาที่ริยาด</h1>` +
			`<p>คณะผู้แทนรัสเซียและสหรัฐอเมริกาได้หารือกันที่กรุงริยาดเมื่อวันอังคารนานกว่าสี่ชั่วโมง และตกลงที่จะแต่งตั้งทีมงานเพื่อยุติสงคราม</p></article></body></html>`, true},
		{"sign-up box without a sentence's end", `<html><head><title>Home</title>` + date + `</head><body><h1>Latest</h1>` +
			`<div class="sign-up-box"><p>Sign up to our daily briefing to get the most important stories of the day in your inbox every morning</p></div>` +
			`<ul><li><a href="/a">Storm hits coast</a></li><li><a href="/b">Markets rally</a></li></ul></body></html>`, false},
	}
	pages := make([]string, len(tests))
	for i, tt := range tests {
		pages[i] = tt.page
	}
	urls := servePages(t, nil, pages)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := testFetcher().Fetch(context.Background(), urls[i], KindPage, Conditional{})
			if err != nil {
				t.Fatal(err)
			}
			p, err := Extract(resp.Body, resp.URL)
			switch {
			case tt.article && err != nil:
				t.Fatalf("an article was refused: %v", err)
			case !tt.article && !errors.Is(err, ErrNoArticleText):
				t.Fatalf("got %+v %v, want ErrNoArticleText", p, err)
			}
		})
	}
}

// servePages serves each page at a path of its own (under "/a", "/b" …,
// then paths[i] when paths is not nil) and returns their URLs.
func servePages(t *testing.T, paths, pages []string) []string {
	t.Helper()
	byPath := map[string]string{}
	rel := make([]string, len(pages))
	for i, p := range pages {
		rel[i] = "/" + string(rune('a'+i))
		if paths != nil {
			rel[i] += paths[i]
		}
		byPath[rel[i]] = p
	}
	srv := serveHTML(t, byPath)
	urls := make([]string, len(pages))
	for i := range rel {
		urls[i] = srv.URL + rel[i]
	}
	return urls
}

// addPage adds the page at url to a fresh corpus folder.
func addPage(t *testing.T, url string) Result {
	t.Helper()
	ad, _ := NewAdder(t.TempDir(), testFetcher())
	r, err := ad.AddURL(context.Background(), url, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
