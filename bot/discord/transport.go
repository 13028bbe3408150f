package discord

import (
	"net/http"
	"net/url"
	"strings"
)

// rewriteTransport sends the requests discordgo addresses to
// https://discord.com (its endpoints are fixed package variables) to the
// configured base URL instead: a REST proxy, or a local Discord in tests.
// Gateway discovery (GET /api/v9/gateway) goes through it too, so the
// websocket URL comes from whatever answers there.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func newRewriteTransport(base *url.URL, next http.RoundTripper) http.RoundTripper {
	if base.Scheme == "https" && base.Host == "discord.com" && strings.Trim(base.Path, "/") == "" {
		return next // nothing to rewrite
	}
	return &rewriteTransport{base: base, next: next}
}

func (t *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != "discord.com" {
		return t.next.RoundTrip(r)
	}
	// RoundTrippers must not modify the request they are given.
	out := r.Clone(r.Context())
	u := *r.URL
	u.Scheme = t.base.Scheme
	u.Host = t.base.Host
	prefix := strings.TrimRight(t.base.Path, "/")
	u.Path = prefix + r.URL.Path
	if r.URL.RawPath != "" {
		u.RawPath = prefix + r.URL.RawPath
	}
	out.URL = &u
	out.Host = ""
	resp, err := t.next.RoundTrip(out)
	if err != nil {
		// http.Client reports the URL it was asked for (discord.com); name
		// the one actually tried too, so an unreachable DISCORD_API_URL
		// shows as itself. describeREST prefers this inner URL and redacts
		// the tokens in it.
		return nil, &url.Error{Op: urlErrorOp(r.Method), URL: u.String(), Err: err}
	}
	return resp, nil
}

// urlErrorOp is the Op net/http gives a *url.Error for method: "Get", "Post".
func urlErrorOp(method string) string {
	if method == "" {
		return "Get"
	}
	return method[:1] + strings.ToLower(method[1:])
}
