// Package openaitest is a test helper: an httptest server that speaks the
// OpenAI HTTP wire format, so tests exercise real clients (go-openai) over
// real HTTP without the internet or an API key.
//
// It serves
//
//   - POST /v1/chat/completions: JSON, or text/event-stream chunks when the
//     request sets "stream": true, with replies scripted per test;
//   - POST /v1/embeddings: deterministic hashed bag-of-words vectors
//     (see Embed), float or base64 encoded, or scripted faults;
//   - the same two endpoints under Azure's
//     /openai/deployments/{deployment}/... paths;
//
// and answers anything else with an OpenAI-style 404 error body. Every request
// is recorded (see Requests).
//
// A chat reply comes from the queue filled by QueueChat, else from the
// handler set with HandleChat; with neither, the request fails the test.
package openaitest

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// DefaultDim is the embedding dimension when neither the request
// ("dimensions") nor Server.SetDim chose one.
const DefaultDim = 64

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// ChatRequest is the part of a chat-completion request body tests look at.
type ChatRequest struct {
	Model               string    `json:"model"`
	Messages            []Message `json:"messages"`
	Stream              bool      `json:"stream"`
	Temperature         *float64  `json:"temperature"`
	MaxTokens           int       `json:"max_tokens"`
	MaxCompletionTokens int       `json:"max_completion_tokens"`
	StreamOptions       *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
}

// EmbeddingRequest is an embeddings request body. Input is normalised to a
// list of strings.
type EmbeddingRequest struct {
	Model          string   `json:"model"`
	Input          []string `json:"-"`
	EncodingFormat string   `json:"encoding_format"`
	Dimensions     int      `json:"dimensions"`
}

// Request is one request the server received.
type Request struct {
	Method     string
	Path       string // URL path, e.g. /v1/chat/completions
	Query      string // raw query, e.g. api-version=2024-02-01
	Header     http.Header
	Body       []byte
	Deployment string            // Azure deployment name, or ""
	Chat       *ChatRequest      // decoded body of a chat completion, else nil
	Embedding  *EmbeddingRequest // decoded body of an embeddings call, else nil
	// Time is when it arrived: fake time when the client runs in a
	// testing/synctest bubble through Transport, so the gaps between
	// requests are a client's backoff waits, exactly.
	Time time.Time
}

// Usage is a reply's token count.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
}

// APIError is an OpenAI-style error, sent as {"error": {...}}.
type APIError struct {
	Message string `json:"message"`
	Type    string `json:"type"`
	Param   any    `json:"param"`
	Code    any    `json:"code"`
}

// Reply scripts one response. The zero Reply is a 200 with empty content.
type Reply struct {
	Status int         // HTTP status; 0 means 200, or 500 when Error is set
	Header http.Header // extra response headers, e.g. Retry-After
	Error  *APIError   // sent as an OpenAI error body
	Raw    string      // sent verbatim as the body (e.g. malformed JSON)

	// Content is the assistant's message. A streamed reply sends it in
	// Chunks when set, else split into words.
	Content string
	Chunks  []string
	// Model overrides the model echoed back (default: the requested one).
	Model string
	// FinishReason defaults to "stop".
	FinishReason string
	// Usage defaults to a word count of the prompt and the content. A
	// streamed reply sends it in a last chunk when the request asked for
	// stream_options.include_usage.
	Usage *Usage

	// Stream faults. CutAfter > 0 drops the connection after that many
	// content chunks (a stream cut mid-way). NoDone ends the stream without
	// the final chunk that carries finish_reason, usage and [DONE]. NoFinish
	// sends [DONE] but no finish_reason. HangAfter > 0 sends that many
	// chunks, then waits until the client goes away.
	CutAfter  int
	NoDone    bool
	NoFinish  bool
	HangAfter int
	// DropDone sends everything but the final [DONE], then ends the body;
	// HangBeforeDone sends everything but [DONE], then waits until the
	// client goes away.
	DropDone       bool
	HangBeforeDone bool

	// Started, when not nil, receives one value once the request has been
	// recorded and this reply begins (before Hang waits), so a test can
	// act while the request is in flight without polling. The send gives
	// up when the client goes away; use a buffered channel to never block
	// the reply.
	Started chan<- struct{}

	// Hang waits, before any byte is written, until the client goes away
	// (a timeout or a cancellation) or Release is closed.
	Hang bool
	// Reset drops the connection without writing a response.
	Reset bool
	// Release, when Hang is set, lets the reply proceed once closed.
	Release <-chan struct{}
	// Dimensions, for an embeddings reply, sets the size of each input's
	// vector in turn (0 or missing: the usual one). A server that mixes
	// sizes in one response is broken; this lets tests be one.
	Dimensions []int

	// OnChunk, when set, runs before each content chunk i (0-based) is
	// written, so a test can observe the client between chunks.
	OnChunk func(i int)
}

// Text is a successful reply with the given content.
func Text(content string) Reply { return Reply{Content: content} }

// Error is a reply with an OpenAI-style error body.
func Error(status int, typ, code, message string) Reply {
	var c any
	if code != "" {
		c = code
	}
	return Reply{Status: status, Error: &APIError{Message: message, Type: typ, Code: c}}
}

// RateLimited is a 429 with a Retry-After header (in seconds, as OpenAI
// sends it; "" omits the header).
func RateLimited(retryAfter string) Reply {
	r := Error(http.StatusTooManyRequests, "requests", "rate_limit_exceeded",
		"Rate limit reached for requests. Please try again later.")
	if retryAfter != "" {
		r.Header = http.Header{"Retry-After": {retryAfter}}
	}
	return r
}

// ServerError is a 5xx with an OpenAI-style error body.
func ServerError(status int) Reply {
	return Error(status, "server_error", "", "The server had an error while processing your request.")
}

// InvalidKey is the 401 OpenAI sends for a wrong key; its message echoes
// part of the key, as the real one does, so tests can check it never leaks.
func InvalidKey(key string) Reply {
	shown := key
	if len(shown) > 8 {
		shown = shown[:3] + "*****" + shown[len(shown)-4:]
	}
	return Error(http.StatusUnauthorized, "invalid_request_error", "invalid_api_key",
		"Incorrect API key provided: "+shown+". You can find your API key at https://platform.openai.com/account/api-keys.")
}

// ModelNotFound is the 404 OpenAI sends for an unknown model.
func ModelNotFound(model string) Reply {
	return Error(http.StatusNotFound, "invalid_request_error", "model_not_found",
		"The model `"+model+"` does not exist or you do not have access to it.")
}

// ContextTooLong is the 400 OpenAI sends when the prompt exceeds the model's
// context window.
func ContextTooLong() Reply {
	return Error(http.StatusBadRequest, "invalid_request_error", "context_length_exceeded",
		"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.")
}

// Server is the fake OpenAI server.
type Server struct {
	*httptest.Server
	tb testing.TB

	mu        sync.Mutex
	requests  []Request
	chatQueue []Reply
	chatFunc  func(ChatRequest) Reply
	embQueue  []Reply
	dim       int
	key       string
}

// NewServer starts a server that is closed when the test ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{tb: tb}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("POST /v1/embeddings", s.embeddings)
	mux.HandleFunc("POST /openai/deployments/{deployment}/chat/completions", s.chat)
	mux.HandleFunc("POST /openai/deployments/{deployment}/embeddings", s.embeddings)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.record(r, nil)
		writeError(w, http.StatusNotFound, &APIError{
			Message: "Invalid URL (" + r.Method + " " + r.URL.Path + ")", Type: "invalid_request_error",
		})
	})
	s.Server = httptest.NewServer(mux)
	tb.Cleanup(s.Close)
	return s
}

// BaseURL is the URL to give a client as its OpenAI base URL: the server's
// root followed by /v1.
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// RequireKey makes every request without "Authorization: Bearer <key>" or
// "api-key: <key>" fail with OpenAI's 401.
func (s *Server) RequireKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.key = key
}

// SetDim sets the embedding dimension used when a request does not ask for
// one.
func (s *Server) SetDim(dim int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dim = dim
}

// QueueChat appends replies for the next chat-completion requests, one each,
// in order.
func (s *Server) QueueChat(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatQueue = append(s.chatQueue, replies...)
}

// HandleChat sets the function that answers chat completions once the queue
// is empty.
func (s *Server) HandleChat(f func(ChatRequest) Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatFunc = f
}

// QueueEmbeddings appends replies for the next embeddings requests (use it
// for faults); once the queue is empty, requests get deterministic vectors.
func (s *Server) QueueEmbeddings(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.embQueue = append(s.embQueue, replies...)
}

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ChatRequests returns the chat-completion requests received so far.
func (s *Server) ChatRequests() []ChatRequest {
	var out []ChatRequest
	for _, r := range s.Requests() {
		if r.Chat != nil {
			out = append(out, *r.Chat)
		}
	}
	return out
}

// record stores a request and returns its position, for set.
func (s *Server) record(r *http.Request, body []byte) int {
	rec := Request{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body, Deployment: r.PathValue("deployment"), Time: time.Now(),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
	return len(s.requests) - 1
}

// set updates request i; concurrent requests each update their own.
func (s *Server) set(i int, f func(*Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.requests[i])
}

// authorized checks the key, writing the 401 when it is wrong.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	key := s.key
	s.mu.Unlock()
	if key == "" {
		return true
	}
	got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if got == "" {
		got = r.Header.Get("api-key")
	}
	if got == key {
		return true
	}
	if got == "" {
		writeError(w, http.StatusUnauthorized, &APIError{
			Message: "You didn't provide an API key.", Type: "invalid_request_error",
		})
		return false
	}
	rep := InvalidKey(got)
	writeError(w, rep.Status, rep.Error)
	return false
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	at := s.record(r, body)
	if !s.authorized(w, r) {
		return
	}
	var req ChatRequest
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, &APIError{
			Message: "We could not parse the JSON body of your request.", Type: "invalid_request_error",
		})
		return
	}
	s.set(at, func(rec *Request) { rec.Chat = &req })

	s.mu.Lock()
	var rep Reply
	var ok bool
	if len(s.chatQueue) > 0 {
		rep, s.chatQueue, ok = s.chatQueue[0], s.chatQueue[1:], true
	} else if s.chatFunc != nil {
		f := s.chatFunc
		s.mu.Unlock()
		rep, ok = f(req), true
		s.mu.Lock()
	}
	s.mu.Unlock()
	if !ok {
		s.tb.Errorf("openaitest: unscripted chat completion request (model %q)", req.Model)
		writeError(w, http.StatusInternalServerError, &APIError{
			Message: "openaitest: no reply scripted", Type: "server_error",
		})
		return
	}
	if !s.prelude(w, r, rep) {
		return
	}
	model := req.Model
	if rep.Model != "" {
		model = rep.Model
	}
	usage := rep.Usage
	if usage == nil {
		p := 0
		for _, m := range req.Messages {
			p += len(strings.Fields(m.Content))
		}
		usage = &Usage{PromptTokens: p, CompletionTokens: len(strings.Fields(rep.Content))}
	}
	finish := rep.FinishReason
	if finish == "" {
		finish = "stop"
	}
	if !req.Stream {
		writeJSON(w, http.StatusOK, map[string]any{
			"id": "chatcmpl-test", "object": "chat.completion", "created": 1700000000, "model": model,
			"choices": []any{map[string]any{
				"index":         0,
				"message":       map[string]any{"role": "assistant", "content": rep.Content},
				"finish_reason": finish,
			}},
			"usage": usageJSON(usage),
		})
		return
	}
	s.stream(w, r, req, rep, model, finish, usage)
}

// prelude handles what a reply does before a normal body: hanging,
// resetting, errors and raw bodies. It reports whether to go on.
func (s *Server) prelude(w http.ResponseWriter, r *http.Request, rep Reply) bool {
	if rep.Started != nil {
		select {
		case rep.Started <- struct{}{}:
		case <-r.Context().Done():
			return false
		}
	}
	if rep.Hang {
		select {
		case <-r.Context().Done():
			return false
		case <-rep.Release:
		}
	}
	if rep.Reset {
		reset(w)
		return false
	}
	for k, vs := range rep.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if rep.Raw != "" {
		status := rep.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, rep.Raw)
		return false
	}
	if rep.Error != nil {
		status := rep.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		writeError(w, status, rep.Error)
		return false
	}
	if rep.Status != 0 && rep.Status != http.StatusOK {
		w.WriteHeader(rep.Status)
		return false
	}
	return true
}

func (s *Server) stream(w http.ResponseWriter, r *http.Request, req ChatRequest, rep Reply, model, finish string, usage *Usage) {
	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	send := func(v any) {
		b, _ := json.Marshal(v)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if flusher != nil {
			flusher.Flush()
		}
	}
	chunk := func(delta map[string]any, finish any) map[string]any {
		return map[string]any{
			"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1700000000, "model": model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
		}
	}
	send(chunk(map[string]any{"role": "assistant", "content": ""}, nil))
	parts := rep.Chunks
	if parts == nil {
		parts = SplitWords(rep.Content)
	}
	for i, p := range parts {
		if rep.CutAfter > 0 && i == rep.CutAfter {
			reset(w)
			return
		}
		if rep.HangAfter > 0 && i == rep.HangAfter {
			<-r.Context().Done()
			return
		}
		if rep.OnChunk != nil {
			rep.OnChunk(i)
		}
		send(chunk(map[string]any{"content": p}, nil))
	}
	if rep.NoDone {
		return
	}
	if !rep.NoFinish {
		send(chunk(map[string]any{}, finish))
	}
	if req.StreamOptions != nil && req.StreamOptions.IncludeUsage {
		send(map[string]any{
			"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1700000000, "model": model,
			"choices": []any{}, "usage": usageJSON(usage),
		})
	}
	switch {
	case rep.DropDone:
		return
	case rep.HangBeforeDone:
		<-r.Context().Done()
		return
	}
	io.WriteString(w, "data: [DONE]\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}

// SplitWords cuts s into stream chunks of one word each, with the space
// that follows it, as a model's tokens arrive; joined they give back s.
func SplitWords(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			out = append(out, s)
			break
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r) {
				break
			}
			j += n
		}
		out = append(out, s[:j])
		s = s[j:]
	}
	return out
}

func (s *Server) embeddings(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	at := s.record(r, body)
	if !s.authorized(w, r) {
		return
	}
	var raw struct {
		EmbeddingRequest
		Input json.RawMessage `json:"input"`
	}
	bad := func(msg string) {
		writeError(w, http.StatusBadRequest, &APIError{Message: msg, Type: "invalid_request_error", Param: "input"})
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		bad("We could not parse the JSON body of your request.")
		return
	}
	req := raw.EmbeddingRequest
	var one string
	if err := json.Unmarshal(raw.Input, &one); err == nil {
		req.Input = []string{one}
	} else if err := json.Unmarshal(raw.Input, &req.Input); err != nil {
		bad("'input' must be a string or an array of strings (token arrays are not supported by openaitest).")
		return
	}
	if len(req.Input) == 0 {
		bad("'input' must not be empty.")
		return
	}
	s.set(at, func(rec *Request) { rec.Embedding = &req })

	s.mu.Lock()
	dim := s.dim
	var rep Reply
	scripted := len(s.embQueue) > 0
	if scripted {
		rep, s.embQueue = s.embQueue[0], s.embQueue[1:]
	}
	s.mu.Unlock()
	if scripted && !s.prelude(w, r, rep) {
		return
	}
	if req.Dimensions > 0 {
		dim = req.Dimensions
	}
	if dim <= 0 {
		dim = DefaultDim
	}
	data := make([]any, len(req.Input))
	tokens := 0
	for i, in := range req.Input {
		d := dim
		if i < len(rep.Dimensions) && rep.Dimensions[i] > 0 {
			d = rep.Dimensions[i]
		}
		v := Embed(in, d)
		tokens += len(Words(in))
		var enc any = v
		if req.EncodingFormat == "base64" {
			buf := make([]byte, 4*len(v))
			for j, f := range v {
				binary.LittleEndian.PutUint32(buf[4*j:], math.Float32bits(f))
			}
			enc = base64.StdEncoding.EncodeToString(buf)
		}
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": enc}
	}
	model := req.Model
	if rep.Model != "" {
		model = rep.Model
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"object": "list", "data": data, "model": model,
		"usage": map[string]int{"prompt_tokens": tokens, "total_tokens": tokens},
	})
}

// Words splits text into the lower-cased words Embed hashes: runs of
// letters and digits.
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Embed is the vector the server returns for text: a hashed bag of words.
// Each word adds ±1 to one of dim coordinates chosen by its FNV-1a hash, and
// the sum is scaled to unit length, so texts that share words have a high
// cosine similarity and the same text always gets the same vector. Text
// without words gets the zero vector.
func Embed(text string, dim int) []float32 {
	v := make([]float64, dim)
	for _, w := range Words(text) {
		h := fnv.New64a()
		io.WriteString(h, w)
		x := h.Sum64()
		sign := 1.0
		if x>>63 == 1 {
			sign = -1
		}
		v[x%uint64(dim)] += sign
	}
	var norm float64
	for _, f := range v {
		norm += f * f
	}
	out := make([]float32, dim)
	if norm == 0 {
		return out
	}
	norm = math.Sqrt(norm)
	for i, f := range v {
		out[i] = float32(f / norm)
	}
	return out
}

func usageJSON(u *Usage) map[string]int {
	return map[string]int{
		"prompt_tokens": u.PromptTokens, "completion_tokens": u.CompletionTokens,
		"total_tokens": u.PromptTokens + u.CompletionTokens,
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func writeError(w http.ResponseWriter, status int, e *APIError) {
	writeJSON(w, status, map[string]any{"error": e})
}

// reset drops the connection under w, so the client sees a reset or an
// unexpected EOF rather than a response.
func reset(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // the server closes the connection
	}
	if tc, ok := conn.(interface{ SetLinger(int) error }); ok {
		tc.SetLinger(0) // RST rather than FIN
	}
	conn.Close()
}
