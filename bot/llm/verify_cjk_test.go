package llm

import "testing"

// TestVerifyCJKStops checks that a citation written after a Chinese or
// Japanese full stop stays with its sentence, as after an English one: the
// sentence splitter ends sentences at 。！？, and the cited sentence was
// dropped, leaving a bare marker.
func TestVerifyCJKStops(t *testing.T) {
	tests := []struct{ raw, text string }{
		{"俄乌双方各交换175名战俘。[2]", "俄乌双方各交换175名战俘[1]。"},
		{"俄乌双方各交换175名战俘。 [2] 普京同意停止打击能源设施！[1]", "俄乌双方各交换175名战俘[1]。普京同意停止打击能源设施[2]！"},
		{"共同記者会見は中止になった[2]。", "共同記者会見は中止になった[1]。"},
		{"会見は開かれたのか？[2]", "会見は開かれたのか[1]？"},
		// A word ending in the prolonged sound mark ー is Japanese too.
		{"ゼレンスキー [2]と会談した。", "ゼレンスキー[1]と会談した。"},
		// Korean is written with spaces: its marker keeps one.
		{"양측은 포로를 교환했다[2]. 회담은 끝났다.[1]", "양측은 포로를 교환했다 [1]. 회담은 끝났다 [2]."},
		// English keeps its spaces.
		{"They met. [2] Nothing was agreed.[1]", "They met [1]. Nothing was agreed [2]."},
	}
	for _, tt := range tests {
		v, err := Verify(tt.raw, fakeSent(2))
		if err != nil {
			t.Errorf("Verify(%q): %v", tt.raw, err)
			continue
		}
		if v.Text != tt.text || v.Dropped != 0 {
			t.Errorf("Verify(%q) = %q (%d dropped), want %q", tt.raw, v.Text, v.Dropped, tt.text)
		}
	}
}
