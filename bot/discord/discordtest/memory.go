package discordtest

import (
	"net/http"
	"net/http/httptest"
)

// Transport returns an http.RoundTripper that serves REST requests with the
// server's own handler in memory, without a network connection, so that a
// bot inside a testing/synctest bubble can use the server (created outside
// it, since it listens): everything it does then blocks durably, and waits
// such as Options.EditDelay run on fake time. Requests are checked and
// recorded as over HTTP. The gateway needs the network.
func (s *Server) Transport() http.RoundTripper {
	return handlerTransport{http.HandlerFunc(s.serveHTTP)}
}

// HandlerClient returns a client whose requests are served by h in memory,
// whatever their URL: Deliver through it reaches an interactions endpoint
// (Bot.InteractionsHandler) inside a testing/synctest bubble.
func HandlerClient(h http.Handler) *http.Client { return &http.Client{Transport: handlerTransport{h}} }

// handlerTransport serves each request with h and returns its whole
// response; a request whose context ended meanwhile fails with the
// context's error, as on the wire.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	sreq := req.Clone(ctx)
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "192.0.2.1:1234"
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, sreq)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
