package timeline

import "testing"

func TestWhen(t *testing.T) {
	tests := []struct {
		date, end string
		gran      Granularity
		want      string
	}{
		{"2025-02-18", "", Day, "Tue 18 Feb 2025"},
		{"2025-02-17", "2025-02-23", Week, "17–23 Feb 2025"},
		{"2025-02-24", "2025-03-02", Week, "24 Feb – 2 Mar 2025"},
		{"2024-12-30", "2025-01-05", Week, "30 Dec 2024 – 5 Jan 2025"},
		{"2025-03-01", "2025-03-02", Day, "Sat 1 – Sun 2 Mar 2025"},
		{"2025-02-01", "2025-02-28", Month, "Feb 2025"},
		{"2025-02-01", "2025-02-25", Month, "1–25 Feb 2025"},
		{"2024-01-01", "2024-12-31", Year, "2024"},
		{"2025-01-01", "2025-02-26", Year, "1 Jan – 26 Feb 2025"},
		{"2025-03-12", "", Week, "about 12 Mar 2025"},
	}
	for _, tt := range tests {
		e := Event{Date: day0(tt.date), Granularity: tt.gran}
		if tt.end != "" {
			e.End = day0(tt.end)
		}
		if got := e.When(); got != tt.want {
			t.Errorf("%s..%s %s: When() = %q, want %q", tt.date, tt.end, tt.gran, got, tt.want)
		}
	}
}
