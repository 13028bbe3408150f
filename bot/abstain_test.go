package bot

import (
	"context"
	"strings"
	"testing"
)

// TestAbstentionNamesAURLOnce: a refusal names each unknown word once,
// also a word the index splits into several terms ("example.com"), and not
// a URL's scheme.
func TestAbstentionNamesAURLOnce(t *testing.T) {
	e := seedEngine(t)
	for _, q := range []string{"https://example.com when did they meet", "when did they meet? HTTP://Example.com/x"} {
		ans, err := e.Ask(context.Background(), Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		host := "example.com"
		if strings.Contains(q, "Example") {
			host = "Example.com"
		}
		if !ans.Abstained || strings.Count(ans.Text, host) != 1 || strings.Contains(strings.ToLower(ans.Text), "http") {
			t.Errorf("%q: %s\nwant a refusal naming %q once and no scheme", q, ans.Text, host)
		}
	}
	if got := namedOnce("who is Lavrov", []string{"Lavrov", "Lavrov", "Witkoff"}); strings.Join(got, ",") != "Lavrov,Witkoff" {
		t.Errorf("namedOnce: %v", got)
	}
}
