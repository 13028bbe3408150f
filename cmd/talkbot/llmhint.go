package main

import (
	"errors"
	"net/http"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"github.com/talkbot/talkbot/bot/embeddings"
	"github.com/talkbot/talkbot/bot/llm"
)

// withSettingHint adds to a failure of the model or embeddings API that
// needs the operator what to check, by the setting's name: the error says
// what the server answered, not which line of .env sends it. Other errors
// are returned as they are.
func withSettingHint(err error) error {
	if hint := settingHint(err); hint != "" {
		return reworded{strings.TrimRight(err.Error(), ". ") + "; " + hint, err}
	}
	return err
}

// settingHint is the "check …" clause for err, "" when no setting is to
// blame: the chat model's (llm.SettingHint), or the embeddings API's.
func settingHint(err error) string {
	if hint := llm.SettingHint(err); hint != "" {
		return hint
	}
	var ae *embeddings.APIError
	if !errors.As(err, &ae) {
		return ""
	}
	switch embeddingsStatus(ae.Err) {
	case http.StatusUnauthorized, http.StatusForbidden:
		return llm.SettingHint(llm.ErrKeyRejected) // the one key serves both
	case http.StatusNotFound:
		return "check OPENAI_EMBEDDING_MODEL, and OPENAI_BASE_URL if the model is on another server"
	}
	return ""
}

// embeddingsStatus is the HTTP status of a failed embeddings request, 0
// when it got none.
func embeddingsStatus(err error) int {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		return reqErr.HTTPStatusCode
	}
	return 0
}
