package openaitest

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
	"syscall"
)

// Transport returns an http.RoundTripper that serves requests with the
// fake's own handler in memory, without a network connection: the
// response body is a pipe the handler writes to as it streams. Inside a
// testing/synctest bubble everything it does blocks durably, so fake time
// runs while a reply is slow or silent: idle timeouts and backoff are
// tested without waiting for them. Requests are recorded as over HTTP.
// Hijacking (Reply.Reset) is not supported in memory.
func (s *Server) Transport() http.RoundTripper { return memTransport{s.Config.Handler} }

type memTransport struct{ h http.Handler }

func (t memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	sreq := req.Clone(ctx)
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "192.0.2.1:1234"
	sreq.Host = req.URL.Host
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	// The request is with the server now, as once written to a connection.
	if tr := httptrace.ContextClientTrace(ctx); tr != nil && tr.WroteRequest != nil {
		tr.WroteRequest(httptrace.WroteRequestInfo{})
	}
	pr, pw := io.Pipe()
	// As over the network, a cancelled request fails the body's reads
	// with the context's error.
	stop := context.AfterFunc(ctx, func() { pw.CloseWithError(ctx.Err()) })
	w := &memWriter{header: http.Header{}, body: pw, ready: make(chan struct{})}
	go func() {
		defer func() {
			stop()
			// The first close wins: a request cancelled mid-reply
			// fails its reads with the context's error, not EOF.
			if err := ctx.Err(); err != nil {
				pw.CloseWithError(err)
			}
			pw.Close()
		}()
		defer func() {
			if r := recover(); r != nil {
				if r != http.ErrAbortHandler {
					panic(r)
				}
				// Reply.Reset: the connection goes down, as a TCP reset.
				err := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
				w.abort(err)
				pw.CloseWithError(err)
			}
		}()
		defer w.WriteHeader(http.StatusOK) // a handler that wrote nothing
		t.h.ServeHTTP(w, sreq)
	}()
	select {
	case <-w.ready:
	case <-ctx.Done():
		pr.CloseWithError(ctx.Err())
		return nil, ctx.Err()
	}
	if w.err != nil {
		return nil, w.err
	}
	return &http.Response{
		Status: http.StatusText(w.status), StatusCode: w.status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: w.sent, Body: pr, ContentLength: -1, Request: req,
	}, nil
}

// memWriter is the handler's side of an in-memory exchange.
type memWriter struct {
	header http.Header
	body   *io.PipeWriter
	once   sync.Once
	ready  chan struct{}
	status int
	sent   http.Header // the header as it was when the status was written
	err    error       // set by abort
}

func (w *memWriter) Header() http.Header { return w.header }

// abort ends the exchange with err: before the status is written the
// request fails with it, after it the body's reads do.
func (w *memWriter) abort(err error) {
	w.once.Do(func() {
		w.err = err
		close(w.ready)
	})
}

func (w *memWriter) WriteHeader(code int) {
	w.once.Do(func() {
		w.status, w.sent = code, w.header.Clone()
		close(w.ready)
	})
}

func (w *memWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(p)
}

func (w *memWriter) Flush() {} // every Write reaches the reader at once
