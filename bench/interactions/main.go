// Command interactions load-tests Discord's HTTP interactions endpoint as
// talkbot serves it: it starts replicas of the endpoint in this process
// (extractive answers over the seed articles, so no API key), a local
// stand-in for Discord's webhook API that receives the answers, and sends
// signed /ask interactions at a fixed rate, spread over the replicas in turn.
//
// It reports the acknowledgement latency (from sending the signed request to
// reading the HTTP response, the deferred acknowledgement), the time until
// each answer's final edit reached the webhook from sending the interaction,
// and failures (a response
// that is not a deferred acknowledgement, an answer that never arrives).
// Then it measures the heap held per answer in flight: the stand-in holds
// the final edit of -inflight more answers until all of them wait there, and
// the heap (after a GC) over the idle baseline is divided by their number.
//
//	cd bench && go run ./interactions                 # 200 at 100/s over 2 replicas
//	go run ./interactions -n 1000 -rate 200 -replicas 4 -redis redis://127.0.0.1:6379/0
//	BENCH_DEBUG=1 go run ./interactions -n 2          # log the bots and every webhook request
package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/bot/shared"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
	"github.com/talkbot/talkbot/seeds"
)

var questions = []string{
	"Where did US and Russian officials meet on February 18?",
	"When will Trump and Putin meet?",
	"Who led the Russian delegation?",
	"What did the Kremlin say about a summit?",
	"What did Lavrov and Rubio agree on?",
	"Where will the next round of talks be held?",
	"What did Peskov say about preparations for the summit?",
	"Did Ukraine take part in the talks in Riyadh?",
}

func main() {
	n := flag.Int("n", 200, "interactions to send")
	rate := flag.Float64("rate", 100, "interactions per second")
	replicas := flag.Int("replicas", 2, "endpoint replicas")
	inflight := flag.Int("inflight", 100, "answers held in flight for the memory measure")
	concurrent := flag.Int("concurrent", 64, "answers composed at once per replica (DISCORD_MAX_CONCURRENT)")
	redisURL := flag.String("redis", "", "share limits through this Redis (REDIS_URL); empty: per-process limits")
	flag.Parse()
	if err := run(*n, *rate, *replicas, *inflight, *concurrent, *redisURL); err != nil {
		fmt.Fprintln(os.Stderr, "interactions:", err)
		os.Exit(1)
	}
}

func run(n int, rate float64, replicas, held, concurrent int, redisURL string) error {
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		return err
	}
	ix := retrieval.NewIndex(c, retrieval.DefaultParams())
	tl := timeline.New(ix)
	engine := bot.New(ix, bot.Options{})

	hook := newWebhook()
	defer hook.close()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var urls []string
	var bots []*discord.Bot
	for range replicas {
		m := metrics.New()
		cfg := discord.Config{
			Token: "bench-token", APIURL: hook.url, Logger: benchLogger(), Metrics: m, PublicKey: pub,
			RatePerMinute: 5, MaxConcurrent: concurrent, MaxQueue: 10000,
		}
		if redisURL != "" {
			st, err := shared.Open(redisURL, shared.Options{Metrics: m})
			if err != nil {
				return err
			}
			defer st.Close()
			cfg.Shared = st
		}
		b, err := discord.New(cfg, engine, tl, c.Articles)
		if err != nil {
			return err
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: b.InteractionsHandler(ctx)}
		go srv.Serve(ln)
		defer srv.Close()
		urls = append(urls, "http://"+ln.Addr().String()+"/interactions")
		bots = append(bots, b)
	}

	// Warm up (first answers fill caches), then take the idle baseline.
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}, Timeout: 10 * time.Second}
	for i := range replicas * 2 {
		hook.sent(fmt.Sprintf("w%d", i))
		if _, err := send(client, urls[i%replicas], priv, interaction(fmt.Sprintf("w%d", i), 1_000_000+i, questions[i%len(questions)])); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
	}
	if !hook.waitAnswers(replicas*2, 30*time.Second) {
		return fmt.Errorf("warm-up answers did not arrive")
	}
	hook.reset()
	base := heapInUse()

	var (
		mu       sync.Mutex
		acks     []time.Duration
		failures []string
		wg       sync.WaitGroup
	)
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	for i := range n {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			token := fmt.Sprintf("q%d", i)
			hook.sent(token)
			d, err := send(client, urls[i%replicas], priv, interaction(token, i, questions[i%len(questions)]))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failures = append(failures, err.Error())
				return
			}
			acks = append(acks, d)
		}(i)
	}
	wg.Wait()
	sent := time.Since(start)
	if !hook.waitAnswers(n, 60*time.Second) {
		failures = append(failures, fmt.Sprintf("%d of %d answers reached the webhook within 60 s", hook.answers(), n))
	}
	answerLat := hook.latencies()

	// Memory: hold the final edit of `held` answers until all of them wait
	// there, then weigh the heap.
	hook.reset()
	release := hook.holdFinal()
	for i := range held {
		hook.sent(fmt.Sprintf("m%d", i))
		if _, err := send(client, urls[i%replicas], priv, interaction(fmt.Sprintf("m%d", i), 2_000_000+i, questions[i%len(questions)])); err != nil {
			failures = append(failures, "memory phase: "+err.Error())
		}
	}
	if !hook.waitHeld(held, 60*time.Second) {
		failures = append(failures, fmt.Sprintf("memory phase: only %d of %d answers reached their final edit", hook.heldNow(), held))
	}
	inFlight := hook.heldNow()
	heap := heapInUse()
	release()
	hook.waitAnswers(held, 60*time.Second)
	for _, b := range bots {
		sctx, scancel := context.WithTimeout(context.Background(), 30*time.Second)
		b.Shutdown(sctx)
		scancel()
	}
	fmt.Printf("%d signed /ask interactions at %.0f/s over %d replicas (sent in %v), extractive answers\n", n, rate, replicas, sent.Round(time.Millisecond))
	fmt.Printf("acknowledgement: p50 %v  p99 %v  max %v\n", pct(acks, 50), pct(acks, 99), pct(acks, 100))
	fmt.Printf("answer (sending the interaction to the final edit): p50 %v  p99 %v\n", pct(answerLat, 50), pct(answerLat, 99))
	fmt.Printf("failures: %d\n", len(failures))
	for i, f := range failures {
		if i == 5 {
			fmt.Printf("  ... and %d more\n", len(failures)-5)
			break
		}
		fmt.Println("  " + f)
	}
	perAnswer := 0.0
	if inFlight > 0 {
		grow := int64(heap) - int64(base)
		perAnswer = float64(grow) / float64(inFlight) / 1024
		fmt.Printf("memory: %d answers in flight, heap %+.1f MiB over the idle %.1f MiB: %.1f KiB per answer in flight\n",
			inFlight, float64(grow)/(1<<20), float64(base)/(1<<20), perAnswer)
	}
	// The same figures as a Go benchmark line, so that several runs can be
	// summed up by benchstat.
	fmt.Printf("BenchmarkInteractions/replicas=%d/redis=%v %d %.3f ack-p50-ms %.3f ack-p99-ms %.3f answer-p50-ms %.3f answer-p99-ms %d failures %.1f KiB/answer-in-flight\n",
		replicas, redisURL != "", n, ms(pct(acks, 50)), ms(pct(acks, 99)), ms(pct(answerLat, 50)), ms(pct(answerLat, 99)), len(failures), perAnswer)
	if len(failures) > 0 {
		return fmt.Errorf("%d failures", len(failures))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	i := (len(d)*p + 99) / 100
	return d[min(max(i-1, 0), len(d)-1)].Round(10 * time.Microsecond)
}

// interaction is an /ask as Discord would POST it; token names it, and
// each has a user of its own (so the per-user limit is checked, never hit).
func interaction(token string, user int, question string) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": "1" + strings.Repeat("0", 17), "application_id": "100000000000000002", "type": 2, "token": token,
		"version": 1, "channel_id": "400000000000000001", "guild_id": "500000000000000001",
		"member": map[string]any{"user": map[string]any{"id": fmt.Sprint(300000000000000000 + user), "username": "u"}},
		"data": map[string]any{"id": "2", "name": "ask", "type": 1, "options": []any{
			map[string]any{"name": "question", "type": 3, "value": question},
		}},
	})
	return b
}

// send posts a signed interaction and checks it was acknowledged (deferred).
func send(client *http.Client, url string, key ed25519.PrivateKey, body []byte) (time.Duration, error) {
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	discordtest.SignRequest(req, key, body, time.Now())
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if resp.StatusCode != 200 {
		return d, fmt.Errorf("HTTP %d: %s", resp.StatusCode, bytes.TrimSpace(raw))
	}
	var r struct{ Type int }
	if json.Unmarshal(raw, &r) != nil || r.Type != 5 {
		return d, fmt.Errorf("not a deferred acknowledgement: %s", raw)
	}
	return d, nil
}

// webhook stands in for Discord's interaction webhook: it takes the edits
// and follow-ups of each answer and records when each answer's final edit
// (not a queue notice or a streaming preview) arrived. holdFinal makes it
// keep final edits waiting until released.
type webhook struct {
	url string
	srv *http.Server

	mu      sync.Mutex
	first   map[string]time.Time // token → when the interaction was sent
	done    map[string]time.Duration
	held    int
	hold    chan struct{} // nil: final edits pass
	changed chan struct{}
}

func newWebhook() *webhook {
	w := &webhook{first: map[string]time.Time{}, done: map[string]time.Duration{}, changed: make(chan struct{})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	w.url = "http://" + ln.Addr().String()
	w.srv = &http.Server{Handler: http.HandlerFunc(w.serve)}
	go w.srv.Serve(ln)
	return w
}

func (w *webhook) close() { w.srv.Close() }

// sent records when the interaction named token was sent.
func (w *webhook) sent(token string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.first[token] = time.Now()
}

func (w *webhook) notifyLocked() {
	close(w.changed)
	w.changed = make(chan struct{})
}

func (w *webhook) serve(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if os.Getenv("BENCH_DEBUG") != "" {
		fmt.Fprintln(os.Stderr, r.Method, r.URL.Path, len(body), string(body[:min(len(body), 200)]))
	}
	parts := strings.Split(r.URL.Path, "/")
	// /api/v10/webhooks/{app}/{token}[/messages/@original]
	token := ""
	for i, p := range parts {
		if p == "webhooks" && i+2 < len(parts) {
			token = parts[i+2]
		}
	}
	if token == "" {
		http.Error(rw, `{"message":"404: Not Found","code":0}`, 404)
		return
	}
	// Every edit of @original but a queue notice or a streaming preview is
	// the final answer (or an abstention, or an error).
	final := r.Method == "PATCH" && !bytes.Contains(body, []byte("⏳")) && !bytes.Contains(body, []byte("writing…"))
	w.mu.Lock()
	hold := w.hold
	if final && hold != nil {
		w.held++
		w.notifyLocked()
	}
	w.mu.Unlock()
	if final && hold != nil {
		<-hold
	}
	if final {
		w.mu.Lock()
		if t, ok := w.first[token]; ok && w.done[token] == 0 {
			w.done[token] = time.Since(t)
			w.notifyLocked()
		}
		w.mu.Unlock()
	}
	rw.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(rw, `{"id":"900000000000000001","channel_id":"400000000000000001","content":"","type":0,"timestamp":%q,"author":{"id":"100000000000000001","username":"talkbot","bot":true}}`, time.Now().Format(time.RFC3339))
}

func (w *webhook) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.first = map[string]time.Time{}
	w.done = map[string]time.Duration{}
	w.held = 0
}

// holdFinal keeps final edits waiting until the returned function is called.
func (w *webhook) holdFinal() (release func()) {
	ch := make(chan struct{})
	w.mu.Lock()
	w.hold = ch
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		w.hold = nil
		w.mu.Unlock()
		close(ch)
	}
}

func (w *webhook) heldNow() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.held
}

func (w *webhook) answers() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.done)
}

func (w *webhook) waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.After(timeout)
	for {
		w.mu.Lock()
		ok, ch := cond(), w.changed
		w.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-deadline:
			return false
		}
	}
}

func (w *webhook) waitAnswers(n int, timeout time.Duration) bool {
	return w.waitFor(timeout, func() bool { return len(w.done) >= n })
}

func (w *webhook) waitHeld(n int, timeout time.Duration) bool {
	return w.waitFor(timeout, func() bool { return w.held >= n })
}

func (w *webhook) latencies() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []time.Duration
	for _, d := range w.done {
		out = append(out, d)
	}
	return out
}

func benchLogger() *slog.Logger {
	if os.Getenv("BENCH_DEBUG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}
