package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestHealthcheck: talkbot healthcheck exits 0 when /readyz on the
// configured address says 200, and 1 (never 2, which Docker reserves) when
// it says 503, nothing listens, or there is no address to ask.
func TestHealthcheck(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	ready := true
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		paths = append(paths, r.Method+" "+r.URL.Path)
		if !ready {
			http.Error(w, "serving: shutting down", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("corpus: ok\n"))
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	for _, env := range []map[string]string{
		{"TALKBOT_HTTP_ADDR": ":" + port},
		{"TALKBOT_HTTP_ADDR": "0.0.0.0:" + port},
		{"TALKBOT_METRICS_ADDR": "127.0.0.1:" + port},
	} {
		if code, out, errOut := talkbot(t, env, "healthcheck"); code != 0 || out != "corpus: ok\n" || errOut != "" {
			t.Errorf("ready, env %v: exit %d, stdout %q, stderr %q; want 0 and /readyz's body", env, code, out, errOut)
		}
	}
	mu.Lock()
	if len(paths) != 3 || paths[0] != "GET /readyz" {
		t.Errorf("requests %q, want GET /readyz each time", paths)
	}
	ready = false
	mu.Unlock()
	if code, out, errOut := talkbot(t, map[string]string{"TALKBOT_HTTP_ADDR": ":" + port}, "healthcheck"); code != 1 || !strings.Contains(out, "shutting down") || !strings.Contains(errOut, "503") {
		t.Errorf("not ready: exit %d, stdout %q, stderr %q; want 1 naming the 503", code, out, errOut)
	}

	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ln.Addr().String()
	ln.Close()
	for env, want := range map[string]string{
		dead:     "connect",
		"":       "set TALKBOT_HTTP_ADDR or TALKBOT_METRICS_ADDR",
		":0":     "a port chosen at start",
		":99999": "no valid port",
	} {
		e := map[string]string{}
		if env != "" {
			e["TALKBOT_HTTP_ADDR"] = env
		}
		if code, _, errOut := talkbot(t, e, "healthcheck"); code != 1 || !strings.Contains(errOut, want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("TALKBOT_HTTP_ADDR=%q: exit %d, stderr %q; want 1 and one line with %q", env, code, errOut, want)
		}
	}
}

// TestHealthcheckNoRedirect: a redirect from /readyz is no "ready": the
// check asks the local server only, and does not go where it points.
func TestHealthcheckNoRedirect(t *testing.T) {
	t.Parallel()
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }))
	defer elsewhere.Close()
	srv := httptest.NewServer(http.RedirectHandler(elsewhere.URL+"/readyz", http.StatusFound))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	if code, _, errOut := talkbot(t, map[string]string{"TALKBOT_HTTP_ADDR": ":" + port}, "healthcheck"); code != 1 || !strings.Contains(errOut, "302") {
		t.Errorf("redirected: exit %d, stderr %q; want 1 naming the 302", code, errOut)
	}
}

// TestHealthcheckOtherServer: another web server on the port (an HTML error
// page, even with 200) is not ready and is one line on stderr naming the
// status and the setting to check, with nothing on stdout; a status /readyz
// never gives quotes at most a short one-line excerpt of its body.
func TestHealthcheckOtherServer(t *testing.T) {
	t.Parallel()
	page := "<!DOCTYPE HTML>\n<html>\n<head><title>Error response</title></head>\n<body>\n<h1>Error response</h1>\n<p>Error code: 404</p>\n</body>\n</html>\n"
	tests := []struct {
		name   string
		status int
		ctype  string
		body   string
		want   string
	}{
		{"HTML 404", http.StatusNotFound, "text/html", page, "answered 404 Not Found with a web page, not talkbot's readiness report: is talkbot serve listening on TALKBOT_HTTP_ADDR (:"},
		{"HTML 200", http.StatusOK, "text/html; charset=utf-8", page, "answered 200 OK with a web page"},
		{"HTML as text", http.StatusNotFound, "text/plain", page, "with a web page"},
		{"long text 500", http.StatusInternalServerError, "text/plain", strings.Repeat("backend down\n", 50), "answered 500 Internal Server Error: backend down backend down"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.ctype)
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
			code, out, errOut := talkbot(t, map[string]string{"TALKBOT_HTTP_ADDR": ":" + port}, "healthcheck")
			if code != 1 || out != "" || !strings.Contains(errOut, tt.want) || strings.Count(errOut, "\n") != 1 || strings.Contains(errOut, "<") || len(errOut) > 300 {
				t.Errorf("exit %d, stdout %q, stderr %q; want 1, no stdout, one short line with %q", code, out, errOut, tt.want)
			}
		})
	}
}
