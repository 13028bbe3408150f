package bot

import (
	"iter"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/bot/internal/wordlist"
	"github.com/talkbot/talkbot/retrieval"
)

// What a question asks for (a date, a person, a count, someone's words) and
// whether a sentence holds it: the answer types the judge checks.

// shapeWords are, for each kind of question, the words that name the kind
// of answer rather than the subject: "share" in "how big a share of ...",
// "date" in "on what date ...". The answer type is checked instead (see
// kindMatches); as terms they would ask the articles to use the word.
var shapeWords = sync.OnceValue(func() map[string]map[string]bool {
	return map[string]map[string]bool{
		"share":    wordSet(`share percentage percent proportion fraction portion big large`),
		"how_many": wordSet(`tally count number total figure`),
		"day":      wordSet(`date day weekday`),
		"when":     wordSet(`date day month year`),
		"dateset":  wordSet(`date day time set fixed agreed announced scheduled chosen picked named timetable timeline`),
		"year":     wordSet(`year`),
		"capital":  wordSet(`capital city`),
		"currency": wordSet(`currency currencies`),
		"outcome":  wordSet(`outcome outcomes result results upshot`),
		"agreed":   wordSet(`agree agreed decide decided`),
		"time":     wordSet(`time day hour`),
		"duration": wordSet(`long length duration take took takes`), // "how long": "long-range" is no answer; "did it take"
		"length":   wordSet(`long length`),
		// Not "tall", "old" or "far": refused, "how old is putin" names "old".
		"measure": wordSet(`deep wide high heavy big large long`),
		"soon":    wordSet(`soon`),
		"called":  wordSet(`name names called named`),
		// And the post the question names ("before he became ambassador"),
		// which the answer gives another of.
		"past":    withRoleNouns(wordSet(`before became become becoming living career job previous former predecessor prime`)),
		"leisure": wordSet(`free spare time hobby hobbies fun pastime pastimes`),
		"money":   wordSet(`money amount sum`),
		"place":   wordSet(`city town venue place location`),
		// The verb of "what did X say": the answer must be X's words
		// (attributed), in whatever verb the article reports them. Not
		// "insist", "stress" or "demand": what someone demanded is not
		// anything they said.
		"say": wordSet(`say said tell told think thought write wrote announce claim argue warn reply respond
		describe characterise characterize call react rate view`),
	}
})

// withRoleNouns returns set with the title words of roleNounSet added.
func withRoleNouns(set map[string]bool) map[string]bool {
	maps.Copy(set, roleNounSet())
	return set
}

// withoutShapeWords drops the words of terms that only say what kind of
// answer the question wants, when other terms remain.
func withoutShapeWords(terms []qterm, kind string) []qterm {
	shape := shapeWords()[kind]
	if shape == nil {
		return terms
	}
	kept := slices.DeleteFunc(slices.Clone(terms), func(t qterm) bool { return shape[strings.ToLower(t.word)] })
	if len(kept) == 0 {
		return terms
	}
	return kept
}

// answerTypes holds the patterns of the answers a question for a day, a
// time of day, a duration, a sum, a reason, a topic or someone's words
// asks for, and of those questions. Compiled on first use, so commands
// that answer nothing do not pay for them at start.
var answerTypes = sync.OnceValue(func() *answerTypePatterns {
	return &answerTypePatterns{
		// placeQuestion matches a question for a place that does not say
		// "where": "in which city", "what venue".
		placeQuestion: regexp.MustCompile(`\b(?:which|what)\s+(?:[a-z]+\s+)?(?:city|town|capital|venue|palace|building|resort|location|place)\b|\bin which (?:country|region)\b`),
		// personQuestion matches a question for a person that does not say
		// "who": "which EU leader", "which German minister".
		personQuestion: regexp.MustCompile(`\b(?:which|what)\s+(?:[a-z]+\s+){0,3}?(?:leader|minister|official|president|envoy|diplomat|member|person|politician|negotiator|spokesperson|spokesman|adviser|advisor|commander|senator|lawmaker|chancellor|secretary)s?\b`),
		// listQuestion matches a question for several countries or members:
		// "which countries voted against".
		listQuestion: regexp.MustCompile(`\b(?:which|what)\s+(?:[a-z]+\s+){0,2}?(?:countries|nations|states|governments|members|allies|capitals)\b`),
		// dateQuestion matches a question for a time that does not say
		// "when": "which month", "how soon".
		dateQuestion: regexp.MustCompile(`\b(?:what|which|on what|on which)\s+month\b|\bhow soon\b`),
		// undecided matches a sentence that says no date is set yet.
		// The verb must be of a date ("no date had been fixed", "the
		// date has not been set"), not of anything ("had not agreed to
		// cede territory").
		undecided: regexp.MustCompile(`(?i)\bno (?:date|dates|timetable|timeline|time ?frame)\b|\bno details yet on when\b|` +
			`\b(?:date|dates|day|timing|timetable)\s+(?:[\w'’-]+\s+){0,6}?(?:not|yet to be|has not been|have not been|had not been)\s+(?:yet\s+)?(?:been\s+)?(?:set|fixed|decided|agreed|scheduled|announced)\b`),
		// scheduled matches a sentence that says what something is set
		// for.
		scheduled: regexp.MustCompile(`(?i)\b(?:set|scheduled|slated|planned|due)\s+(?:for|to take place|to be held|to start|to begin)\b|\bwill (?:take place|be held|start|begin)\b`),
		// dateSetQuestion matches a question whether a date is set: "has a
		// date been set for the summit" asks when it will be.
		// Not "is there a time limit", "is there a timeline of the war",
		// "was the day named after him".
		dateSetQuestion: regexp.MustCompile(`\b(?:has|have|had|is|was|were)\s+(?:a|any|the)\s+(?:date|day|time)\s+(?:been\s+|yet\s+)*(?:set|fixed|agreed|announced|scheduled|chosen|picked)\b|` +
			`\bis there (?:a|any) (?:date|time|timetable|timeline)(?:\s+(?:yet|set|fixed|for)\b|[\s?.!]*$)`),
		// lengthNoun matches the things whose length may be a distance,
		// which a "how long" question about one asks for as well as a
		// time.
		lengthNoun: regexp.MustCompile(`\b(?:line|lines|front|border|borders|frontier|bridge|road|pipeline|corridor|zone|river|coast|coastline|canal|tunnel|runway|route|convoy|queue|wall|fence)\b`),
		// distance matches a span of distance.
		distance: regexp.MustCompile(`(?i)kilomet|\bkm\b|\bmiles?\b|\bmet(?:re|er)s?\b|\bfeet\b|\bfoot\b`),
		// nameQuestion matches a question for the name of a thing ("what
		// is the name of the hotel", "what was the operation called"), the
		// thing's phrase in group 1 or 2. Not of a person's title ("what
		// is the name of the Kremlin spokesman"; see titleNamed).
		nameQuestion: regexp.MustCompile(`(?i)\bnames?\s+of\s+(?:the|that|this|their|its)\s+((?:[\p{L}'’-]+\s+){0,2}?[\p{L}-]+)(?:\s+(?:in|at|where|that|which|who|for|on|from|of|did|does|do|was|is|were|they|he|she|used)\b|\s*[?.!]*\s*$)|` +
			`\bwhat\s+(?:is|was|are|were)\s+(?:the|that|this|their|its)\s+((?:[\p{L}'’-]+\s+){0,2}?[\p{L}-]+)\s+(?:called|named)\b`),
		// calledName matches a name given to a thing: "code-named
		// Spiderweb", "called ReArm Europe", "known as".
		calledName: regexp.MustCompile(`\b(?:code-?named|called|named|dubbed|known as|titled)\s+["“]?\p{Lu}`),
		// pastQuestion matches a question for someone's life before the
		// story: an earlier post, a predecessor ("who ran russia before
		// putin"). News of the talks gives one only in passing ("Grigory
		// Karasin, a former diplomat").
		// Not "before he was asked to leave", an event.
		pastQuestion: regexp.MustCompile(`\bbefore (?:he|she|they) (?:became|took office|joined)\b|\bbefore (?:\S+\s+){0,3}(?:made|named) (?:him|her|them)\b|\bbefore (?:becoming|joining)\b|` +
			`\bfor a living\b|\b(?:previous|former|earlier|old) (?:job|role|post|career|profession)\b|\b(?:his|her|their)\s+career\b|` +
			`\bwho (?:ran|led|ruled|governed|headed) (?:[a-z.'’-]+\s+){1,3}before\b|\bpredecessor\b`),
		// past matches what answers it: an earlier post ("a former
		// diplomat", "who previously served as"), a predecessor.
		past: regexp.MustCompile(`(?i)\b(?:former|formerly|previously|ex-\p{L}+|once (?:a|an|the)|had (?:been|served|worked)|served as|worked as|career|veteran|predecessor|preceded|succeeded|before (?:becoming|joining|taking))\b`),
		// described matches a name described after a comma ("Alexander
		// Darchiev, a senior foreign ministry official", "Steve Witkoff,
		// a property developer"), the name in group 1, the description in
		// group 2.
		described: regexp.MustCompile(`(\p{Lu}\p{Ll}[\p{L}'’-]*(?:\s+\p{Lu}\p{Ll}[\p{L}'’-]*){0,2}),\s+(?:a|an|the)\s+((?:[\p{L}'’-]+\s+){0,5}?(?:` + roleNouns +
			`|official|diplomat|developer|businessman|businesswoman|banker|lawyer|economist|officer|executive|investor))\b`),
		// leisureQuestion matches a question for someone's pastimes, which
		// news of talks does not give.
		// Not "to relax sanctions".
		leisureQuestion: regexp.MustCompile(`\b(?:free|spare) time\b|\bhobb(?:y|ies)\b|\bfor fun\b|\bpastimes?\b`),
		leisure:         regexp.MustCompile(`(?i)\b(?:hobby|hobbies|free time|spare time|pastimes?|leisure|for fun|to relax)\b`),
		// soon matches a time to come, which "how soon" asks for:
		// "within the next two weeks", "in a few days", "as early as next
		// week", "shortly", or that it is not known yet.
		soon: regexp.MustCompile(`(?i)\b(?:within|in)\s+(?:the\s+)?(?:next|coming)\b|\bwithin\s+(?:a|an|one|two|three|four|five|six|\d+|days|weeks|hours|months)\b|` +
			`\bin\s+(?:a|an|one|two|three|four|five|six|\d+|a\s+few|several)\s+(?:hours?|days?|weeks?|months?)\b|\bnext\s+(?:week|month)\b|` +
			`\b(?:soon|shortly|imminently|immediately|as early as|as soon as|by the end of)\b|` +
			// That no one knows yet answers it too.
			`\bno (?:date|details yet on when)\b|\bno date had been (?:set|fixed)\b`),
		// capitalQuestion matches a question for a country's capital:
		// "what's the capital of Belarus", "Saudi Arabia's capital city".
		capitalQuestion: regexp.MustCompile(`\bcapital\s+(?:city\s+)?of\b|\b(?:what|which)(?:'s|’s)?\s+(?:the\s+)?capital\b|'s capital(?:\s+city)?\s*\??$`),
		// currencyQuestion matches a question for a currency.
		currencyQuestion: regexp.MustCompile(`\b(?:what|which)\s+(?:[a-z]+\s+)?currenc(?:y|ies)\b`),
		// currency matches a currency's name or sign.
		currency: regexp.MustCompile(`(?i)[$€£¥₴₽]|\b(?:euros?|dollars?|pounds? sterling|sterling|roubles?|rubles?|hryvnias?|forints?|zlotys?|yuan|yen|francs?|krona|kronor|krone|kroner|lira|lei|leu)\b`),
		// outcomeQuestion matches a question for what came of something:
		// "riyadh talks outcome?", "the result of the vote".
		outcomeQuestion: regexp.MustCompile(`\b(?:outcomes?|results?|upshot)\b`),
		// agreedQuestion matches a question for what was agreed: "what
		// was agreed in jeddah", "what did they decide".
		agreedQuestion: regexp.MustCompile(`^\s*what\s+(?:(?:was|were|has\s+been|have\s+been|got)\s+|did\s+(?:\S+\s+){1,3}?)(?:agreed?|decided?)\b`),
		// outcome matches what says what came of a meeting or a vote: an
		// agreement, a decision, a breakdown.
		outcome: regexp.MustCompile(`(?i)\b(?:agreed|agree to|decided|resolved|concluded|settled|signed|adopted|approved|accepted|rejected|broke down|ended without|ended with|produced|yielded|led to)\b`),
		// yearQuestion matches a question for a year: "what year", "in
		// which year".
		yearQuestion: regexp.MustCompile(`\b(?:what|which)\s+year\b`),
		// year matches a year, or one said relative to now: "2019", "last
		// year", "three years ago".
		year: regexp.MustCompile(`(?i)\b(?:1[89]\d\d|20\d\d)\b|\b(?:last|this|next|that)\s+year\b|\byears?\s+(?:ago|earlier|before)\b`),
		// shareQuestion matches a question for a part of a whole: "what share",
		// "what percentage", "how big a share".
		shareQuestion: regexp.MustCompile(`\b(?:what|which|how big a|how large a)\s+(?:share|percentage|percent|proportion|fraction|portion)\b`),
		// share matches a part of a whole: "20 percent", "a third", "half".
		share: regexp.MustCompile(`(?i)\d\s?(?:%|percent\b|per cent\b)|\b(?:half|a third|two thirds|a quarter|three quarters|most|majority)\b`),
		// speechQuestion matches "what did <subject> say ...", the subject in the
		// group.
		speechQuestion: regexp.MustCompile(`(?i)^\s*(?:what|how)\s+(?:did|does|do|has|have|had|will|would|is|was)\s+((?:\S+\s+){0,3}?\S+)\s+(?:say|said|tell|told|think|thought|write|wrote|announce|claim|argue|warn|reply|respond|describe|characteri[sz]e|call|react|rate|view)\b|` +
			// "what was lavrov's reaction to ...": his words, as "how did lavrov react".
			`^\s*what\s+(?:was|is|were|are)\s+((?:\S+\s+){0,2}?[^\s'’]+)(?:'s|’s)\s+(?:reaction|response|reply|verdict)\b`),
		// roleQuestion matches a question for someone's post: "what job",
		// "what does she do", "What's Keith Kellogg's official title?",
		// "Which post has Darchiev been put forward for?". Not "position"
		// after a name: "Putin's position on Moldova" is a stance.
		roleQuestion: regexp.MustCompile(`\b(?:what|which)\s+(?:job|role|position|post|title|office|portfolio)|profession|occupation|job title|what does (?:he|she) do` +
			`|^\s*(?:what|which)(?:'s|’s|\s+is|\s+was)?\s+(?:[a-z.-]+\s+){0,2}?[a-z.-]+(?:'s|’s)\s+(?:(?:official|new|current|exact|formal)\s+)?(?:job|title|portfolio|role)\b`),
		// whoIsName matches "who is <name>?" and nothing more: it asks
		// what the person named is (a title, a post), not for someone else.
		whoIsName: regexp.MustCompile(`^\s*(?i:who)(?:'s|’s|\s+(?i:is|was))\s+(?:\p{Lu}[\p{L}'’-]+\s*){1,3}\??\s*$`),
		// wordsQuestion matches a question for someone's exact words: "what
		// insult", "which phrase".
		wordsQuestion: regexp.MustCompile(`^\s*(?:what|which)\s+(?:insults?|phrases?|words?|expressions?|terms?|slogans?|nicknames?|labels?)\b`),
		// quotation matches a sentence that quotes words: a quoted run of
		// at least two words.
		quotation: regexp.MustCompile(`["“][^"”]{3,}?\s[^"”]+?["”]`),
		// topicQuestion matches a question for what a meeting was about:
		// "what did they discuss", "what topics", "what was on the agenda".
		topicQuestion: regexp.MustCompile(`^\s*what\b.*\b(?:discuss|discussed|talk about|talked about|chat about|chatted about|go over|went over|topics?|agenda)\b`),
		// topic matches a sentence that says what was discussed.
		topic: regexp.MustCompile(`(?i)\b(?:discuss\w*|talk(?:s|ed)? (?:on|about)|focus\w* on|agenda|topics?|cover(?:ed|ing)|centred on|centered on|dealt with)\b`),
		// reason matches the words that give a reason, which answer "why".
		// ", saying he had to deal with the war": the reason its doer
		// gave for what the sentence reports.
		reason: regexp.MustCompile(`(?i)\b(?:because|since|due to|as a result|in order to|so that|to make sure|to ensure|aimed at|in response to|citing|amid|after|over)\b|, saying (?:that )?(?:he|she|they|it|we) (?:had|needed|has|have|needs|need) to\b`),
		// dayQuestion matches a question for a day: "what date", "which day".
		dayQuestion: regexp.MustCompile(`\b(?:what|which)\s+(?:dates?|days?|weekdays?)\b`),
		// day matches a day: a weekday, a date, "yesterday".
		day: regexp.MustCompile(`(?i)\b(?:` + weekdayPattern + `|` + datePattern + `|yesterday|today|tomorrow|tonight)\b`),
		// timeQuestion matches a question for the time of day.
		timeQuestion: regexp.MustCompile(`\b(?:what|which)\s+time\b|\bat what hour\b`),
		// clockTime matches a time of day: "late on Monday", "in the evening",
		// "10 a.m.".
		clockTime: regexp.MustCompile(`(?i)\b(?:morning|afternoon|evening|night|noon|midday|midnight|dawn|overnight|o'clock|late on|early on)\b|\b\d{1,2}(?:[:.]\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}\b`),
		// duration matches a length of time or distance, which answers "how
		// long": "four and a half hours", "30-day", "some 2,000 kilometres".
		duration: regexp.MustCompile(`(?i)(?:\b(?:in|within)\s+(?:the\s+next\s+|an?\s+)?)?(?:\b(?:\d[\d,.]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|several|few|many)(?:\s+and\s+a\s+half)?[\s-]+(?:hours?|minutes?|days?|weeks?|months?|years?|decades?|kilometres?|kilometers?|km|miles?|metres?|meters?|feet|foot)\b|\ball (?:day|night)\b|\bovernight\b)` +
			// The word after the span, when it makes the span date
			// something (see offsetWords).
			`(?:\s+(?:after|before|later|earlier|ago)\b)?`),
		// measureQuestion matches a question for an age, a height or a
		// distance, which the same spans answer: "how old", "how tall",
		// "how far is X from Y" (not "how far along are the talks", nor
		// "how fast has Trump moved", which ask how much progress). "How
		// deep", "how wide" and "how heavy" ask a measure only of a thing
		// of the map or a structure ("how deep is the black sea"): about
		// talks they are mostly figurative ("how deep are the divisions",
		// "how heavy were the losses") and want no number.
		measureQuestion: regexp.MustCompile(`\bhow\s+(?:tall|old)\b(?:$|[^-])|\bhow\s+far\s+(?:is|are|was|were)\b(?:\s+\S+){1,4}?\s+from\b|` +
			`\bhow\s+(?:(?:deep|wide|high|heavy|big|large)\s+(?:is|are|was|were)|long\s+(?:is|are))\s+(?:the\s+)?(?:[\pL'-]+\s+){0,3}?` +
			`(?:sea|seas|river|rivers|lake|lakes|ocean|strait|straits|bay|gulf|mountain|mountains|mount|canal|dam|reservoir|bridge|tower|building|tunnel|port|harbou?r|island|peninsula)\b`),
		// size matches a length, weight or age: "some 2,000 kilometres",
		// "the 72-year-old", "aged 72"; not a span of time ("two weeks"),
		// nor a sum in millions ("$300m", "5m people").
		size: regexp.MustCompile(`(?i)\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|several|few)[\s-]*(?:kilometres?|kilometers?|km|miles?|metres?|meters?|feet|foot|ft|tonnes?|tons?|kilograms?|kg)\b|\b\d{1,3}[\s-]years?[\s-]old\b|\baged\s+\d{1,3}\b|\bborn\s+(?:in|on)\b`),
		// moneyQuestion matches the words of a "how much" question about money.
		moneyQuestion: regexp.MustCompile(`\b(?:money|cost|costs|worth|dollars?|euros?|pounds?|spend|spent|spending|lend|lent|loans?|fund|funds|funding|finance|financing|pay|paid|price|budget|invest|investment|aid|assistance)\b`),
		// money matches a sum or a share of one: "$300 billion", "3.5 billion
		// euros", "2.5% of GDP".
		money: regexp.MustCompile(`(?i)[$€£]\s?\d|\b\d[\d,.]*\s?(?:%|percent\b|per cent\b)|\b\d[\d,.]*\s*(?:bn\s+|billion\s+|million\s+|trillion\s+|thousand\s+)?(?:dollars|euros|pounds|roubles|rubles|hryvnias?)\b|\b\d[\d,.]*\s+(?:billion|million|trillion)\b`),
		// sum matches money's sums, not its shares.
		sum: regexp.MustCompile(`(?i)[$€£]\s?\d|\b\d[\d,.]*\s*(?:bn\s+|billion\s+|million\s+|trillion\s+|thousand\s+)?(?:dollars|euros|pounds|roubles|rubles|hryvnias?)\b|\b\d[\d,.]*\s+(?:billion|million|trillion)\b`),
	}
})

type answerTypePatterns struct {
	soon, lengthNoun, distance, nameQuestion, calledName, pastQuestion, past, described, leisureQuestion, leisure, dayQuestion, day, timeQuestion, clockTime, duration, measureQuestion, size, moneyQuestion, money, sum, reason, topicQuestion, topic *regexp.Regexp
	wordsQuestion, quotation, roleQuestion, whoIsName                                                                                                                                                                                                  *regexp.Regexp
	placeQuestion, personQuestion, listQuestion, dateQuestion, dateSetQuestion, undecided, scheduled, shareQuestion, share, speechQuestion                                                                                                             *regexp.Regexp
	yearQuestion, year, capitalQuestion, currencyQuestion, currency, outcomeQuestion, agreedQuestion, outcome                                                                                                                                          *regexp.Regexp
}

// askedTerms is what a question and its setting (the topic's terms)
// already say: an answer's date, place or name must bring something else.
func askedTerms(terms []qterm, setting map[string]bool) map[string]bool {
	asked := maps.Clone(setting)
	if asked == nil {
		asked = map[string]bool{}
	}
	for _, t := range terms {
		asked[t.term] = true
	}
	return asked
}

// kindMatches reports whether sentence s holds what a question of this kind
// asks for, and something the question and its setting (asked, see
// askedTerms) do not already say: a date other than the one asked about
// for "when", a place not named in the question for "where", a count of
// the thing counted for "how many", a person the question does not give
// for "who".
func kindMatches(an analyzer, kind, s string, terms []qterm, asked map[string]bool) bool {
	// fresh reports whether text brings a term the question lacks.
	fresh := func(text string) bool {
		ts := an(text)
		if len(ts) == 0 {
			return true // "soon", "today": a date in itself
		}
		for _, t := range ts {
			if !asked[t] {
				return true
			}
		}
		return false
	}
	if retrieval.HasCJK(s) {
		if ok, read := cjkKindMatches(kind, s, fresh); read {
			return ok
		}
	}
	switch kind {
	case "when":
		return anyMatch(temporal, s, 0, fresh)
	case "dateset":
		// "has a date been set": that none has ("no details yet on
		// when"), or the day something is set for.
		return answerTypes().undecided.MatchString(s) || answerTypes().scheduled.MatchString(s) && anyMatch(temporal, s, 0, fresh)
	case "soon":
		return answerTypes().soon.MatchString(s)
	case "called":
		for _, t := range terms {
			if t.counted {
				return namesThing(an, s, t.term, fresh)
			}
		}
		return answerTypes().calledName.MatchString(s)
	case "past":
		return answerTypes().past.MatchString(s) || pastTitle(an, s, terms, asked)
	case "leisure":
		return answerTypes().leisure.MatchString(s)
	case "year":
		return anyMatch(answerTypes().year, s, 0, fresh)
	case "currency":
		return anyMatch(answerTypes().currency, s, 0, fresh)
	case "outcome", "agreed":
		return answerTypes().outcome.MatchString(s)
	case "where", "place":
		return anyMatch(placeWord, s, 1, fresh) || placeUnknown.MatchString(s)
	case "why":
		return answerTypes().reason.MatchString(s)
	case "topic":
		// "what were the three goals they talked about": a sentence that
		// names the goals answers as well as one that says "discussed".
		return answerTypes().topic.MatchString(s) || saysHead(an, s, terms)
	case "words":
		return answerTypes().quotation.MatchString(s)
	case "share":
		return answerTypes().share.MatchString(s)
	case "day":
		return anyMatch(answerTypes().day, s, 0, fresh)
	case "time":
		return answerTypes().clockTime.MatchString(s)
	case "duration", "length":
		// A span followed by "after", "later", "ago" dates something ("a
		// day after Trump attacked him"); it does not say how long it
		// lasted.
		// "In a few years", "within two weeks" say when, not how long.
		// A distance answers only how long a thing is ("length").
		// The length of the thing asked about: "how long is the front
		// line" is not answered by "4,000 kilometres from the front", nor
		// by a truce of "two or three days" on it.
		if kind == "duration" && !sameMedium(terms, an(s)) {
			// "How long did Witkoff's meeting with Putin last?" is not
			// answered by how long a phone call lasted.
			return false
		}
		return anyMatch(answerTypes().duration, s, 0, func(span string) bool {
			w := strings.Fields(strings.ToLower(span))
			if kind == "duration" && !lengthOfAsked(an, s, span, terms) {
				return false
			}
			return !offsetWords[w[len(w)-1]] && w[0] != "in" && w[0] != "within" &&
				(kind == "length" && saysAll(an, s, measured(terms)) || kind == "duration" && !answerTypes().distance.MatchString(span))
		})
	case "measure":
		// The size of the thing the question names: "how wide is the
		// black sea" is not answered by the length of a front line.
		return answerTypes().size.MatchString(s) && saysAll(an, s, terms)
	case "money":
		// A share is of a sum only where the sentence speaks of money:
		// "2.5% of GDP", not "20 percent of its territory".
		return answerTypes().money.MatchString(s) && (answerTypes().sum.MatchString(s) || answerTypes().moneyQuestion.MatchString(strings.ToLower(s)) || strings.Contains(s, "GDP"))
	case "how_many":
		// The number must be new: "How many of the 5,000 missiles were
		// delivered?" is not answered by "5,000 missiles".
		newNumber := func(w string) bool { return isQuantityWord(w) && fresh(w) }
		for _, t := range terms {
			if t.counted {
				return counts(an, s, t, newNumber)
			}
		}
		return slices.ContainsFunc(numberTokens(s), newNumber)
	case "role":
		// The post of the person asked about ("Kremlin spokesman Dmitry
		// Peskov"), or a title given to no one in the sentence ("...,
		// Russia's deputy foreign minister said"), which the article
		// gives someone; not another person's ("Vice President JD Vance
		// accused Zelensky").
		whom, rest := whomTitled(an, s, terms)
		return whom == titledAsked || roleWord.MatchString(rest)
	case "list":
		return anyMatch(nameList(), s, 0, fresh)
	case "say":
		return attributed(an, s, terms) || reacts(terms) && speakerActs(an, s, terms)
	case "who", "person":
		if kind == "who" && slices.ContainsFunc(terms, func(t qterm) bool { return t.title }) {
			// "Who is the Kremlin spokesman?": a name given that title
			// ("Kremlin spokesman Dmitry Peskov"), not any name beside
			// the title's words.
			return titledBy(an, s, terms, fresh)
		}
		// A person: a first name and a surname, the surname new ("the
		// delegation was led by Grigory Karasin"), not "Saudi Arabia", nor
		// "Donald Trump" when the question names Trump.
		words := strings.Fields(s)
		for _, k := range personNames(words) {
			if fresh(strings.TrimRight(words[k], ".,;:'’\"”)")) {
				return true
			}
		}
	}
	return false
}

// personNames yields the first and last index of each name of a person in
// words: a first name and a surname at least ("Grigory Karasin", "Ursula
// von der Leyen", with at most two particles), not a capitalised first
// word that is an English word ("Both Russia ...").
func personNames(words []string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i := 0; i+1 < len(words); i++ {
			if strings.ContainsAny(words[i], ",;:") || !isPersonWord(words[i]) {
				continue
			}
			if i == 0 && wordlist.Class(strings.ToLower(words[i])) > 0 {
				continue // "Both Russia ...": a capital for the sentence, not a name
			}
			k := i // the name's last word
			for k+1 < len(words) && !strings.ContainsAny(words[k], ",;:") {
				n := k + 1
				for n+1 < len(words) && n < k+3 && nameParticle[words[n]] {
					n++ // "Ursula von der Leyen"; at most two particles
				}
				if !isPersonWord(strings.TrimRight(words[n], ".,;:'’\"”)")) {
					break
				}
				k = n
			}
			if k > i && !yield(i, k) {
				return
			}
			i = k
		}
	}
}

// anyMatch reports whether group of some match of re in s satisfies ok. It
// stops at the first that does: a sentence can be megabytes long, and
// finding every match first made a "when" question over one 25% slower.
func anyMatch(re *regexp.Regexp, s string, group int, ok func(string) bool) bool {
	for {
		loc := re.FindStringSubmatchIndex(s)
		if loc == nil {
			return false
		}
		if a := loc[2*group]; a >= 0 && ok(s[a:loc[2*group+1]]) {
			return true
		}
		next := loc[1]
		if next == loc[0] {
			_, n := utf8.DecodeRuneInString(s[next:])
			next += max(n, 1)
		}
		if next >= len(s) {
			return false
		}
		s = s[next:]
	}
}

// counts reports whether s gives a number of the thing t counts: a quantity
// word a few words before t's word or one like it ("25 leaders" for "how many
// heads of government"), not just any number.
func counts(an analyzer, s string, t qterm, quantity func(string) bool) bool {
	// A count and its noun stand in one clause: "four steps: keep military
	// aid" counts steps, not troops.
	for _, clause := range strings.FieldsFunc(s, func(r rune) bool { return r == ':' || r == ';' }) {
		if countsIn(an, numberTokens(clause), t, quantity) {
			return true
		}
	}
	return false
}

// countsIn is counts within one clause's words.
func countsIn(an analyzer, words []string, t qterm, quantity func(string) bool) bool {
	for i, w := range words {
		if !quantity(w) {
			continue
		}
		for _, v := range words[i+1 : min(len(words), i+1+countWindow)] {
			set := termSet(an, v)
			if set[t.term] || t.match(set, 1) > 0 {
				return true
			}
		}
		if v := countedOf(words, i); v != "" {
			if set := termSet(an, v); set[t.term] || t.match(set, 1) > 0 {
				return true // "Leaders of about 18 countries": 18 leaders
			}
		}
		if i+1 < len(words) && strings.EqualFold(strings.Trim(words[i+1], ".,;:"), "times") && timesOf(an, words[:i], t) {
			return true // "violated the truce more than 4,900 times": 4,900 violations
		}
	}
	return false
}

// timesOf reports whether the words before "N times" have the counted
// noun's verb ("violated" for "violations"), within countWindow words and
// the two of "more than". Not the noun itself: "drones struck Kyiv 5
// times" is five strikes, not five drones.
func timesOf(an analyzer, before []string, t qterm) bool {
	noun := strings.TrimSuffix(strings.ToLower(bare(t.word)), "s")
	for _, v := range before[max(0, len(before)-countWindow-2):] {
		if strings.TrimSuffix(strings.ToLower(trimWord(v)), "s") == noun {
			continue
		}
		if set := termSet(an, v); set[t.term] {
			return true
		}
	}
	return false
}

// countedOf returns the noun before "of" and the quantity words[i]
// ("leaders of about 18 countries"), "" for none.
func countedOf(words []string, i int) string {
	k := i - 1
	if k >= 0 && approxWords[strings.ToLower(words[k])] {
		k--
	}
	if k < 1 || !strings.EqualFold(words[k], "of") {
		return ""
	}
	return words[k-1]
}

// approxWords stand between "of" and a count: "leaders of about 18".
var approxWords = wordSet(`about some around nearly almost roughly approximately over`)

// attributed reports whether s gives the words of a speaker the question
// names ("what did Meloni say"): a verb of saying whose subject, the
// nearest name before it or the one just after ("said Lavrov"), is the
// speaker, or a pronoun standing for one. A sentence that only names
// the speaker among others does not say what they said. A question
// without a named speaker ("what did the EU's top diplomat say") is not
// checked.
func attributed(an analyzer, s string, terms []qterm) bool {
	speakers, voices := speakersOf(terms)
	if len(speakers) == 0 {
		return true
	}
	words := strings.Fields(s)
	isSpeaker := func(w string) bool {
		for _, t := range an(bare(strings.Trim(w, ".,;:'’\"“”"))) {
			if speakers[t] {
				return true
			}
		}
		return false
	}
	first := -1 // the index of the speaker's first mention, once looked up
	findFirst := func() int {
		if first < 0 {
			first = slices.IndexFunc(words, isSpeaker)
			if first < 0 {
				first = len(words)
			}
		}
		return first
	}
	for i, w := range words {
		verb := strings.Trim(w, ".,;:")
		lower := strings.ToLower(verb)
		if speechNouns[lower] {
			// "claims by Trump that ...", "Trump's claim that ...": his
			// words, said in a noun.
			if i+2 < len(words) && strings.EqualFold(words[i+1], "by") && slices.ContainsFunc(words[i+2:min(len(words), i+4)], isSpeaker) ||
				i > 0 && bare(strings.Trim(words[i-1], "\"“”")) != strings.Trim(words[i-1], "\"“”") && isSpeaker(words[i-1]) {
				return true
			}
			continue
		}
		if !speechVerbs[lower] {
			continue
		}
		participle := strings.HasSuffix(verb, "ing") && verb != "according"
		if participle && i > 0 && strings.HasSuffix(words[i-1], ",") {
			// "Vance lectured Europe, saying ...": the sentence's subject
			// speaks. Where the speaker is first named is looked up once,
			// so a sentence of many ", saying" stays linear.
			if k := findFirst(); k < i && !namesBefore(words, nameStart(words, k)) {
				return true // not "Zelensky flew to meet Erdogan, saying"
			}
			continue
		}
		start := i - 1
		for k := i - 1; k > 0 && k >= i-12; k-- {
			if strings.EqualFold(words[k], "who") && strings.HasSuffix(words[k-1], ",") {
				start = k - 1 // "Zelensky, who spoke with Trump, said": Trump is in the clause
				break
			}
		}
		if start == i-1 && appositiveSpeaker(words, i, isSpeaker) {
			return true // "Keith Kellogg, Trump's special envoy for Ukraine and Russia, told"
		}
		for j := start; j >= 0 && j >= start-7; j-- { // the subject before the verb
			u := strings.Trim(words[j], ".,;:'’\"“”")
			if isSpeaker(u) {
				if bare(u) != u && namesBefore(words, j) {
					break // "Yuri Ushakov, Putin's aide, said": Ushakov speaks
				}
				return true
			}
			if pronoun[strings.ToLower(u)] {
				// "He stressed that the talks, attended by Lavrov, ...":
				// a pronoun stands for the speaker only in a sentence that
				// does not name them in another role, nor name someone
				// else before it ("Yuri Ushakov, Putin's aide, said they
				// could call": they are not Medvedev).
				if findFirst() == len(words) && !namesBefore(words, j) {
					return true
				}
				break
			}
			if isTitleCase(u) {
				if len(voices) > 0 && voicedBy(an, words, j, voices) {
					return true // "Ukrainian President Volodymyr Zelensky said": Ukraine speaks
				}
				break // another name is the subject
			}
			if subjectStop[strings.ToLower(u)] {
				break // "accused Zelensky of being rude and asked": Zelensky is no subject
			}
		}
		if participle {
			continue // "Speaking with Lukashenko, Putin asked": not Lukashenko's words
		}
		// "said Lavrov", "according to Peskov"; but the name after
		// "accused", "urged", "praised" is whom they spoke of or to.
		// "a truce declared by Putin" is something he did, not said.
		// And the verb comes after what was said (", said Lavrov"), not
		// before it ("Ryabkov said a Putin-Trump summit ...").
		passive := i+1 < len(words) && strings.EqualFold(words[i+1], "by") ||
			!strings.EqualFold(verb, "according") && (i == 0 || !strings.ContainsAny(words[i-1][len(words[i-1])-1:], ",”\"'’"))
		if inversionVerbs[lower] && !passive && slices.ContainsFunc(words[i+1:min(len(words), i+4)], isSpeaker) {
			return true
		}
	}
	return false
}

// appositiveSpeaker reports whether the verb at words[i] follows an
// appositive that a speaker's name opens: "Keith Kellogg, Trump's special
// envoy for Ukraine and Russia, told ...". The name ends with the comma
// before the one that closes the appositive, up to a dozen words back.
func appositiveSpeaker(words []string, i int, isSpeaker func(string) bool) bool {
	if i < 2 || !strings.HasSuffix(words[i-1], ",") {
		return false
	}
	for k := i - 2; k >= 0 && k >= i-14; k-- {
		if strings.HasSuffix(words[k], ",") {
			return isSpeaker(words[k])
		}
	}
	return false
}

// speakersOf returns the terms of the question's speakers and the names
// that speak for them (a country's officials, its capital: qterm.voices).
func speakersOf(terms []qterm) (map[string]bool, [][]string) {
	speakers := map[string]bool{}
	var voices [][]string
	for _, t := range terms {
		if t.speaker {
			speakers[t.term] = true
			voices = append(voices, t.voices...)
		}
	}
	return speakers, voices
}

// speechNouns are the nouns of what someone said, which carry their words
// as a speech verb does: "claims by Trump that", "Vance's remarks".
var speechNouns = wordSet(`claim claims remark remarks comment comments statement statements assertion assertions accusation accusations`)

// voicedBy reports whether the name that ends at words[j] is titled by
// one of a country's voices: the capitalised words and titles before it
// ("Ukrainian President Volodymyr Zelensky", "Kremlin spokesman Dmitry
// Peskov") hold all the terms of one of them.
func voicedBy(an analyzer, words []string, j int, voices [][]string) bool {
	held := map[string]bool{}
	for k := j; k >= 0 && k > j-8; k-- {
		u := strings.Trim(words[k], "'’\"“”")
		if k != j && strings.ContainsAny(strings.TrimSuffix(u, "."), ",;:") && !appositive(u) ||
			k != j && strings.HasSuffix(u, ".") && !dotted(u) {
			break // the name's run ends at the end of a clause
		}
		u = strings.Trim(u, ".,;:")
		if !isTitleCase(u) && !titleWords[strings.ToLower(u)] && !dotted(u) {
			break
		}
		for _, t := range an(bare(u)) {
			held[t] = true
		}
	}
	return anyNamed(held, voices)
}

// appositive reports whether w, a word before a name, ends a title set
// off by a comma: "The EU's foreign policy chief, Kaja Kallas, said".
func appositive(w string) bool {
	t, ok := strings.CutSuffix(w, ",")
	return ok && titleWords[strings.ToLower(t)]
}

// dotted reports whether w is an acronym written with periods ("U.S."),
// whose last one ends no sentence.
func dotted(w string) bool {
	return isAcronym(strings.ReplaceAll(w, ".", ""))
}

// titleWords are the lower-case words of an official's title, between a
// country's name and the official's ("Ukraine's foreign minister Andrii
// Sybiha").
var titleWords = wordSet(`president minister ministry foreign deputy prime spokesman spokeswoman
	spokesperson envoy special official officials secretary ambassador negotiator chief head
	leader adviser advisor aide policy of`)

// namesBefore reports whether one of the words before words[j] names a
// person, who a pronoun after them may stand for. The first word counts
// only when it is no English word ("He", "The" are capitalised anyway).
func namesBefore(words []string, j int) bool {
	for k, w := range words[:j] {
		w = strings.TrimSuffix(strings.TrimSuffix(trimWord(w), "'s"), "’s")
		if !isPersonWord(w) || k == 0 && wordlist.Class(strings.ToLower(w)) != 0 {
			continue
		}
		return true
	}
	return false
}

// speakerLeads reports whether the first person sentence s names is the
// speaker the question asks about: the one a "He said ..." after it is.
func speakerLeads(an analyzer, s string, terms []qterm) bool {
	words := strings.Fields(s)
	for k, w := range words {
		w = trimWord(w)
		// A sentence's first word is capitalised whatever it is: one that
		// is also an English word ("Talks", "Trump") is a name only when
		// it is the speaker's.
		if !isPersonWord(bare(w)) || k == 0 && wordlist.Class(strings.ToLower(w)) != 0 && !speakerTerm(an, w, terms) {
			continue
		}
		for _, u := range words[k:] {
			u = bare(trimWord(u))
			if !isPersonWord(u) {
				return false
			}
			if speakerTerm(an, u, terms) {
				return true
			}
		}
		return false
	}
	return false
}

// speakerTerm reports whether word w is one of the question's speaker's.
func speakerTerm(an analyzer, w string, terms []qterm) bool {
	return slices.ContainsFunc(an(bare(w)), func(t string) bool {
		return slices.ContainsFunc(terms, func(q qterm) bool { return q.speaker && q.term == t })
	})
}

// nameStart returns the index of the first word of the name words[k] ends
// ("Recep Tayyip Erdogan").
func nameStart(words []string, k int) int {
	for k > 0 && isPersonWord(words[k-1]) {
		k--
	}
	return k
}

// speechVerbs are the words that report what someone said (lower case).
var speechVerbs = wordSet(`say says said tell tells told add adds added warn warns warned state states stated
	argue argues argued write writes wrote ask asks asked call calls called describe
	describes described insist insists insisted announce announces announced urge urges
	urged claim claims claimed declare declares declared stress stresses stressed note
	notes noted reply replies replied respond responds responded suggest suggests suggested
	accuse accuses accused promise promises promised pledge pledges pledged acknowledge
	acknowledges acknowledged complain complains complained according declined dismissed
	rejected welcomed praised criticised criticized signalled signaled posted saying
	telling calling speaking hail hails hailed condemn condemns condemned labelled labeled branded
	react reacts reacted explain explains explained`)

// inversionVerbs are the verbs of saying news writes before their speaker
// ("..., said Lavrov", "added Peskov", "according to Ushakov").
var inversionVerbs = wordSet(`say says said add adds added write writes wrote reply replies replied state states
	stated note notes noted declare declares declared insist insists insisted explain explains explained
	according warned`)

// subjectStop are the words that a verb's subject does not stand behind:
// a name before them is another clause's object.
var subjectStop = wordSet(`of about against whether`)

// pronoun are the subjects that stand for a speaker named before.
var pronoun = wordSet(`he she they`)

// offsetWords make the span before them date something rather than say
// how long it lasted: "a day after", "two days later", "three years ago".
var offsetWords = wordSet(`after before later earlier ago`)

// countWindow is how many words after a number may come before the noun
// it counts: "23 badly wounded Ukrainian soldiers".
const countWindow = 5

// questionKind returns the kind of answer a question asks for, from its
// wording: "when", "day", "time", "year", "capital", "currency", "outcome", "where", "place", "who", "why", "how_many",
// "person", "duration", "length", "measure", "money", "share", "say", "topic", "words", "role", "list", or ""
// for any other.
func questionKind(q string) string {
	if retrieval.HasCJK(q) {
		return cjkQuestionKind(q)
	}
	l := strings.ToLower(q)
	p := answerTypes()
	if p.shareQuestion.MatchString(l) {
		return "share"
	}
	if p.measureQuestion.MatchString(l) {
		return "measure" // before "how long": "how long is the crimean bridge"
	}
	if strings.Contains(l, "how long") {
		if p.lengthNoun.MatchString(l) {
			return "length" // "how long is the front line": a distance, or a time
		}
		return "duration" // "how long did it take to prepare": a time, not 4,000 km
	}
	if strings.Contains(l, "how soon") {
		return "soon" // a span to come ("within the next two weeks"), not the day it was said
	}
	if p.nameQuestion.MatchString(l) && titleNamed(q) == nil {
		return "called" // "what is the name of the hotel": a name the question does not give
	}
	if p.pastQuestion.MatchString(l) {
		return "past" // "what did witkoff do before he became an envoy": an earlier post
	}
	if p.leisureQuestion.MatchString(l) {
		return "leisure" // "what does macron do in his free time"
	}
	if strings.Contains(l, "how much") && !strings.Contains(l, "how much of") && p.moneyQuestion.MatchString(l) {
		return "money"
	}
	for _, w := range []string{"how many", "how much", "how large", "how big",
		"tally", "what number", "what amount", "vote count", "what count"} {
		if strings.Contains(l, w) {
			return "how_many"
		}
	}
	if p.speechQuestion.MatchString(q) {
		return "say"
	}
	if p.topicQuestion.MatchString(l) {
		return "topic"
	}
	if p.wordsQuestion.MatchString(l) {
		return "words"
	}
	if p.whoIsName.MatchString(q) || whoIsLowerName(l) {
		return "role" // "Who is Peskov?": his post, not another person
	}
	if titleNamed(q) != nil {
		return "who" // "what's the kremlin spokesman called": a name
	}
	if k := whWord(l); k != "" {
		return k
	}
	if p.roleQuestion.MatchString(l) {
		return "role"
	}
	if p.agreedQuestion.MatchString(l) {
		return "agreed" // its verb is what the shapes below take for an auxiliary's
	}
	if p.dateSetQuestion.MatchString(l) {
		return "dateset" // its auxiliaries are part of the shape
	}
	if lengthFragment().MatchString(l) {
		return "duration" // "jeddah ceasefire length?": how long, typed as a fragment
	}
	for _, shape := range []struct {
		re   *regexp.Regexp
		kind string
	}{{p.timeQuestion, "time"}, {p.dayQuestion, "day"}, {p.yearQuestion, "year"}, {p.capitalQuestion, "capital"}, {p.currencyQuestion, "currency"}, {p.dateQuestion, "when"}, {p.placeQuestion, "place"},
		{p.listQuestion, "list"}, {p.personQuestion, "person"}, {p.outcomeQuestion, "outcome"}} {
		for _, m := range shape.re.FindAllString(l, -1) {
			// "what are European leaders worried about" asks what, not
			// which leaders: a verb between the two words ends the phrase,
			// as a verb of what moved them does right after "what" ("what
			// alarmed European officials"; not "what united states
			// officials", whose "-ed" is no verb).
			f := strings.Fields(m)
			if !slices.ContainsFunc(f, func(w string) bool { return auxiliaries[w] }) &&
				!(f[0] == "what" && len(f) > 2 && movedVerbs()[f[1]]) {
				return shape.kind
			}
		}
	}
	return ""
}

// lengthFragment matches a question typed as a noun phrase that ends in
// "length" or "duration" ("jeddah ceasefire length?").
var lengthFragment = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[\p{L}\d' -]*\b(?:length|duration)\s*[?.!]*\s*$`)
})

// movedVerbs are the verbs of what moved someone, which after "what" ask
// what did ("what alarmed European officials").
var movedVerbs = sync.OnceValue(func() map[string]bool {
	return wordSet(`alarmed angered annoyed worried concerned prompted surprised shocked upset frustrated troubled
		irritated pushed forced convinced persuaded led caused triggered sparked drove made`)
})

// auxiliaries are the verbs that follow "what" or "which" in a question
// whose noun is the subject, not the thing asked for.
var auxiliaries = wordSet(`is are was were be been do does did has have had will would can could should may might must`)

// whWord returns the kind a question's wh-word asks for: "when", "where",
// "who" or "why", or "" for none, from the first wh-word in l (lower
// case): a later one opens a clause. "Who was Putin with when he spoke?"
// asks who, not when; "And what did Macron do when he cut in?" asks what,
// which the other shapes of questionKind read.
func whWord(l string) string {
	// Split at apostrophes too: "who's heading" is "who", "s".
	for _, w := range strings.FieldsFunc(l, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch w {
		case "when", "where", "who", "why":
			return w
		case "whom":
			return "who"
		case "what", "which", "how", "whose":
			return ""
		}
	}
	return ""
}

// placeHead are the words that make two capitalised words a place, an
// institution or a title rather than a person: "Saudi Arabia", "White
// House", "Foreign Minister".
var placeHead = wordSet(`Arabia House Sea Kingdom States Nations Union Council Assembly Palace Ministry
	Department Office Conference Group Court Bank Forces Airport Square Street Hall
	Minister President Secretary Prime Foreign Defence Defense State Vice General Security
	National European United Black White North South East West New The Russian American
	Ukrainian British French German`)

// nameParticle are the lower-case words inside a person's name.
var nameParticle = wordSet(`von van der den de da di du la le al bin ibn`)

// nameList matches a list of three or more capitalised names: "North
// Korea, Belarus and Hungary". Compiled on first use, as only "which
// countries" questions need it.
var nameList = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\p{Lu}\p{L}+(?:\s\p{Lu}\p{L}+)?(?:,\s(?:the\s)?\p{Lu}\p{L}+(?:\s\p{Lu}\p{L}+)?)+,?\s(?:and|or)\s(?:the\s)?\p{Lu}\p{L}+`)
})

// lengthOfAsked reports whether a span of time in sentence s may be the
// length of what the question asks about: "a 30-day ceasefire" is the
// length of a ceasefire, not of a meeting, and "over the past few days"
// is a stretch of the news up to then, no length of anything.
func lengthOfAsked(an analyzer, s, span string, terms []qterm) bool {
	i := strings.Index(s, span)
	if i < 0 {
		return true
	}
	if before := strings.Fields(s[:i]); len(before) > 0 && stretchWords[strings.ToLower(before[len(before)-1])] {
		return false
	}
	if !strings.Contains(span, "-") {
		return true
	}
	next, _, _ := strings.Cut(strings.TrimLeft(s[i+len(span):], " "), " ")
	ts := an(trimWord(next))
	if len(ts) != 1 {
		return true
	}
	said := map[string]bool{ts[0]: true}
	return slices.ContainsFunc(terms, func(t qterm) bool { return t.match(said, 1) > 0 })
}

// stretchWords, before a span of time, make it a stretch up to or from
// the news's time: "the past few days", "the next two weeks".
var stretchWords = wordSet(`past last next coming previous recent`)

// media are the terms of the two ways leaders talk, in person and by
// phone: how long one lasted says nothing of the other. Not "talks",
// "chat" or "conversation", held either way.
var media = sync.OnceValue(func() [2]map[string]bool {
	return [2]map[string]bool{
		analyzedSet("meeting", "met", "summit", "session", "visit"),
		analyzedSet("call", "phone", "telephone"),
	}
})

// sameMedium reports whether a sentence (its terms) may be about the event
// a question asks the length of: false when the question names one way of
// talking and the sentence only the other.
func sameMedium(question []qterm, sentence []string) bool {
	var asked, said [2]bool
	for i, m := range media() {
		asked[i] = slices.ContainsFunc(question, func(t qterm) bool { return m[t.term] })
		said[i] = slices.ContainsFunc(sentence, func(t string) bool { return m[t] })
	}
	if !said[0] && !said[1] || !asked[0] && !asked[1] {
		return true
	}
	return asked[0] && said[0] || asked[1] && said[1]
}

// isQuantityWord reports whether w is a number: "175", "5,000", "2.5%",
// "30-day", "three", "twenty-six", "dozens".
func isQuantityWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsDigit(r) {
		return true
	}
	head, _, _ := strings.Cut(strings.ToLower(w), "-")
	return numberWords[head]
}

// numberWords are the numbers written in words, which answer "how many"
// as well as digits do.
var numberWords = wordSet(`one two three four five six seven eight nine ten eleven twelve fifteen
	twenty thirty forty fifty hundred hundreds thousand thousands million millions billion
	billions half dozen dozens`)

// numberTokens splits s into the words a number may be: "$300" and "(175)"
// give "300" and "175"; "5,000", "2.5%" and "30-day" stay whole.
func numberTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(",.%-", r)
	})
}

// isNameWord reports whether w is written like one word of a name:
// "Rubio", "Al-Thani".
func isNameWord(w string) bool {
	for _, part := range strings.Split(w, "-") {
		r, n := utf8.DecodeRuneInString(part)
		if !unicode.IsUpper(r) || n == len(part) {
			return false
		}
		for _, r := range part[n:] {
			if !unicode.IsLower(r) {
				return false
			}
		}
	}
	return true
}

// trimWord takes the punctuation and quotation marks a word of a sentence
// may carry off it ("Zelensky,", "“dictator”", "(AP)").
func trimWord(w string) string { return strings.Trim(w, ".,;:'’\"“”()") }

// isPersonWord reports whether w may be a first name or a surname: a
// capitalised word that is not a month or weekday and not a word that
// makes two capitalised words a place, institution or title.
func isPersonWord(w string) bool {
	return isNameWord(w) && !calendarWords.MatchString(w) && !placeHead[w]
}

// namesThing reports whether s gives the thing whose term is noun a name
// the question does not (fresh): "the Ritz-Carlton hotel", "the hotel
// Diriyah", "the operation, code-named Spiderweb", not "a hotel in the
// Saudi capital".
func namesThing(an analyzer, s, noun string, fresh func(string) bool) bool {
	words := strings.Fields(s)
	for i, w := range words {
		if !slices.Contains(an(strings.Trim(w, ",.;:'’\"“”()")), noun) {
			continue
		}
		// Capitalised words right before it, or right after it, past a
		// comma and "called" or the like.
		// Not the sentence's first word, which any sentence capitalises.
		if i > 1 && isNameWord(strings.Trim(words[i-1], "'’\"“”")) && fresh(words[i-1]) {
			return true
		}
		rest := strings.Join(words[i+1:min(len(words), i+4)], " ")
		rest = strings.TrimLeft(rest, ", ")
		if answerTypes().calledName.MatchString(rest) || i+1 < len(words) && isNameWord(strings.Trim(words[i+1], ",.;:'’\"“”")) && fresh(words[i+1]) {
			return true
		}
		if n := strings.Fields(rest); len(n) > 1 && (n[0] == "including" || n[0] == "like") && isNameWord(strings.Trim(n[1], ",.;:'’\"“”")) {
			return true // "bases including Olenya and Belaya"
		}
	}
	return false
}

// pastTitle reports whether s describes the person a "before he became"
// question asks about by something other than the post it names: "what
// did darchiev do before he became ambassador" is answered by "Alexander
// Darchiev, a senior foreign ministry official", not "what did witkoff do
// before trump made him an envoy" by "Steve Witkoff, the special envoy".
func pastTitle(an analyzer, s string, terms []qterm, asked map[string]bool) bool {
	for _, m := range answerTypes().described.FindAllStringSubmatch(s, -1) {
		if namesAsked(an, m[1], terms) && !slices.ContainsFunc(an(m[2]), func(t string) bool { return asked[t] }) {
			return true
		}
	}
	return false
}

// namesAsked reports whether name is one of the question's names.
func namesAsked(an analyzer, name string, terms []qterm) bool {
	return slices.ContainsFunc(an(name), func(t string) bool {
		return slices.ContainsFunc(terms, func(q qterm) bool { return q.entity > 0 && q.term == t })
	})
}

// measured are the terms of the thing a "how long is" question measures
// ("front", "line") and its names ("in Finland", "putin"): the question's
// other words ("was talking about") need not be in the sentence that
// gives the length. All terms when none is such a thing.
func measured(terms []qterm) []qterm {
	var out []qterm
	thing := false
	for _, t := range terms {
		noun := answerTypes().lengthNoun.MatchString(strings.ToLower(t.word))
		thing = thing || noun
		if noun || t.name || t.entity > 0 {
			out = append(out, t)
		}
	}
	if !thing {
		return terms
	}
	return out
}

// saysHead reports whether s says the thing a topic question asks for.
func saysHead(an analyzer, s string, terms []qterm) bool {
	i := slices.IndexFunc(terms, func(t qterm) bool { return t.head })
	return i >= 0 && termSet(an, s)[terms[i].term]
}

// saysAll reports whether s says every term of a measure question but
// the measure's own word ("old" of "how old is putin").
func saysAll(an analyzer, s string, terms []qterm) bool {
	st := termSet(an, s)
	return !slices.ContainsFunc(terms, func(t qterm) bool { return !st[t.term] && !measureWord(t.word) })
}

func measureWord(w string) bool {
	switch strings.ToLower(w) {
	case "tall", "old", "far":
		return true
	}
	return false
}

// gated reports whether a question's answer must hold what it asks for:
// a question of a gated kind, or one for the person who holds a title
// ("Who is the Kremlin spokesman?", "who was the russian foreign minister
// at the saudi meeting"): a sentence that names someone else, or gives the
// title to no one, does not answer it.
func gated(kind string, terms []qterm) bool {
	return gatedKinds[kind] || kind == "who" && slices.ContainsFunc(terms, func(t qterm) bool {
		// One person's title: a team's members ("who were russia's
		// negotiators") are often named first and given their role after.
		return t.title && !strings.HasSuffix(strings.ToLower(t.word), "s")
	})
}

// gatedKinds are the kinds of question whose answer must hold what they
// ask for: a sentence on the subject without it does not answer.
var gatedKinds = map[string]bool{"how_many": true, "share": true, "say": true, "day": true, "time": true, "year": true, "capital": true, "currency": true,
	"duration": true, "length": true, "measure": true, "called": true, "past": true, "leisure": true, "money": true, "place": true, "topic": true, "person": true,
	"agreed": true} // "what was agreed in jeddah": not the sentence that the talks will be held there

var (
	// temporal matches the words of a sentence that date something, which
	// answer a "when" question, or that say no date is known yet.
	temporal = regexp.MustCompile(`(?i)\b(?:` + datePattern + `|` + weekdayPattern + `|(?:last|this|next)\s+(?:week|month|year)|yesterday|tomorrow|today|within\s+(?:the\s+next|weeks|days)|soon|evening|morning|night|\d{4})\b|\bno (?:date|details yet on when)\b`)
	// placeWord matches "in/at/to <Capitalised>", which answers a "where"
	// question; the group is the place's first word.
	placeWord = regexp.MustCompile(`\b(?:in|at|to)\s+(?:the\s+)?(\p{Lu}[\p{L}'’.-]*)`)
	// placeUnknown matches a sentence saying the place is not known or
	// not set yet, which answers "where" as truly as a place does.
	placeUnknown = regexp.MustCompile(`(?i)\bno\s+(?:details|decision|agreement|word)\s+(?:yet\s+)?(?:on|about|as to)\s+(?:when\s+and\s+)?where\b|\b(?:venue|location)\s+(?:has|had|have)\s+(?:not|yet to)\s+been\s+(?:set|decided|agreed|chosen|announced)\b`)
)

// titleAsked matches a question for whoever holds a title, the title last
// or, for one person, followed by where: "Who is the Kremlin spokesman?",
// "who's Trump's special envoy", "who was the russian foreign minister at
// the saudi meeting". Not "Who was Russia's top diplomat at the meeting?"
// (a diplomat's title is another word), "Who pitched the plan to EU
// leaders?", nor "who were russia's negotiators in the march riyadh talks":
// a team's members are often named first and given their role after ("The
// Kremlin named Grigory Karasin … and Sergei Beseda … as its negotiators").
var titleAsked = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*who(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(?:[\p{L}'’.-]+\s+){0,4}?(` + roleNouns + `)(?:s|\s+(?:at|in|during|of|for|to)\s+(?:[\p{L}'’.-]+\s*){1,4})?(?:\s+(?:that|who)\s+[^?]+)?\s*[?.!]*\s*$`)
})

// titleNamedAs matches a question for the name of whoever holds a title:
// "what's the kremlin spokesman called", "what is the name of the
// Ukrainian defence minister", "whats the spokesman's name". The title's
// noun is group 1; "name" or "called" must be there (titleNamed).
var titleNamedAs = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*what(?:'s|’s|s|\s+is|\s+was)\s+(?:the\s+name\s+of\s+)?(?:the\s+)?(?:[\p{L}'’.-]+\s+){0,3}?(` + roleNouns + `)s?(?:\s+called|(?:'s|’s)\s+name)?\s*[?.!]*\s*$`)
})

// titleNamed returns the submatch indexes of titleNamedAs in a question
// that asks for a name ("name", "called"), nil for any other.
func titleNamed(question string) []int {
	m := titleNamedAs().FindStringSubmatchIndex(question)
	if m == nil {
		return nil
	}
	l := strings.ToLower(question)
	if !strings.Contains(l, "name") && !strings.Contains(l, "called") {
		return nil
	}
	return m
}

// whoIsLowerName reports whether a question typed in lower case (l) is
// "who is <name>" ("who is peskov"): a name of one to three words none of
// which is a common English word, as "the" of "who is the envoy" is.
func whoIsLowerName(l string) bool {
	m := whoIsLower().FindStringSubmatch(l)
	if m == nil {
		return false
	}
	return !slices.ContainsFunc(strings.Fields(m[1]), func(w string) bool {
		c := wordlist.Class(strings.Trim(w, "'’"))
		return c > 0 && c <= 35
	})
}

var whoIsLower = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*who(?:'s|’s|s|\s+is|\s+was)\s+([a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*){0,2})\s*\??\s*$`)
})

// markTitle marks the term of the title a "who is the ..." or "what's the
// ... called" question asks who holds.
func markTitle(question string, terms []qterm) {
	m := titleAsked().FindStringSubmatchIndex(question)
	if m == nil {
		m = titleNamed(question)
	}
	if m == nil {
		return
	}
	noun := question[m[2]:m[3]]
	before := strings.Fields(question[:m[2]])
	for i, t := range terms {
		if !strings.EqualFold(t.word, noun) && !strings.EqualFold(t.word, noun+"s") {
			continue
		}
		terms[i].title = true
		// And the ordinary word just before it: "defence" of "defence
		// minister", which a prime minister is not.
		if i > 0 && terms[i-1].entity == 0 && len(before) > 0 && strings.EqualFold(before[len(before)-1], terms[i-1].word) {
			terms[i-1].title = true
		}
	}
}

// Whom a sentence's titles name (see whomTitled).
const (
	titledNone = iota
	titledAsked
	titledOther
)

// whomTitled reports whom s gives a title: a name of the question
// (titledAsked), only others (titledOther), or no one (titledNone); and s
// without the titles it gives others, where a title given to no one may
// remain ("..., Russia's deputy foreign minister said").
func whomTitled(an analyzer, s string, terms []qterm) (int, string) {
	out, rest := titledNone, s
	for _, p := range titlePatterns {
		for _, m := range p.matches(s) {
			if namesAsked(an, s[m[2*p.name]:m[2*p.name+1]], terms) {
				return titledAsked, s
			}
			out, rest = titledOther, strings.Replace(rest, s[m[0]:m[1]], " ", 1)
		}
	}
	return out, rest
}

// titlePattern is a way news gives a name a title, with the groups of
// the title and the name.
type titlePattern struct {
	re          *regexp.Regexp
	title, name int
}

// titlePatterns are the two ways: "Kremlin spokesman Dmitry Peskov",
// "Steve Witkoff, Trump's special envoy".
var titlePatterns = []titlePattern{{titledName, 1, 2}, {nameTitled, 2, 1}}

// matches returns the submatch indices of p in s, but for a title after a
// name that its verb of speech follows: in "... and Vladimir Putin,
// Russia's deputy foreign minister said", the deputy is the speaker, not
// Putin.
func (p titlePattern) matches(s string) [][]int {
	ms := p.re.FindAllStringSubmatchIndex(s, -1)
	if p.title < p.name {
		return ms
	}
	return slices.DeleteFunc(ms, func(m []int) bool {
		next, _, _ := strings.Cut(strings.TrimLeft(s[m[1]:], " "), " ")
		return speechVerbs[strings.Trim(next, ".,;:")]
	})
}

// titledBy reports whether s gives a new name the title the question asks
// about (its terms marked title by markTitle): "Kremlin spokesman Dmitry
// Peskov", "Steve Witkoff, Trump's special envoy".
func titledBy(an analyzer, s string, terms []qterm, fresh func(string) bool) bool {
	for _, p := range titlePatterns {
		for _, m := range p.matches(s) {
			name, titled := s[m[2*p.name]:m[2*p.name+1]], s[m[2*p.title]:m[2*p.title+1]]
			if !fresh(name) || lesserTitle(s[:m[2*p.title]], terms) {
				continue
			}
			title := termSet(an, titled)
			// A title the articles write must be said: "special envoy"
			// is near "ambassador" in meaning, but not that post. One
			// they never write may be said in other words ("spokesman"
			// for "spokesperson").
			if !slices.ContainsFunc(terms, func(t qterm) bool { return t.title && (t.known && !title[t.term] || t.match(title, 1) == 0) }) {
				return true
			}
		}
	}
	return false
}

// lesserTitle reports whether the word before a title makes it another
// one than the question's: "deputy foreign minister" is no foreign
// minister, unless the question asks for a deputy.
func lesserTitle(before string, terms []qterm) bool {
	ws := strings.Fields(before)
	if len(ws) == 0 {
		return false
	}
	w := strings.ToLower(strings.Trim(ws[len(ws)-1], ",;:"))
	return lesserTitles()[w] && !slices.ContainsFunc(terms, func(t qterm) bool { return strings.EqualFold(t.word, w) })
}

// lesserTitles are the words before a title that make it another.
var lesserTitles = sync.OnceValue(func() map[string]bool { return wordSet(`deputy vice assistant former acting junior under`) })

// reacts reports whether the question asks how its speaker reacted or
// responded (markReaction): what they did answers it as well as what
// they said ("leaders across Europe ... posted messages of support").
func reacts(terms []qterm) bool {
	return slices.ContainsFunc(terms, func(t qterm) bool { return t.speaker && t.reacts })
}

// reactionQuestion matches a question for how someone reacted.
var reactionQuestion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:react|reacted|reacting|respond|responded|responding|reaction|response)\b`)
})

// markReaction marks the speakers of a question for a reaction.
func markReaction(question string, terms []qterm) {
	if !reactionQuestion().MatchString(question) {
		return
	}
	for i := range terms {
		terms[i].reacts = terms[i].speaker
	}
}

// speakerActs reports whether the speaker asked about is the subject of s:
// named (or by one of its voices) among its first words, not after a
// preposition ("support for Europe").
func speakerActs(an analyzer, s string, terms []qterm) bool {
	speakers, voices := speakersOf(terms)
	for _, v := range voices {
		if len(v) == 1 {
			speakers[v[0]] = true // "Kyiv", "Ukrainian": the country acts
		}
	}
	words := strings.Fields(s)
	for i, w := range words[:min(len(words), subjectReach)] {
		if i > 0 && subjectEnd[strings.ToLower(words[i-1])] {
			continue
		}
		for _, t := range an(bare(strings.Trim(w, ".,;:'’\"“”"))) {
			if speakers[t] {
				return true
			}
		}
	}
	return false
}

// subjectReach is how far into a sentence its subject may stand: "Within
// hours, leaders across Europe, including ...".
const subjectReach = 8

// actTerm returns the index in terms of a verb of an act a sentence must
// say to answer the question ("cancel" of "who called off the talks",
// "resign"), -1 for none: verbs of one act that news seldom words
// otherwise.
func actTerm(terms []qterm) int {
	return slices.IndexFunc(terms, func(t qterm) bool { return actStems()[t.term] })
}

// Not "suspend", "withhold" or "postpone": news says them as often in
// other words ("paused all military assistance"), which the question would
// then be refused for.
var actStems = sync.OnceValue(func() map[string]bool {
	return analyzedSet("cancel", "cancelled", "canceled", "resign", "resigned",
		// "how many were injured" is not answered by how many were killed.
		"injure", "injured", "injuries", "wound", "wounded", "kill", "killed")
})

// analyzedSet returns the terms the analyser makes of words, for a list
// of words a question's terms are looked up in.
func analyzedSet(words ...string) map[string]bool {
	out := map[string]bool{}
	for _, w := range words {
		for _, t := range retrieval.Analyze(w) {
			out[t] = true
		}
	}
	return out
}
