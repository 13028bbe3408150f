package bot

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestUnshouted(t *testing.T) {
	tests := []struct{ in, want string }{
		{"WHERE DID THEY MEET?", "where did they meet?"},
		{"WHEN DID THE US PAUSE AID", "when did the us pause aid"},
		{"What did NATO say?", "What did NATO say?"}, // an acronym in a sentence
		{"NATO?", "NATO?"}, // one word: an acronym
		{"who is LAVROV", "who is LAVROV"},
		{"ПУТИН И ТРАМП", "путин и трамп"},
		{"普京和特朗普在哪里会面", "普京和特朗普在哪里会面"}, // no capitals to fold
		{"US-RUSSIA TALKS 2025", "us-russia talks 2025"},
	}
	for _, tt := range tests {
		if got := unshouted(tt.in); got != tt.want {
			t.Errorf("unshouted(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestShoutedQuestions: a question typed in capitals gets the answer the
// same question gets in lower case, not a refusal naming "DID".
func TestShoutedQuestions(t *testing.T) {
	e := seedEngine(t)
	for _, q := range []string{"where did they meet?", "when will trump and putin meet", "what did lavrov say"} {
		t.Run(q, func(t *testing.T) {
			low, err := e.Ask(context.Background(), Query{Question: q})
			if err != nil {
				t.Fatal(err)
			}
			up, err := e.Ask(context.Background(), Query{Question: strings.ToUpper(q)})
			if err != nil {
				t.Fatal(err)
			}
			if low.Abstained {
				t.Fatalf("the lower-case question abstained: %s", low.Text)
			}
			if up.Text != low.Text {
				t.Errorf("in capitals:\n%s\nin lower case:\n%s", up.Text, low.Text)
			}
		})
	}
}

func TestChatForms(t *testing.T) {
	tests := []struct{ in, want string }{
		{"whos rubio", "who's rubio"},
		{"Hw many votes did it get", "How many votes did it get"},
		{"wheres the next round", "where's the next round"},
		{"who shows up", "who shows up"}, // "hows" only as a word
	}
	for _, tt := range tests {
		if got := withChatForms(tt.in); got != tt.want {
			t.Errorf("withChatForms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWithoutMentions(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<@123456> when did they meet?", "when did they meet?"},
		{"<@!42> <@&7> ask <#9> @everyone who met", "ask who met"},
		{"who emailed peskov@example.com", "who emailed peskov@example.com"},
		{"</ask:123> when did they meet?", "when did they meet?"}, // a slash command's mention
		{"what did the US say", "what did the US say"},
	}
	for _, tt := range tests {
		if got := withoutMentions(tt.in); got != tt.want {
			t.Errorf("withoutMentions(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestChatQuestions: questions as a chat types them get the answer or the
// reply the spelt-out question gets, not a refusal naming their shorthand
// or a mention.
func TestChatQuestions(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	tests := []struct{ question, contains string }{
		{"whos rubio", "Rubio"},
		{"hw many votes did the un resolution get", "93 votes to 18"},
		{"wht did the kremlin want for the black sea deal", "SWIFT"},
		{"whr were the riyadh talks held", "Diriyah Palace"},
		{"<@123456> how many votes did the un resolution get", "93 votes to 18"},
		{"is there a cease fire", "ceasefire"},
		{"wtf did trump say to zelensky", "dictator"},
		{"what happend on feb 18", "four and a half hours"}, // a misspelt filler word asks nothing
		{"lol", "Ask me anything"},
		{"whats up", "Hello"},
		// News shorthand: the words the articles write for it.
		{"whats the vote count at the UNGA on the anniversary", "93 votes to 18"},
		{"what did the british pm say at lancaster house", "coalition of the willing"},
		{"who led the us side at the feb riyadh meeting vs the march riyadh talks", "Marco Rubio"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := e.Ask(context.Background(), Query{Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(ans.Text, tt.contains) || strings.HasPrefix(ans.Text, "The articles don't say") {
				t.Errorf("answer lacks %q: %s", tt.contains, ans.Text)
			}
		})
	}
}

// TestWithShorthand: chat's abbreviations of the news's words are written
// out where the articles do not use them, and only as words: "3 pm" is a
// time, "acc" says "according" only before "to", and an abbreviation the
// articles write stays.
func TestWithShorthand(t *testing.T) {
	// "government" makes "govt" known through its spelling alias: the
	// question still says "government", a word a dictionary has.
	ix := indexOf(t, fstest.MapFS{"a.txt": {Data: []byte("date 2025-02-24 UN vote\n\nThe UN General Assembly voted. The EU's FMS programme was discussed. The Saudi government hosted, sitting next to the envoy.\n")}})
	for _, tt := range []struct{ in, want string }{
		{"who was the russian deputy FM", "who was the russian deputy foreign minister"},
		{"what did the uk pm say", "what did the uk prime minister say"},
		{"at 3 pm what happened", "at 3 pm what happened"},
		{"when will they meet acc to moscow", "when will they meet according to moscow"},
		{"whose acc was hacked", "whose acc was hacked"},
		{"the vote at the UNGA", "the vote at the UN General Assembly"},
		{"feb vs. march", "feb and march"},
		{"the saudi govt", "the saudi government"},
		{"what did the FMs agree", "what did the FMs agree"}, // the articles write "FMS"
		{"the fmsx deal", "the fmsx deal"},
		{"according to kyiv, what happened acc to moscow", "according to kyiv, what happened according to moscow"},
		{"acc to moscow? acc", "according to moscow? acc"},
		{"the 2 govt officials", "the 2 government officials"}, // only "pm" after a number is a time
		{"2025 vs 2024", "2025 and 2024"},
		{"did the us stop sharing intel", "did the us stop sharing intelligence"},
		{"trump's admin", "trump's administration"},
		{"what did the prez say", "what did the president say"},
		{"whats the codename of the drone op", "whats the code name of the drone operation"},
		{"how many airbases", "how many air bases"},
		{"how long was the sit-down", "how long was the meeting"}, // "sit" of "sitting" is another sense
		{"who wrote the op-ed", "who wrote the op-ed"},
		{"what was the photo op in kyiv", "what was the photo op in kyiv"},
		{"what did Intel say", "what did Intel say"}, // the company
		{"intel sharing resumed?", "intelligence sharing resumed?"},
		{"wat did macron say abt nukes", "wat did macron say abt nuclear weapons"},
	} {
		if got := withShorthand(ix, tt.in); got != tt.want {
			t.Errorf("withShorthand(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestShorthandKeepsWrittenWord: a hyphenated chat word the articles
// write themselves ("sit-down interview") stays as typed.
func TestShorthandKeepsWrittenWord(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{"a.txt": {Data: []byte("date 2025-02-24 Interview\n\nTrump gave a sit-down interview to Fox News.\n")}})
	if got, want := withShorthand(ix, "what did trump say in his sit-down interview"), "what did trump say in his sit-down interview"; got != want {
		t.Errorf("withShorthand = %q, want %q", got, want)
	}
}

func TestJoinCompounds(t *testing.T) {
	ix := indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks")))
	tests := []struct{ in, want string }{
		{"is there a cease fire?", "is there a ceasefire?"},
		{"how long was the cease-fire?", "how long was the ceasefire?"},
		{"who wants peace keeping troops", "who wants peacekeeping troops"},
		{"is putin lying", "is putin lying"},                                     // "putinlying" is no English word
		{"what happened at the white house", "what happened at the white house"}, // both words used apart
		{"how many pows did ru n ukraine trade", "how many pows did ru n ukraine trade"},
	}
	for _, tt := range tests {
		if got := joinCompounds(ix, tt.in); got != tt.want {
			t.Errorf("joinCompounds(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWithWrittenDates(t *testing.T) {
	tests := []struct{ in, want string }{
		{"what happened on 2025-03-11", "what happened on March 11 2025"},
		{"what happened on 18/02", "what happened on February 18"},
		{"what happened on 2/18", "what happened on February 18"},
		{"what changed (since 2/18)?", "what changed (since February 18)?"},
		{"what happened On 18/02", "what happened On February 18"},
		{"what happened on 18/02/25", "what happened on February 18 2025"},
		{"what happened on 3/4", "what happened on 3/4"},               // either way round
		{"what happened on 2025-02-30", "what happened on 2025-02-30"}, // no such day
		{"a 24/7 hotline", "a 24/7 hotline"},
		{"a 50/50 chance", "a 50/50 chance"},
		{"what happened on 11.03.2025", "what happened on March 11 2025"}, // with dots, the day first
		{"what happened on 2025/03/18", "what happened on March 18 2025"},
		{"what happened on 2025-03/18", "what happened on 2025-03/18"},
		{"raise spending to 2.5 percent", "raise spending to 2.5 percent"},
		{"what happened on the 24th of Feb", "what happened on Feb 24"},
		{"events of 1st of March?", "events of March 1?"},
	}
	for _, tt := range tests {
		if got := withWrittenDates(tt.in); got != tt.want {
			t.Errorf("withWrittenDates(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestProperWordsInLowerCase: an English word the articles write only as a
// name ("Trump") is the speaker of "what did trump say" typed in lower
// case, as "lavrov" is.
func TestProperWordsInLowerCase(t *testing.T) {
	ix := indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks")))
	proper := properWords(ix.Corpus())
	if !proper["trump"] || proper["talks"] || proper["ceasefire"] {
		t.Fatalf("proper words: trump %v, talks %v, ceasefire %v", proper["trump"], proper["talks"], proper["ceasefire"])
	}
	lx := newLexicon(ix.Analyze, DefaultTopic)
	lx.proper = func() map[string]bool { return proper }
	for _, tt := range []struct {
		question string
		speaker  bool
	}{
		{"what did trump say", true},
		{"what did trump's envoy say", false}, // the envoy speaks
	} {
		found := false
		for _, q := range questionTerms(ix, lx, defaultTuning(), tt.question) {
			if bare(q.word) == "trump" {
				found = true
				if q.speaker != tt.speaker {
					t.Errorf("%q: trump speaker %v, want %v", tt.question, q.speaker, tt.speaker)
				}
			}
		}
		if !found {
			t.Errorf("%q: no term for trump", tt.question)
		}
	}
}

// TestWithTitles: a title news calls an official by ("the Pentagon chief",
// "Ukraine's top diplomat") is asked as the post the articles write,
// chosen by the country the question speaks of; a title the articles
// write themselves, or whose posts they never name, stays.
func TestWithTitles(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{"a.txt": {Data: []byte("date 2025-02-12 Allies meet\n\n" +
		"U.S. Defense Secretary Pete Hegseth spoke in Brussels. Ukraine's foreign minister, Andrii Sybiha, joined. " +
		"Secretary of State Marco Rubio and the EU's foreign policy chief, Kaja Kallas, spoke too. Ukraine's defence minister said the talks went well.\n")}})
	for _, tt := range []struct{ in, want string }{
		{"what did the Pentagon chief say", "what did the defense secretary say"},
		{"who is Ukraine's top diplomat", "who is Ukraine's foreign minister"},
		{"what did the US top diplomat say", "what did the US secretary of state say"},
		{"what did the EU's top diplomat say about appeasement", "what did the EU's foreign policy chief say about appeasement"},
		{"what did ukraine's defence chief say", "what did ukraine's defence minister say"},
		{"what did Ukraine's defence chief say about the talks with the Americans", "what did Ukraine's defence minister say about the talks with the Americans"},
		{"what did America's top diplomat tell the Ukrainians", "what did America's secretary of state tell the Ukrainians"},
		{"what did the top diplomats agree", "what did the top diplomats agree"}, // not a title's word
		{"who is the spy chief", "who is the spy chief"},
	} {
		if got := withTitles(ix, tt.in); got != tt.want {
			t.Errorf("withTitles(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	written := indexOf(t, fstest.MapFS{"a.txt": {Data: []byte("date 2025-02-12 Allies meet\n\nThe Pentagon chief spoke. The defense secretary did not.\n")}})
	if got, want := withTitles(written, "what did the Pentagon chief say"), "what did the Pentagon chief say"; got != want {
		t.Errorf("withTitles(%q) = %q, want it kept: the articles write it", want, got)
	}
	none := indexOf(t, fstest.MapFS{"a.txt": {Data: []byte("date 2025-02-12 Allies meet\n\nThe talks went well.\n")}})
	if got, want := withTitles(none, "what did the Pentagon chief say"), "what did the Pentagon chief say"; got != want {
		t.Errorf("withTitles(%q) = %q, want it kept: the articles name no such post", want, got)
	}
}
