package ingest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestFetchWithoutContentType: a server that sends no Content-Type has its
// body's type read from its first bytes, as a browser does, rather than
// every page refused with `content type is not accepted: ""`.
func TestFetchWithoutContentType(t *testing.T) {
	bodies := map[string]string{
		"/page":      `<!doctype html><html><head><meta charset="iso-8859-1"><title>Gen` + "\xe8" + `ve</title></head><body><p>Talks in Gen` + "\xe8" + `ve.</p></body></html>`,
		"/rss":       `<rss version="2.0"><channel><title>Wire</title></channel></rss>`,
		"/atom":      "\xef\xbb\xbf" + `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title></feed>`,
		"/png":       "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"/text":      "just some words, not a page",
		"/feed-page": `<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body>x</body></html>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // nil stops net/http from sniffing one itself
		w.Write([]byte(bodies[r.URL.Path]))
	}))
	t.Cleanup(srv.Close)
	f := testFetcher()
	ctx := context.Background()
	tests := []struct {
		path    string
		kind    Kind
		want    string // in the body; "" means an error is wanted
		wantErr string // in the error
	}{
		{"/page", KindPage, "Talks in Genève.", ""},
		{"/rss", KindFeed, "<rss", ""},
		{"/atom", KindFeed, "<feed", ""},
		{"/png", KindPage, "", "the server gave none, and the body looks like image/png (want HTML)"},
		{"/text", KindPage, "", "text/plain (want HTML)"},
		{"/feed-page", KindFeed, "", "the page names its feed " + srv.URL + "/rss"},
	}
	for _, tt := range tests {
		resp, err := f.Fetch(ctx, srv.URL+tt.path, tt.kind, Conditional{})
		switch {
		case tt.want != "" && err != nil:
			t.Errorf("%s: %v", tt.path, err)
		case tt.want != "" && !strings.Contains(string(resp.Body), tt.want):
			t.Errorf("%s: body %q, want it to hold %q", tt.path, resp.Body, tt.want)
		case tt.want == "" && (!errors.Is(err, ErrContentType) || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, want ErrContentType saying %q", tt.path, err, tt.wantErr)
		}
	}
}
