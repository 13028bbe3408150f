package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
)

func TestScoreRounding(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0.0000"},
		{12.345678, "12.3457"},
		{4.56912, "4.5691"},
		{1, "1.0000"},
		{0.5, "0.500000"},
		{2.0 / 61, "0.0327869"},        // the top fused score
		{1.0/61 + 1.0/62, "0.0325225"}, // its neighbour, 0.0325 at 4 decimals too
		{1.0/61 + 1.0/63, "0.0322665"},
		{1.0 / 1060, "0.000943396"},
	}
	for _, tt := range tests {
		if got := formatScore(tt.in); got != tt.want {
			t.Errorf("formatScore(%v) = %s, want %s", tt.in, got, tt.want)
		}
		if got, want := roundScore(tt.in), mustFloat(t, tt.want); got != want {
			t.Errorf("roundScore(%v) = %v, want %v", tt.in, got, want)
		}
	}
}

// TestFusedScoresStayApart: fused scores that differ, as float32 sums of
// 1/(RRFK+rank) the way retrieval computes them, still differ once rounded,
// down to rank 1000 (search's -k limit).
func TestFusedScoresStayApart(t *testing.T) {
	fused := func(a, b int) float64 {
		return float64(1/float32(retrieval.RRFK+a) + 1/float32(retrieval.RRFK+b))
	}
	for _, first := range []int{1, 2, 10, 100} {
		for r := 1; r < 1000; r++ {
			x, y := fused(first, r), fused(first, r+1)
			if roundScore(x) == roundScore(y) {
				t.Fatalf("ranks (%d, %d) and (%d, %d): %v and %v both show as %v", first, r, first, r+1, x, y, roundScore(x))
			}
		}
	}
}

func TestSearchHybridScoresDistinct(t *testing.T) {
	_, env := hybridEnv(t)
	code, out, errOut := talkbot(t, env, "search", "--json", "-k", "10", "minerals agreement security guarantees")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res searchJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Results) != 10 {
		t.Fatalf("%v: %s", err, out)
	}
	for i := 1; i < len(res.Results); i++ {
		prev, cur := res.Results[i-1].Score, res.Results[i].Score
		if cur > prev || cur >= 2.0/61+1e-6 {
			t.Errorf("rank %d: score %v after %v", i+1, cur, prev)
		}
	}
	// The fused scores keep their precision: at 4 decimals, neighbours such
	// as 1/61+1/62 and 1/61+1/63 both read 0.0323.
	for _, r := range res.Results {
		if r.Score == math.Round(r.Score*1e4)/1e4 || r.Score != roundScore(r.Score) {
			t.Errorf("rank %d: score %v is not shown to 6 significant digits", r.Rank, r.Score)
		}
	}
}

func TestSearchHelpExplainsScore(t *testing.T) {
	code, out, _ := talkbot(t, nil, "search", "-h")
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{"BM25", "reciprocal rank fusion", "1/(60+rank)", "2/61", "significant digits"} {
		if !strings.Contains(out, want) {
			t.Errorf("search -h lacks %q:\n%s", want, out)
		}
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	var f float64
	if err := json.Unmarshal([]byte(s), &f); err != nil {
		t.Fatal(err)
	}
	return f
}
