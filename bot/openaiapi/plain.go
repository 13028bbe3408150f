package openaiapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"

	openai "github.com/sashabaranov/go-openai"
)

// Some OpenAI-compatible servers ignore "stream": true and answer with one
// plain JSON chat completion. go-openai's stream reader finds no "data:"
// lines in it and ends without an event, so the reply would be lost as a
// malformed response. The transport turns such a body into the stream the
// reply would have been: one chunk with the whole message, one with the
// usage, and [DONE]; and an error object into the error event.

// maxPlainBytes bounds the plain reply read whole. A chat completion is a
// few kilobytes; a larger body is left to the stream reader, which finds no
// events in it and says so.
const maxPlainBytes = 4 << 20

// asStream returns resp with a plain JSON chat completion, sent to a
// streamed chat request, turned into a text/event-stream body. Any other
// response comes back as it was, its body unread. It fails only when the
// body cannot be read.
func asStream(req *http.Request, resp *http.Response) (*http.Response, error) {
	if resp.StatusCode != http.StatusOK || req.Header.Get("Accept") != "text/event-stream" {
		return resp, nil
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return resp, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPlainBytes+1))
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	events, ok := plainEvents(body)
	if !ok || len(body) > maxPlainBytes {
		// Not a chat completion: the stream reader reads it as before,
		// from the bytes already read, and finds no events in it.
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
		return resp, nil
	}
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(events))
	resp.Header.Set("Content-Type", "text/event-stream")
	resp.ContentLength = int64(len(events))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// plainEvents returns the stream events of a plain chat completion, and
// whether body is one: a JSON object with at least one choice, or an error
// object ({"error": {...}}), which becomes the error event go-openai reads
// (on one line of its own, unread it was an end of stream without events).
func plainEvents(body []byte) ([]byte, bool) {
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	var line bytes.Buffer
	if json.Unmarshal(body, &e) == nil && len(e.Error) > 0 && string(e.Error) != "null" && json.Compact(&line, body) == nil {
		return []byte("data: " + line.String() + "\n\n"), true
	}
	var c openai.ChatCompletionResponse
	if err := json.Unmarshal(body, &c); err != nil || len(c.Choices) == 0 {
		return nil, false
	}
	chunk := openai.ChatCompletionStreamResponse{ID: c.ID, Object: "chat.completion.chunk", Created: c.Created, Model: c.Model}
	for _, ch := range c.Choices {
		finish := ch.FinishReason
		if finish == "" {
			finish = openai.FinishReasonStop // the reply is whole: it came in one piece
		}
		chunk.Choices = append(chunk.Choices, openai.ChatCompletionStreamChoice{
			Index:        ch.Index,
			Delta:        openai.ChatCompletionStreamChoiceDelta{Role: ch.Message.Role, Content: ch.Message.Content},
			FinishReason: finish,
		})
	}
	var b bytes.Buffer
	write := func(v any) {
		j, _ := json.Marshal(v) // the types above always marshal
		fmt.Fprintf(&b, "data: %s\n\n", j)
	}
	write(chunk)
	if c.Usage.TotalTokens+c.Usage.PromptTokens+c.Usage.CompletionTokens > 0 {
		u := c.Usage
		write(openai.ChatCompletionStreamResponse{ID: c.ID, Object: "chat.completion.chunk", Created: c.Created,
			Model: c.Model, Choices: []openai.ChatCompletionStreamChoice{}, Usage: &u})
	}
	b.WriteString("data: [DONE]\n\n")
	return b.Bytes(), true
}

// readCloser reads from one reader and closes another: the body's bytes
// already read, then the rest of it.
type readCloser struct {
	io.Reader
	io.Closer
}
