// Package timeline turns a corpus into a chronology: dated events found in the
// articles, with relative dates ("on Tuesday", "next week") resolved against
// each article's publication date, every event cited.
package timeline

import (
	"context"
	"errors"
	"time"

	"github.com/talkbot/talkbot/retrieval"
)

// Granularity is how precise an event's date is.
type Granularity string

const (
	Day   Granularity = "day"
	Week  Granularity = "week"
	Month Granularity = "month"
	Year  Granularity = "year"
)

// Tense says whether an event had happened or was planned when reported.
type Tense string

const (
	Past    Tense = "past"
	Planned Tense = "planned"
)

// Source is one passage that reports an event.
type Source struct {
	Article *retrieval.Article
	Passage retrieval.Passage
}

// Event is a dated statement of the corpus.
type Event struct {
	Date        time.Time // start day, UTC midnight
	End         time.Time // last day of a range; zero for a single day
	Granularity Granularity
	Tense       Tense
	Text        string   // the statement, quoted from the passage
	Sources     []Source // at least one; several when articles agree
}

// Filter selects events. Zero fields select everything.
type Filter struct {
	Topic    string    // keep events whose passages retrieval ranks relevant
	From, To time.Time // inclusive; ranges overlapping [From, To] are kept
}

// ErrNotReady is returned until event extraction exists.
var ErrNotReady = errors.New("timeline: not implemented yet")

// Timeline holds the events of a corpus, in date order.
type Timeline struct {
	index *retrieval.Index
}

// New extracts the events of the corpus behind ix.
func New(ix *retrieval.Index) *Timeline { return &Timeline{index: ix} }

// Events returns the events that match f, in date order.
func (t *Timeline) Events(ctx context.Context, f Filter) ([]Event, error) {
	return nil, ErrNotReady
}

// Topics returns up to limit people, places and subjects of the corpus that
// start with prefix (case-insensitive), for autocomplete.
func (t *Timeline) Topics(prefix string, limit int) []string { return nil }
