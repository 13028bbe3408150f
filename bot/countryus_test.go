package bot

import "testing"

func TestCountryUS(t *testing.T) {
	tests := []struct{ in, want string }{
		// the country, written as in a chat
		{"what did the us and russia agree", "what did the US and russia agree"},
		{"us aid freeze - which country were shipments stuck in", "US aid freeze - which country were shipments stuck in"},
		{"so r the us-russia expert talks happening", "so r the US-russia expert talks happening"},
		{"did the black sea come up in the us russia contacts", "did the black sea come up in the US russia contacts"},
		{"did us officials meet russian ones", "did US officials meet russian ones"},
		{"us and russia in riyadh - who went", "US and russia in riyadh - who went"},
		{"what do russia and us want", "what do russia and US want"},
		{"russia-us talks when", "russia-US talks when"},
		{"Us envoy witkoff went where", "US envoy witkoff went where"},
		// the pronoun
		{"lol pretend ur zelensky and tell us what u really think", "lol pretend ur zelensky and tell us what u really think"},
		{"can you tell us russia's position", "can you tell us russia's position"},
		{"give us the short version", "give us the short version"},
		{"what does this mean for us", "what does this mean for us"},
		{"tell russia and us apart", "tell russia and us apart"},
		{"help us officials understand", "help us officials understand"},
		{"did Putin call us Russia's enemies", "did Putin call us Russia's enemies"},
		{"does trump want us europe to pay", "does trump want us europe to pay"},
		{"is there a bus to kyiv", "is there a bus to kyiv"},
		// already the country, or nothing to do
		{"Did the US and Russia agree?", "Did the US and Russia agree?"},
		{"who met in Riyadh", "who met in Riyadh"},
		{"the us", "the US"},
	}
	for _, tt := range tests {
		if got := countryUS(tt.in); got != tt.want {
			t.Errorf("countryUS(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
