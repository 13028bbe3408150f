package metrics

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Check is one condition of readiness: Probe returns nil when it holds.
type Check struct {
	Name  string
	Probe func(ctx context.Context) error
}

// probeTimeout bounds each readiness probe: a load balancer asking again is
// better than a probe that hangs.
const probeTimeout = 2 * time.Second

// Routes adds the operations endpoints to mux:
//
//	GET /healthz  200 while the process serves HTTP at all
//	GET /readyz   200 when every check holds, else 503 naming the failures
//	GET /metrics  the metrics in Prometheus's text format
func (m *Metrics) Routes(mux *http.ServeMux, checks []Check) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		ready := true
		for _, c := range checks {
			ctx, cancel := context.WithTimeout(r.Context(), probeTimeout)
			err := c.Probe(ctx)
			cancel()
			if err != nil {
				ready = false
				fmt.Fprintf(&b, "%s: %s\n", c.Name, oneLine(err.Error()))
			} else {
				fmt.Fprintf(&b, "%s: ok\n", c.Name)
			}
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		fmt.Fprint(w, b.String())
	})
	mux.Handle("GET /metrics", m.Handler())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
