package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability/v2/render"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/talkbot/talkbot/retrieval"
)

// FeedStateFile is the dot-file in the corpus folder that remembers each
// feed's validators (ETag, Last-Modified) and the items already added. It
// does not end in .txt, so the corpus never reads it as an article.
const FeedStateFile = ".talkbot-feeds.json"

// errFeedNoDate is an item dated neither by the feed nor by its page.
var errFeedNoDate = fmt.Errorf("%w, nor in the feed item: the item is skipped until one of them gives a date", ErrNoDate)

// FeedItem is the outcome of one feed item.
type FeedItem struct {
	Input  string // the item's link, or its title when it has none
	Of     int    // how many items the feed has
	Result Result
	Err    error
	// PageErr is why the item's page could not be added when the item's
	// own text (often only a teaser) went in instead. Such an item is not
	// done: the next run fetches the feed in full and tries the page again.
	PageErr error
	// Again: PageErr is the page failing on a later run too, the item's
	// own text having gone in on an earlier one.
	Again bool
	// Warn is a failure that did not stop the item: the file of its
	// earlier teaser could not be removed now that its page is in. The
	// item stays not done, and the next run tries again.
	Warn error
	// UndatedAgain: Err is the item having no date, in the feed or on its
	// page, as on an earlier run, which said so. It is tried on every run
	// (its page may gain a date), but a feed that keeps one undated item
	// must not make every run of a cron line fail: a caller reports it as
	// a skip, not a failure.
	UndatedAgain bool
}

// FeedReport sums up one feed fetch.
type FeedReport struct {
	NotModified bool // the server answered 304: nothing was fetched or parsed
	Items       int  // items in the feed
}

type feedState struct {
	Feeds map[string]*feedEntry `json:"feeds"`
}

type feedEntry struct {
	ETag         string               `json:"etag,omitempty"`
	LastModified string               `json:"last_modified,omitempty"`
	Items        map[string]itemState `json:"items,omitempty"` // item link → what was added
}

type itemState struct {
	File    string `json:"file"`
	Version string `json:"version,omitempty"` // the item's updated/published stamp
	// Teaser: the file holds the item's own text, as the page failed; the
	// page is tried again on every run until it goes in.
	Teaser bool `json:"teaser,omitempty"`
	// Undated: the item was skipped for want of a date (File is ""); it is
	// tried again on every run, and said as a failure only the first time.
	Undated bool `json:"undated,omitempty"`
}

// AddFeed fetches an RSS or Atom feed and adds every item: the item's link is
// fetched and added as a page; when that fails, the item's own content is
// used. Nothing is ever removed. A conditional request uses the validators of
// the last fetch, so an unchanged feed costs one 304. each is called once per
// item, in feed order.
func (ad *Adder) AddFeed(ctx context.Context, feedURL string, date time.Time, each func(FeedItem)) (FeedReport, error) {
	var rep FeedReport
	if ad.fetcher == nil {
		return rep, errors.New("fetching is not configured")
	}
	u, err := ParseURL(feedURL)
	if err != nil {
		return rep, err
	}
	key := NormalizeURL(u)
	ad.stateMu.Lock()
	st := ad.readState()
	entry := st.Feeds[key]
	ad.stateMu.Unlock()
	if entry == nil {
		entry = &feedEntry{}
	}
	resp, err := ad.fetcher.Fetch(ctx, feedURL, KindFeed, Conditional{ETag: entry.ETag, LastModified: entry.LastModified})
	if err != nil {
		return rep, err
	}
	if resp.NotModified {
		rep.NotModified = true
		return rep, nil
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
	if err != nil {
		return rep, fmt.Errorf("not an RSS or Atom feed: %w", err)
	}
	rep.Items = len(feed.Items)
	seen := map[string]itemState{}
	for k, v := range entry.Items {
		seen[k] = v
	}
	allOK := true
	for _, it := range feed.Items {
		if ctx.Err() != nil {
			// Interrupted: the items done so far are remembered below, so
			// the next run does not fetch their pages again.
			allOK = false
			break
		}
		fi := ad.addItem(ctx, feed, it, resp, date, seen)
		fi.Of = len(feed.Items)
		if fi.Err != nil || fi.PageErr != nil || fi.Warn != nil {
			allOK = false
		}
		if each != nil {
			each(fi)
		}
	}
	// The validators are kept only when every item went in with its page:
	// otherwise the next run would get a 304 and never retry the items that
	// failed or went in as the feed's teaser.
	ad.stateMu.Lock()
	defer ad.stateMu.Unlock()
	st = ad.readState()
	e := st.Feeds[key]
	if e == nil {
		e = &feedEntry{}
		st.Feeds[key] = e
	}
	if allOK {
		e.ETag, e.LastModified = resp.ETag, resp.LastModified
	} else {
		e.ETag, e.LastModified = "", ""
	}
	e.Items = seen
	if err := ad.writeState(st); err != nil {
		return rep, err
	}
	return rep, ctx.Err()
}

func (ad *Adder) addItem(ctx context.Context, feed *gofeed.Feed, it *gofeed.Item, resp *Response, date time.Time, seen map[string]itemState) FeedItem {
	link := strings.TrimSpace(it.Link)
	fi := FeedItem{Input: link}
	if link == "" {
		fi.Input = cleanLine(it.Title)
	} else if lu, err := resp.URL.Parse(link); err == nil {
		link = lu.String() // relative links resolve against the feed
		fi.Input = link
	}
	version := firstNonEmpty(it.Updated, it.Published)
	prev, hadPrev := seen[link]
	if s := prev; hadPrev && link != "" && s.Version == version && !s.Teaser && s.File != "" { // an undated item has no file
		if _, err := os.Stat(filepath.Join(ad.dir, s.File)); err == nil {
			fi.Result = Result{Status: Present, File: s.File}
			if a, err := ad.parseFile(s.File); err == nil {
				fi.Result.Article = a
			}
			return fi
		}
	}
	itemDate := date
	if t := firstTime(it.PublishedParsed, it.UpdatedParsed); !t.IsZero() {
		itemDate = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	var pageErr error
	if link != "" {
		o := addOpts{fallback: true}
		if hadPrev && prev.Teaser {
			o.teaser = prev.File
		}
		r, err := ad.addURL(ctx, link, itemDate, o)
		if err == nil {
			fi.Result = r
			seen[link] = itemState{File: r.File, Version: version}
			if hadPrev && prev.Teaser && prev.File != r.File {
				// The page is in at last (by this run, or added another way
				// since): its teaser goes.
				switch err := ad.remove(prev.File); {
				case err == nil || errors.Is(err, fs.ErrNotExist):
					if r.Status == Added {
						fi.Result.Status, fi.Result.Replaced = Replaced, prev.File
					}
				default:
					// Still a teaser: the next run tries again.
					fi.Warn = fmt.Errorf("the item's earlier text %s could not be removed: %w", prev.File, err)
					seen[link] = prev
				}
			}
			return fi
		}
		if ctx.Err() != nil {
			// Interrupted while fetching the page: not a failure of the
			// page, so no teaser in its place; the next run tries again.
			fi.Err = err
			return fi
		}
		pageErr = err
	}
	// The page failed (or there is none). When it is in the corpus already
	// (added by hand, by /add or by another feed), it stands: the item's
	// text, often a teaser, would only replace it with less, and an
	// undated item would fail on every run for want of a date. Not when
	// the page came but without a date: had it been the same story as the
	// one in the corpus, that one's date would have been used.
	if link != "" && !(hadPrev && prev.Teaser) && !errors.Is(pageErr, ErrNoDate) {
		if r, ok := ad.pageInCorpus(link); ok {
			fi.Result = r
			seen[link] = itemState{File: r.File, Version: version}
			return fi
		}
	}
	// Else the item's own content.
	undated := func() FeedItem {
		// Not retried by hand: each run tries again. A guessed date (the
		// feed's, today's) would misplace every event of the article on
		// the timeline, so none is given.
		fi.Err = errFeedNoDate
		fi.UndatedAgain = hadPrev && prev.Undated
		if link != "" {
			seen[link] = itemState{Version: version, Undated: true}
		}
		return fi
	}
	p := itemPage(feed, it, link)
	if len(p.Text) == 0 {
		if errors.Is(pageErr, ErrNoDate) {
			return undated()
		}
		if pageErr == nil {
			pageErr = errors.New("the item has neither a link nor any text")
		}
		fi.Err = pageErr
		return fi
	}
	r, err := ad.addPage(p, itemDate, addOpts{fallback: true})
	if err != nil {
		if errors.Is(err, ErrNoDate) && (pageErr == nil || errors.Is(pageErr, ErrNoDate)) {
			return undated()
		}
		if pageErr != nil {
			err = fmt.Errorf("%w; the item's own text: %w", pageErr, err)
		}
		fi.Err = err
		return fi
	}
	fi.Result = r
	if r.NearCopy > 0 {
		// The item's text is a near copy of an article in the corpus: the
		// story is in, and done. Not a teaser, which is removed once its
		// page is in: that file is another item's or page's article.
		if link != "" {
			seen[link] = itemState{File: r.File, Version: version}
		}
		return fi
	}
	if link != "" {
		// Not done: the page is tried again on the next run.
		fi.PageErr = pageErr
		fi.Again = hadPrev && prev.Teaser
		seen[link] = itemState{File: r.File, Version: version, Teaser: true}
	}
	return fi
}

// pageInCorpus finds the article of the page at link (its URL normalised)
// in the corpus: the newest version when there are several.
func (ad *Adder) pageInCorpus(link string) (Result, bool) {
	u, err := ParseURL(link)
	if err != nil {
		return Result{}, false
	}
	defer ad.lock()()
	name, a := ad.newestVersion(NormalizeURL(u), func(*retrieval.Article) bool { return true })
	if a == nil {
		return Result{}, false
	}
	return Result{Status: Present, File: name, Article: a}, true
}

// itemPage makes a page of a feed item's own text.
func itemPage(feed *gofeed.Feed, it *gofeed.Item, link string) *Page {
	p := &Page{Headline: cleanLine(it.Title), Publisher: cleanLine(feed.Title)}
	if link != "" {
		if u, err := ParseURL(link); err == nil {
			p.URL = NormalizeURL(u)
		}
	}
	if len(it.Authors) > 0 && it.Authors[0] != nil {
		p.Byline = cleanLine(it.Authors[0].Name)
	}
	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Description
	}
	if doc, err := html.Parse(strings.NewReader(body)); err == nil {
		p.Text = paragraphs(render.InnerText(doc))
	}
	return p
}

func firstTime(ts ...*time.Time) time.Time {
	for _, t := range ts {
		if t != nil && !t.IsZero() && t.Year() >= retrieval.MinYear && t.Year() <= retrieval.MaxYear {
			return *t
		}
	}
	return time.Time{}
}

// remove deletes an article file the adder wrote, and forgets it.
func (ad *Adder) remove(name string) error {
	defer ad.lock()()
	if err := os.Remove(filepath.Join(ad.dir, name)); err != nil {
		return err
	}
	ad.forget(name)
	return nil
}

// forget drops the file name from the index; the caller holds ad.mu.
func (ad *Adder) forget(name string) {
	x, ok := ad.files[name]
	delete(ad.files, name)
	if !ok || !x.ok || ad.known[x.fp] != name {
		return
	}
	delete(ad.known, x.fp)
	// Another file with the same text (copied in by hand) is known by it
	// now.
	for n, y := range ad.files {
		if y.ok && y.fp == x.fp {
			ad.known[x.fp] = n
			break
		}
	}
}

func (ad *Adder) parseFile(name string) (*retrieval.Article, error) {
	data, err := os.ReadFile(filepath.Join(ad.dir, name))
	if err != nil {
		return nil, err
	}
	return retrieval.ParseArticle(name, data)
}

// readState reads the feed state; a missing or corrupt file is a fresh start
// (the worst cost is one full fetch of each feed).
func (ad *Adder) readState() *feedState {
	st := &feedState{Feeds: map[string]*feedEntry{}}
	data, err := os.ReadFile(filepath.Join(ad.dir, FeedStateFile))
	if err == nil {
		if json.Unmarshal(data, st) != nil || st.Feeds == nil {
			st = &feedState{Feeds: map[string]*feedEntry{}}
		}
	}
	return st
}

func (ad *Adder) writeState(st *feedState) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(ad.dir, FeedStateFile, append(data, '\n')); err != nil {
		return fmt.Errorf("remember feed state: %w", err)
	}
	return nil
}
