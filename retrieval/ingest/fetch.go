// Package ingest gets articles into a corpus folder: it fetches web pages and
// feeds with the limits hostile URLs need, extracts a page's main text and
// metadata, and writes each article as a file in the corpus format. It knows
// nothing of Discord or language models.
package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/talkbot/talkbot/retrieval/envvar"
)

// Defaults of a Fetcher.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultMaxBytes = 10 << 20
	MaxRedirects    = 5
	UserAgent       = "talkbot/1.0 (+https://github.com/talkbot/talkbot; news corpus fetcher)"
	connectTimeout  = 10 * time.Second
)

// Reasons a fetch is refused. Each reaches the user as one line, so each
// names the limit it enforces.
var (
	ErrScheme         = errors.New("only http and https URLs are fetched")
	ErrPrivateAddress = errors.New("refused: the address is private, loopback, link-local or a cloud metadata service (set TALKBOT_ALLOW_PRIVATE_URLS=1 to allow)")
	ErrTooManyHops    = fmt.Errorf("stopped after %d redirects", MaxRedirects)
	ErrTooLarge       = errors.New("response is larger than 10 MB")
	ErrContentType    = errors.New("content type is not accepted")
	ErrBinary         = errors.New("response is binary, not text")
	ErrStatus         = errors.New("server answered with an error status")
)

// Kind is what a fetch expects, which decides the content types accepted.
type Kind int

const (
	KindPage Kind = iota // HTML or XHTML
	KindFeed             // RSS or Atom (XML)
)

// Fetcher fetches pages and feeds over HTTP. The zero value is not usable;
// call NewFetcher.
type Fetcher struct {
	timeout      time.Duration
	maxBytes     int64
	allowPrivate bool
	client       *http.Client
	dialer       *net.Dialer

	// Test hooks. lookup resolves a host name; exempt lists addresses the
	// private-address policy lets through (the test server's own), so tests
	// can check the policy against loopback servers.
	lookup func(ctx context.Context, host string) ([]netip.Addr, error)
	exempt map[netip.AddrPort]bool
}

// FetchConfig holds the settings of a Fetcher.
type FetchConfig struct {
	Timeout      time.Duration // the whole fetch, body included; 0 means DefaultTimeout
	AllowPrivate bool          // allow private, loopback and link-local addresses (tests, intranets)
}

// FetchConfigFromEnv reads TALKBOT_FETCH_TIMEOUT and
// TALKBOT_ALLOW_PRIVATE_URLS; a bad value is a one-line error naming the
// variable.
func FetchConfigFromEnv(getenv func(string) string) (FetchConfig, error) {
	var c FetchConfig
	d, err := envvar.Duration(getenv, "TALKBOT_FETCH_TIMEOUT", time.Second, 10*time.Minute)
	if err != nil {
		return c, err
	}
	c.Timeout = d
	allow, err := envvar.Bool(getenv, "TALKBOT_ALLOW_PRIVATE_URLS", false)
	if err != nil {
		return c, err
	}
	c.AllowPrivate = allow
	return c, nil
}

// NewFetcher returns a Fetcher with the given settings.
func NewFetcher(cfg FetchConfig) *Fetcher {
	f := &Fetcher{timeout: cfg.Timeout, maxBytes: DefaultMaxBytes, allowPrivate: cfg.AllowPrivate}
	if f.timeout <= 0 {
		f.timeout = DefaultTimeout
	}
	dialer := &net.Dialer{
		Timeout: min(connectTimeout, f.timeout),
		// The last line of defence: whatever resolved the name, the
		// address actually connected to is checked here, so neither a
		// rebinding DNS answer nor a redirect can reach a private address.
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("dial %s: %w", address, ErrPrivateAddress)
			}
			return f.checkAddr(ap)
		},
	}
	f.dialer = dialer
	tr := &http.Transport{
		Proxy: nil, // a proxy would be the address checked, not the target
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return f.dial(ctx, dialer, network, addr)
		},
		TLSHandshakeTimeout:   min(connectTimeout, f.timeout),
		ResponseHeaderTimeout: f.timeout,
		MaxIdleConns:          10,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	f.client = &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return ErrTooManyHops
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: %w", req.URL.Scheme, ErrScheme)
			}
			return nil
		},
	}
	return f
}

// dial resolves the host itself, checks every address, and connects only to
// one that passed.
func (f *Fetcher) dial(ctx context.Context, d *net.Dialer, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	pn, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("port %q: %w", port, err)
	}
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip}
	} else {
		lookup := f.lookup
		if lookup == nil {
			lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
				return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
			}
		}
		if addrs, err = lookup(ctx, host); err != nil {
			return nil, fmt.Errorf("look up %s: %w", host, err)
		}
	}
	var firstErr error
	for _, ip := range addrs {
		ap := netip.AddrPortFrom(ip.Unmap(), uint16(pn))
		if err := f.checkAddr(ap); err != nil {
			if firstErr == nil {
				if host == ip.String() {
					firstErr = fmt.Errorf("%s: %w", host, err)
				} else {
					firstErr = fmt.Errorf("%s resolves to %s: %w", host, ip, err)
				}
			}
			continue
		}
		c, err := d.DialContext(ctx, network, ap.String())
		if err == nil {
			return c, nil
		}
		if firstErr == nil || errors.Is(firstErr, ErrPrivateAddress) {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = fmt.Errorf("look up %s: no address", host)
	}
	return nil, firstErr
}

// checkAddr applies the private-address policy.
func (f *Fetcher) checkAddr(ap netip.AddrPort) error {
	if f.allowPrivate || f.exempt[ap] || PublicAddr(ap.Addr()) {
		return nil
	}
	return ErrPrivateAddress
}

// PublicAddr reports whether ip may be fetched from: not loopback, private,
// link-local, unspecified, multicast, carrier-grade NAT, or a well-known
// cloud metadata address.
func PublicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid(), ip.IsLoopback(), ip.IsPrivate(), ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(),
		ip.IsInterfaceLocalMulticast(), ip.IsMulticast(), ip.IsUnspecified():
		return false
	}
	for _, p := range blockedPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),          // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),      // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),       // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),      // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),        // reserved, broadcast
	netip.MustParsePrefix("fd00:ec2::254/128"),  // AWS metadata over IPv6 (inside fc00::/7 too)
	netip.MustParsePrefix("64:ff9b::/96"),       // NAT64 can embed a private IPv4
	netip.MustParsePrefix("2001:db8::/32"),      // documentation
	netip.MustParsePrefix("100.100.100.200/32"), // Alibaba Cloud metadata (inside CGNAT too)
}

// Response is a fetched page or feed.
type Response struct {
	URL          *url.URL // after redirects
	Body         []byte   // UTF-8 for pages; as sent for feeds (the XML decoder reads the encoding)
	ContentType  string
	ETag         string
	LastModified string
	NotModified  bool // a conditional request was answered 304: Body is empty
}

// Conditional holds the validators of an earlier response, for a
// conditional request.
type Conditional struct {
	ETag         string
	LastModified string
}

// Fetch gets rawURL as kind, within the fetcher's limits. A refusal or a
// failure is one error naming the reason.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, kind Kind, cond Conditional) (*Response, error) {
	u, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", UserAgent)
	if kind == KindFeed {
		req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8")
	} else {
		req.Header.Set("Accept", "text/html, application/xhtml+xml;q=0.9")
	}
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, describe(ctx, err, f.timeout)
	}
	defer resp.Body.Close()
	out := &Response{URL: resp.Request.URL, ContentType: resp.Header.Get("Content-Type"),
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	if resp.StatusCode == http.StatusNotModified && (cond.ETag != "" || cond.LastModified != "") {
		out.NotModified = true
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("%w %s", ErrStatus, resp.Status)
	}
	ctype := out.ContentType
	var rd io.Reader = resp.Body
	if strings.TrimSpace(ctype) == "" {
		// No Content-Type (a misconfigured server, a bare file server):
		// the type is read from the first bytes, as a browser does.
		br := bufio.NewReaderSize(resp.Body, sniffLen)
		head, _ := br.Peek(sniffLen)
		ctype, rd = sniffType(head), br
	}
	if err := acceptType(ctype, kind); err != nil {
		if kind == KindFeed && acceptType(ctype, KindPage) == nil {
			// A web page given for a feed: most name theirs in a
			// <link rel="alternate">, in the <head> at the top.
			head, _ := io.ReadAll(io.LimitReader(rd, maxHeadBytes))
			return nil, &NotAFeedError{ContentType: mediaType(ctype), Feeds: advertisedFeeds(head, out.URL)}
		}
		if ctype != out.ContentType {
			return nil, fmt.Errorf("%w: the server gave none, and the body looks like %s (want %s)", ErrContentType, mediaType(ctype), wantName(kind))
		}
		return nil, err
	}
	if resp.ContentLength > f.maxBytes {
		return nil, ErrTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(rd, f.maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", describe(ctx, err, f.timeout))
	}
	if int64(len(body)) > f.maxBytes {
		return nil, ErrTooLarge
	}
	if bytes.IndexByte(body[:min(len(body), 4096)], 0) >= 0 {
		return nil, ErrBinary
	}
	if kind == KindPage {
		body = decodeHTML(body, out.ContentType)
	}
	out.Body = body
	return out, nil
}

// decodeHTML turns a page in another encoding (windows-1251 is common on
// Russian sites, ISO-8859-1 on old saved pages) into UTF-8, by the
// Content-Type header, a BOM or a <meta charset>; a page that declares
// none is UTF-8 when it is valid UTF-8, else windows-1252. A local file
// has no header: contentType is "" for it.
func decodeHTML(body []byte, contentType string) []byte {
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return body
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return body
	}
	return b
}

// sniffLen is how much of a body without a Content-Type is read to tell
// its type (http.DetectContentType reads no more).
const sniffLen = 512

// sniffType is the media type of a body the server gave no Content-Type
// for, from its first bytes: http.DetectContentType, which knows HTML and
// an XML declaration, and a feed's root element (<rss>, <feed>, <rdf:RDF>)
// without one, which it takes for plain text.
func sniffType(head []byte) string {
	ct := http.DetectContentType(head)
	if mediaType(ct) == "text/plain" {
		// A UTF-8 BOM is taken for plain text, whatever follows it.
		h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
		if ct2 := http.DetectContentType(h); mediaType(ct2) != "text/plain" {
			return ct2
		}
		for _, root := range []string{"<rss", "<feed", "<rdf:RDF"} {
			if bytes.HasPrefix(h, []byte(root)) {
				return "application/xml"
			}
		}
	}
	return ct
}

// describe turns a transport error into one readable line.
func describe(ctx context.Context, err error, timeout time.Duration) error {
	switch {
	case errors.Is(err, ErrPrivateAddress), errors.Is(err, ErrTooManyHops), errors.Is(err, ErrScheme):
		// Strip the url.Error wrapping, which repeats the URL.
		var ue *url.Error
		if errors.As(err, &ue) {
			return ue.Err
		}
		return err
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("no complete answer within %s (TALKBOT_FETCH_TIMEOUT): %w", timeout, context.DeadlineExceeded)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// maxHeadBytes is as much of a web page given for a feed as is read to find
// the feeds it names.
const maxHeadBytes = 1 << 20

// NotAFeedError is a feed's URL that serves a web page. The command line
// and serve each say what to do with it in their own terms.
type NotAFeedError struct {
	ContentType string
	// Feeds are the RSS and Atom feeds the page names (<link
	// rel="alternate" type="application/rss+xml" href>), absolute.
	Feeds []string
}

func (e *NotAFeedError) Error() string {
	s := fmt.Sprintf("%s: %s (want RSS or Atom XML): a web page, not a feed", ErrContentType, e.ContentType)
	switch len(e.Feeds) {
	case 0:
	case 1:
		s += "; the page names its feed " + e.Feeds[0]
	default:
		s += "; the page names its feeds " + strings.Join(e.Feeds[:min(len(e.Feeds), 3)], ", ")
	}
	return s
}

func (e *NotAFeedError) Unwrap() error { return ErrContentType }

func mediaType(ct string) string {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt
}

// advertisedFeeds lists the RSS and Atom feeds an HTML page names in its
// <link rel="alternate"> elements, resolved against base; http(s) only,
// each once, in page order.
func advertisedFeeds(page []byte, base *url.URL) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "link" || !hasAttr {
				continue
			}
			var rel, typ, href string
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "rel":
					rel = string(v)
				case "type":
					typ = strings.ToLower(strings.TrimSpace(string(v)))
				case "href":
					href = strings.TrimSpace(string(v))
				}
			}
			if !hasToken(rel, "alternate") || href == "" ||
				(mediaType(typ) != "application/rss+xml" && mediaType(typ) != "application/atom+xml") {
				continue
			}
			u, err := base.Parse(href)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
				continue
			}
			if s := u.String(); !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
}

func acceptType(ct string, kind Kind) error {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("%w: %q", ErrContentType, ct)
	}
	ok := false
	switch kind {
	case KindPage:
		ok = mt == "text/html" || mt == "application/xhtml+xml"
	case KindFeed:
		ok = mt == "application/rss+xml" || mt == "application/atom+xml" || mt == "application/xml" ||
			mt == "text/xml" || mt == "application/rdf+xml"
	}
	if !ok {
		return fmt.Errorf("%w: %s (want %s)", ErrContentType, mt, wantName(kind))
	}
	return nil
}

// wantName names the content a fetch of kind accepts.
func wantName(kind Kind) string {
	if kind == KindFeed {
		return "RSS or Atom XML"
	}
	return "HTML"
}

// ParseURL parses an absolute http or https URL.
func ParseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, ErrScheme
	}
	if u.Host == "" {
		return nil, errors.New("URL has no host")
	}
	if u.User != nil {
		return nil, errors.New("URLs with a user name or password are not fetched")
	}
	return u, nil
}
