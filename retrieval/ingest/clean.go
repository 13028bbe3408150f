package ingest

import "github.com/talkbot/talkbot/retrieval/textclean"

// cleanLine makes one line of untrusted page text safe to store and show:
// escape sequences, control and invisible format characters go, white space
// folds to single spaces.
func cleanLine(s string) string { return textclean.Line(s) }
