package ingest

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"
)

// hostileSite serves the failure cases.
func hostileSite(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><p>" + r.UserAgent() + "</p></body></html>"))
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(200)
		w.Write([]byte("<html><body><p>first bytes"))
		w.(http.Flusher).Flush()
		<-r.Context().Done() // never finishes: only the client's deadline ends it
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>padding text. </p>"), 1<<14)
		for sent := 0; sent < 50<<20; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client stopped reading, as it should
			}
		}
	})
	mux.HandleFunc("/huge-declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "52428800")
		w.WriteHeader(200)
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00"))
	})
	mux.HandleFunc("/binary-as-html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("\x7fELF\x02\x01\x01\x00\x00\x00"))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/to-metadata", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	mux.HandleFunc("/to-private-name", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://intranet.example/admin", http.StatusFound)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// strictFetcher enforces the private-address policy, with only the test
// server's own address exempt, so redirects from it to private addresses
// are refused as they would be in production.
func strictFetcher(t *testing.T, srv *httptest.Server, timeout time.Duration) *Fetcher {
	f := NewFetcher(FetchConfig{Timeout: timeout})
	ap := netip.MustParseAddrPort(srv.Listener.Addr().String())
	f.exempt = map[netip.AddrPort]bool{ap: true}
	f.lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
		switch host {
		case "intranet.example":
			return []netip.Addr{netip.MustParseAddr("10.1.2.3")}, nil
		case "rebind.example":
			return []netip.Addr{netip.MustParseAddr("127.0.0.2")}, nil
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return f
}

func TestFetchRefusesAndFails(t *testing.T) {
	srv := hostileSite(t)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	tests := []struct {
		name, url string
		want      error
		wantText  string
	}{
		{"404", srv.URL + "/missing", ErrStatus, "404"},
		{"a response that never ends", srv.URL + "/slow", context.DeadlineExceeded, "TALKBOT_FETCH_TIMEOUT"},
		{"a 50 MB page", srv.URL + "/huge", ErrTooLarge, "10 MB"},
		{"a 50 MB page announced by Content-Length", srv.URL + "/huge-declared", ErrTooLarge, "10 MB"},
		{"an image", srv.URL + "/image", ErrContentType, "image/png"},
		{"binary sent as HTML", srv.URL + "/binary-as-html", ErrBinary, "binary"},
		{"a redirect loop", srv.URL + "/loop", ErrTooManyHops, "5 redirects"},
		{"a redirect to the metadata service", srv.URL + "/to-metadata", ErrPrivateAddress, "private"},
		{"a redirect to a name that resolves to a private address", srv.URL + "/to-private-name", ErrPrivateAddress, "10.1.2.3"},
		{"a redirect to a file URL", srv.URL + "/to-file", ErrScheme, "http and https"},
		{"loopback on another port", "http://127.0.0.1:" + strconv.Itoa(port+1) + "/", ErrPrivateAddress, "private"},
		{"a name that resolves to loopback", "http://rebind.example:" + strconv.Itoa(port) + "/ok", ErrPrivateAddress, "127.0.0.2"},
		{"IPv6 loopback", "http://[::1]:" + strconv.Itoa(port) + "/ok", ErrPrivateAddress, "private"},
		{"an ftp URL", "ftp://example.org/file", ErrScheme, "http and https"},
		{"a file URL", "file:///etc/passwd", ErrScheme, "http and https"},
	}
	f := strictFetcher(t, srv, 30*time.Second)
	// The never-ending response meets a short configured total timeout:
	// the same limit as TALKBOT_FETCH_TIMEOUT, without a 30 s wait.
	short := strictFetcher(t, srv, 200*time.Millisecond)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := f
			if strings.HasSuffix(tt.url, "/slow") {
				f = short
			}
			_, err := f.Fetch(context.Background(), tt.url, KindPage, Conditional{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.wantText) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q should be one line naming %q", err, tt.wantText)
			}
		})
	}
	// The exempt test server itself is reachable, and is told who calls.
	resp, err := f.Fetch(context.Background(), srv.URL+"/ok", KindPage, Conditional{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(resp.Body), "talkbot") {
		t.Errorf("User-Agent does not name talkbot: %s", resp.Body)
	}
}

// TestDialCheckStopsRebinding checks the last line of defence: whatever
// resolved the name, the dialer's Control refuses a private address at
// connect time.
func TestDialCheckStopsRebinding(t *testing.T) {
	srv := hostileSite(t)
	f := NewFetcher(FetchConfig{})
	c, err := f.dialer.DialContext(context.Background(), "tcp", srv.Listener.Addr().String())
	if err == nil {
		c.Close()
	}
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("dial loopback: got %v, want ErrPrivateAddress", err)
	}
}

func TestPublicAddr(t *testing.T) {
	for _, tt := range []struct {
		ip   string
		want bool
	}{
		{"93.184.216.34", true}, {"2606:2800:220:1:248:1893:25c8:1946", true},
		{"127.0.0.1", false}, {"10.0.0.1", false}, {"172.16.5.4", false}, {"192.168.1.1", false},
		{"169.254.169.254", false}, {"100.64.0.1", false}, {"0.0.0.0", false}, {"::1", false},
		{"fe80::1", false}, {"fd00:ec2::254", false}, {"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false},
		{"224.0.0.1", false}, {"255.255.255.255", false}, {"64:ff9b::a00:1", false},
	} {
		if got := PublicAddr(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("PublicAddr(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}

func TestFetchConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := FetchConfigFromEnv(env(map[string]string{"TALKBOT_FETCH_TIMEOUT": "5s", "TALKBOT_ALLOW_PRIVATE_URLS": "1"}))
	if err != nil || c.Timeout != 5*time.Second || !c.AllowPrivate {
		t.Fatalf("got %+v, %v", c, err)
	}
	// Plain seconds, as every other duration setting takes them.
	for v, want := range map[string]time.Duration{"45": 45 * time.Second, "1.5": 1500 * time.Millisecond, "10m": 10 * time.Minute} {
		if c, err := FetchConfigFromEnv(env(map[string]string{"TALKBOT_FETCH_TIMEOUT": v})); err != nil || c.Timeout != want {
			t.Errorf("TALKBOT_FETCH_TIMEOUT=%q: %v, %v; want %v", v, c.Timeout, err, want)
		}
	}
	for _, bad := range []map[string]string{{"TALKBOT_FETCH_TIMEOUT": "soon"}, {"TALKBOT_FETCH_TIMEOUT": "0s"}, {"TALKBOT_FETCH_TIMEOUT": "11m"},
		{"TALKBOT_FETCH_TIMEOUT": "NaN"}, {"TALKBOT_ALLOW_PRIVATE_URLS": "maybe"}} {
		if _, err := FetchConfigFromEnv(env(bad)); err == nil || !strings.HasPrefix(err.Error(), "TALKBOT_") {
			t.Errorf("%v: got %v, want an error naming the variable", bad, err)
		}
	}
	if c, _ := FetchConfigFromEnv(env(nil)); NewFetcher(c).timeout != DefaultTimeout || c.AllowPrivate {
		t.Errorf("defaults: %+v", c)
	}
}
