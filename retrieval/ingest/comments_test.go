package ingest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval"
)

// The short story of the user test's page: two paragraphs, so readability
// retries without its own filters and used to keep whatever stood beside it.
var shortStory = []string{
	"The Kremlin said on Thursday that Russia was keeping to the 30-day pause on strikes against energy infrastructure agreed by Putin and Trump on March 18.",
	"Kremlin spokesman Dmitry Peskov told reporters that Russian forces had shot down their own drones heading for Ukrainian energy sites after the order was given.",
}

const (
	readerComment  = "I think this is all nonsense and nobody should believe a word the Kremlin says about anything at all."
	readerComment2 = "Another reader replied that the truce would not last the week, and that everyone knew it from the start."
	relatedBox     = `<h3>Related</h3><ul><li><a href="/y">Putin and Trump call: what we know</a></li><li><a href="/z">Energy truce explained</a></li></ul>`
	relatedTeaser  = "The two presidents spoke for more than two hours about the war and agreed on a pause in strikes on energy sites."
)

const commentsHead = `<!doctype html><html><head><meta charset="utf-8"><title>Kremlin says energy truce holds - The Daily Example</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Kremlin says energy truce holds despite accusations","datePublished":"2025-03-20T08:00:00+03:00","publisher":{"@type":"Organization","name":"The Daily Example"},"author":{"@type":"Person","name":"Ivan Petrov"}}</script>
</head><body><header><nav><a href="/">Home</a></nav></header>`

// commentPages are page shapes seen in the wild (and in the user test)
// whose comment sections and related-link boxes must not become article
// text; want is the article's text.
func commentPages() []struct{ name, body string } {
	p0, p1 := "<p>"+shortStory[0]+"</p>", "<p>"+shortStory[1]+"</p>"
	h1 := `<h1>Kremlin says energy truce holds despite accusations</h1><p class="byline">By Ivan Petrov</p>`
	comments := `<section class="comments"><h3>Comments</h3><p>` + readerComment + `</p></section>`
	related := `<div class="related">` + relatedBox + `</div>`
	many := ""
	for range 4 {
		many += `<div class="comment"><p>` + readerComment + `</p><p>` + readerComment2 + `</p></div>`
	}
	return []struct{ name, body string }{
		{"comments and related inside the article", `<main><article>` + h1 + p0 + related + p1 + comments + `</article></main>`},
		{"comments after the article in main", `<main><article>` + h1 + p0 + related + p1 + `</article>` + comments + `</main>`},
		{"comments after the article without main", `<article>` + h1 + p0 + related + p1 + `</article>` + comments},
		{"div#comments", `<main><article>` + h1 + p0 + related + p1 + `<div id="comments"><h3>Comments</h3><p>` + readerComment + `</p></div></article></main>`},
		{"aside.related", `<main><article>` + h1 + p0 + `<aside class="related">` + relatedBox + `</aside>` + p1 + comments + `</article></main>`},
		{"no article element", `<main><div class="story-body">` + h1 + p0 + related + p1 + comments + `</div></main>`},
		{"ol.comment-list", `<main><article>` + h1 + p0 + related + p1 + `<ol class="comment-list"><li class="comment"><p>` + readerComment + `</p></li></ol></article></main>`},
		{"WordPress comments area", `<article>` + h1 + p0 + p1 + `</article><div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts</h2><ol class="commentlist">` +
			`<li id="comment-1" class="comment even"><article id="div-comment-1" class="comment-body"><p>` + readerComment + `</p></article></li>` +
			`<li id="comment-2" class="comment odd"><article id="div-comment-2" class="comment-body"><p>` + readerComment2 + `</p></article></li></ol>` +
			`<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><p>Your email address will not be published. Required fields are marked.</p></div></div>`},
		{"comments longer than the story", `<main><article>` + h1 + p0 + p1 + `</article><section id="comments">` + many + `</section></main>`},
		{"unnamed comment section labelled for screen readers", `<article>` + h1 + p0 + p1 + `</article><section aria-label="Reader comments"><p>` + readerComment + `</p></section>`},
		{"disqus thread", `<article>` + h1 + p0 + p1 + `<div id="disqus_thread"><p>` + readerComment + `</p></div></article>`},
		{"related stories with teasers", `<article>` + h1 + p0 + p1 + `<section class="related-stories"><article class="card"><h3><a href="/y">Putin and Trump call</a></h3><p>` +
			relatedTeaser + `</p></article></section></article>`},
		{"recommended box", `<article>` + h1 + p0 + `<div class="recommended-articles"><p>` + relatedTeaser + `</p></div>` + p1 + `</article>`},
		{"relatedLinks id", `<article>` + h1 + p0 + `<div id="relatedLinks">` + relatedBox + `</div>` + p1 + `</article>`},
	}
}

// TestCommentsAndRelatedLeftOut: a reader's comment and a box of links to
// other stories are never the article's text, whatever the page's shape
// and however short the story (readability keeps them when it retries a
// short story without its filters).
func TestCommentsAndRelatedLeftOut(t *testing.T) {
	u, _ := url.Parse("https://daily.example/2025/03/20/story")
	for _, tt := range commentPages() {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract([]byte(commentsHead+tt.body+`</body></html>`), u)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(p.Text) != fmt.Sprint(shortStory) {
				t.Errorf("text %q,\nwant %q", p.Text, shortStory)
			}
		})
	}
}

// TestCommentsStay: what is the story's own text stays, though a name or a
// word of it speaks of comments or related stories.
func TestCommentsStay(t *testing.T) {
	declined := "A spokesman declined to comment on the reports, saying that the comments of officials in Kyiv were not helpful."
	story := append([]string{declined}, shortStory...)
	body := storyHTML(story)
	tests := []struct{ name, body string }{
		{"a story that speaks of comments", `<article><h1>Truce holds</h1>` + body + `</article>`},
		{"an opinion piece named comment", `<article class="comment"><h1>Truce holds</h1>` + body + `</article>`},
		{"an opinion piece named comment, headline outside", `<h1>Truce holds</h1><article class="comment">` + body + `</article>`},
		{"the story in a wrapper named for related coverage", `<div class="story related-coverage-wrapper"><h1>Truce holds</h1>` + body + `</div>`},
		{"the story in a comments-named page wrapper", `<div id="comments-wrapper"><main><h1>Truce holds</h1>` + body + `</main></div>`},
		{"the story marked as the article body inside a related-named box", `<div class="related"><div itemprop="articleBody">` + body + `</div></div>`},
	}
	u, _ := url.Parse("https://daily.example/2025/03/20/story")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract([]byte(commentsHead+tt.body+`</body></html>`), u)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(p.Text) != fmt.Sprint(story) {
				t.Errorf("text %q,\nwant %q", p.Text, story)
			}
		})
	}
}

// TestAddLeavesCommentsOut: the same pages added over HTTP and as local
// files keep only the story as passages.
func TestAddLeavesCommentsOut(t *testing.T) {
	var pages []string
	for _, tt := range commentPages() {
		pages = append(pages, commentsHead+tt.body+`</body></html>`)
	}
	urls := servePages(t, nil, pages)
	dir := t.TempDir()
	for i, tt := range commentPages() {
		file := filepath.Join(dir, fmt.Sprintf("page%d.html", i))
		if err := os.WriteFile(file, []byte(pages[i]), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, in := range []string{urls[i], file} {
			ad, _ := NewAdder(t.TempDir(), testFetcher())
			r, err := ad.Add(context.Background(), in, time.Time{})
			if err != nil {
				t.Fatalf("%s (%s): %v", tt.name, in, err)
			}
			var got []string
			for _, ps := range r.Article.Passages {
				got = append(got, ps.Text)
			}
			all := strings.Join(got, "\n")
			for _, banned := range []string{"nonsense", "Another reader", "what we know", "two presidents", "Leave a Reply"} {
				if strings.Contains(all, banned) {
					t.Errorf("%s (%s): passages hold %q:\n%s", tt.name, in, banned, all)
				}
			}
		}
	}
}

// TestBylineOnce: the byline paragraph is the article's byline line, not
// also its first paragraph, when the page names its author in JSON-LD too
// (the file held "By Ivan Petrov" twice), and when it names none; and its
// "By" is taken off whatever space follows it (readability's byline is raw
// text: "By&nbsp;Ivan Petrov" was written "By By Ivan Petrov").
func TestBylineOnce(t *testing.T) {
	noLD := strings.Replace(commentsHead, `,"author":{"@type":"Person","name":"Ivan Petrov"}`, "", 1)
	for _, by := range []string{"By Ivan Petrov", "By&nbsp;Ivan Petrov", "By\tIvan Petrov", "BY  Ivan Petrov"} {
		body := `<article><h1>Kremlin says energy truce holds despite accusations</h1><p class="byline">` + by + `</p>` + storyHTML(shortStory) + `</article></body></html>`
		for _, head := range []string{commentsHead, noLD} {
			u, _ := url.Parse("https://daily.example/2025/03/20/story")
			p, err := Extract([]byte(head+body), u)
			if err != nil {
				t.Fatal(err)
			}
			if p.Byline != "Ivan Petrov" || fmt.Sprint(p.Text) != fmt.Sprint(shortStory) {
				t.Errorf("%q: byline %q, text %q; want Ivan Petrov and the story", by, p.Byline, p.Text)
			}
			if f := string(Format(p)); strings.Count(f, "Ivan Petrov") != 1 || !strings.Contains(f, "\nBy Ivan Petrov\n") {
				t.Errorf("%q: the file does not name the author once, as By Ivan Petrov:\n%s", by, f)
			}
		}
	}
}

// TestInlineDateline: a dateline opening the first paragraph is taken off
// it and kept as the article's dateline, so the first quote starts with
// the sentence; a capitalised word before a dash inside a sentence stays.
func TestInlineDateline(t *testing.T) {
	const rest = "American and Russian diplomats met in Istanbul on Thursday to discuss the work of their embassies."
	tests := []struct{ first, dateline, text string }{
		{"ISTANBUL — " + rest, "ISTANBUL", rest},
		{"ISTANBUL - " + rest, "ISTANBUL", rest},
		{"MOSCOW, March 20 (Reuters) - " + rest, "MOSCOW", rest},
		{"KYIV, Ukraine (AP) — " + rest, "KYIV", rest},
		{"ST. PETERSBURG — " + rest, "ST. PETERSBURG", rest},
		{"KYIV/MOSCOW (Reuters) - " + rest, "KYIV/MOSCOW", rest}, // read back: not lost
		{"UPDATE - " + rest, "", "UPDATE - " + rest},             // an agency's tag, no place
		{"EXCLUSIVE — " + rest, "", "EXCLUSIVE — " + rest},
		{"WASHINGTON D.C. — " + rest, "", "WASHINGTON D.C. — " + rest}, // the file could not write "D.C." back: kept in the text
		{"NEW YORK – “" + rest + "”", "NEW YORK", "“" + rest + "”"},
		{"NATO — which met in Brussels on Thursday — said the talks in Istanbul had to include Kyiv.", "", "NATO — which met in Brussels on Thursday — said the talks in Istanbul had to include Kyiv."},
		{"The US — and Russia — met in Istanbul on Thursday to discuss their embassies.", "", "The US — and Russia — met in Istanbul on Thursday to discuss their embassies."},
		{rest, "", rest},
		{"EU - US talks on tariffs resumed in Brussels on Monday, officials said.", "", "EU - US talks on tariffs resumed in Brussels on Monday, officials said."},
		{"МОСКВА — Кремль заявил в четверг, что Россия соблюдает мораторий на удары по энергетике.", "МОСКВА", "Кремль заявил в четверг, что Россия соблюдает мораторий на удары по энергетике."},
	}
	u, _ := url.Parse("https://daily.example/2025/02/27/istanbul")
	for _, tt := range tests {
		page := `<html><head><title>Istanbul talks</title><meta property="article:published_time" content="2025-02-27"></head><body><article><h1>Istanbul talks</h1><p>` +
			tt.first + `</p>` + storyHTML(storyParas[:2]) + `</article></body></html>`
		p, err := Extract([]byte(page), u)
		if err != nil {
			t.Fatal(err)
		}
		if p.Dateline != tt.dateline || p.Text[0] != tt.text {
			t.Errorf("%q: dateline %q, first paragraph %q; want %q, %q", tt.first, p.Dateline, p.Text[0], tt.dateline, tt.text)
			continue
		}
		a, err := retrieval.ParseArticle("a.txt", Format(p))
		if err != nil {
			t.Fatal(err)
		}
		if a.Dateline != tt.dateline || !strings.HasPrefix(tt.text, a.Passages[0].Text[:20]) {
			t.Errorf("%q: the file reads back with dateline %q, first passage %q", tt.first, a.Dateline, a.Passages[0].Text)
		}
	}
}
