//go:build race

package chart

// raceEnabled: drawing under the race detector is some fifteen times
// slower, so the largest golden pictures are left to runs without it.
const raceEnabled = true
