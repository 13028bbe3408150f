package retrieval

import "sync"

// regions are the states, provinces and nations a dateline names after a
// city that is not a capital: "ANCHORAGE, Alaska", "PALM BEACH, Fla.",
// "KANANASKIS, Alberta", "TURNBERRY, Scotland". The US states with the
// Associated Press's abbreviations of them, Canada's provinces and
// territories, the United Kingdom's nations and Australia's states: where
// news agencies that write such datelines report from.
var regions = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, r := range []string{
		// US states, and the AP's abbreviations (none for the states of
		// five letters or fewer, nor Alaska and Hawaii).
		"Alabama", "Ala.", "Alaska", "Arizona", "Ariz.", "Arkansas", "Ark.", "California", "Calif.",
		"Colorado", "Colo.", "Connecticut", "Conn.", "Delaware", "Del.", "Florida", "Fla.", "Georgia", "Ga.",
		"Hawaii", "Idaho", "Illinois", "Ill.", "Indiana", "Ind.", "Iowa", "Kansas", "Kan.", "Kentucky", "Ky.",
		"Louisiana", "La.", "Maine", "Maryland", "Md.", "Massachusetts", "Mass.", "Michigan", "Mich.",
		"Minnesota", "Minn.", "Mississippi", "Miss.", "Missouri", "Mo.", "Montana", "Mont.", "Nebraska", "Neb.",
		"Nevada", "Nev.", "New Hampshire", "N.H.", "New Jersey", "N.J.", "New Mexico", "N.M.", "New York", "N.Y.",
		"North Carolina", "N.C.", "North Dakota", "N.D.", "Ohio", "Oklahoma", "Okla.", "Oregon", "Ore.",
		"Pennsylvania", "Pa.", "Rhode Island", "R.I.", "South Carolina", "S.C.", "South Dakota", "S.D.",
		"Tennessee", "Tenn.", "Texas", "Utah", "Vermont", "Vt.", "Virginia", "Va.", "Washington", "Wash.",
		"West Virginia", "W.Va.", "Wisconsin", "Wis.", "Wyoming", "Wyo.", "D.C.",
		// Canada's provinces and territories.
		"Alberta", "British Columbia", "Manitoba", "New Brunswick", "Newfoundland and Labrador", "Nova Scotia",
		"Ontario", "Prince Edward Island", "Quebec", "Saskatchewan", "Northwest Territories", "Nunavut", "Yukon",
		// The United Kingdom's nations.
		"England", "Scotland", "Wales", "Northern Ireland",
		// Australia's states and territories.
		"New South Wales", "Victoria", "Queensland", "South Australia", "Western Australia", "Tasmania",
		"Northern Territory", "Australian Capital Territory",
	} {
		m[r] = true
	}
	return m
})
