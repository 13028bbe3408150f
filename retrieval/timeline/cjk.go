package timeline

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/talkbot/talkbot/retrieval"
)

// Chinese, Japanese and Korean articles write their dates with counters
// (3月18日, 2025年3月11日, 3월 18일, a day alone: 23日, 11일) and weekdays as
// 周二/星期二, 火曜日, 화요일, with no spaces or inflection the English rules
// could read. They are read here, a sentence at a time, and resolved by the
// English rules: a yearless date takes its year as chooseYear gives it, a
// weekday its day as resolveWeekday does for "on Tuesday".

// cjkPatterns are the timeline's patterns for Chinese, Japanese and Korean
// text, compiled on the first CJK article: every command pays the package's
// start-up, most of them for no CJK text at all.
type cjkPatterns struct {
	date, day, notDay, span, weekday, sameDay                 *regexp.Regexp
	zhPlan, jaPlan, koPlan, zhDone, jaDone, koDone, jaNonPast *regexp.Regexp
}

var cjkRe = sync.OnceValue(func() cjkPatterns {
	return cjkPatterns{
		// date finds a month and day, with the year when written:
		// 2025年3月11日, 3月18日, 2025년 3월 11일, 3월 18일.
		date: regexp.MustCompile(`(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]`),
		// day finds a day alone (23日, 11일), the month being the
		// article's or next to it; notDay, right after it, makes it a count
		// of days instead (3日間 three days, 30일간, 3日後).
		day: regexp.MustCompile(`(\d{1,2})\s*[日일]`),
		// Chinese 30日内 (within 30 days) too, but not 内阁 (cabinet)
		// or 日内瓦 (Geneva) after a day.
		notDay: regexp.MustCompile(`^(?:間|目|後|前|以内|内(?:[^阁閣瓦]|$)|ぶり|余り|까지|간|째|동안|만에|\s*동안|\s*만에|\s*이내|\s*후|\s*전)`),
		// span is a stretch of days from a day: 23日から3日間 (three days
		// from the 23rd).
		span: regexp.MustCompile(`^から(\d{1,2})日間`),
		// weekday finds a weekday, with this, last or next week before it.
		weekday: regexp.MustCompile(`(上|下|本|这|這|先週の?|来週の?|今週の?|(?:지난|다음|이번)\s*주\s*)?(?:(?:周|週|星期|礼拜|禮拜)([一二三四五六日天])|([月火水木金土日])曜日?|([월화수목금토일])요일)`),
		// sameDay is "that day": a report of the day the sentence before
		// dated (安理会当天晚些时候…, 同日, 이날).
		sameDay: regexp.MustCompile(`当天|当日|同日|같은 날|이날`),
		// Plans: Chinese 将/将于/计划/预计, Japanese 予定/見通し/方針,
		// Korean 예정/계획. A plan that was (予定だった, 예정이었던) or a plan
		// as a noun (和平计划, a peace plan) is none.
		zhPlan: regexp.MustCompile(`将(?:于|在|会|要|与|对|向|就|赴|前往|举行|访问|召开|出席|\d)|计划(?:于|在|将|要|访问|举行|前往|召开|出访)|预计|拟于|定于|即将|准备于`),
		jaPlan: regexp.MustCompile(`(?:予定|見通し|方針)(?:だ|です|で|。|$|と|という|になっている|を)`),
		koPlan: regexp.MustCompile(`(?:예정|계획|방침)(?:이다|이며|이라|입니다|이라고|이고|\.|$)|할 계획`),
		// Done: Chinese 了 after a verb (not 为了, 了解, 除了), a Japanese
		// sentence ending in the past (…した, …述べた), a Korean one (…했다).
		zhDone: regexp.MustCompile(`[^为除]了(?:[^解]|$)|已经|已`),
		jaDone: regexp.MustCompile(`た(?:と(?:いう|述べた|明らかにした|発表した))?。?$`),
		koDone: regexp.MustCompile(`(?:었|았|였|했|됐|렸|졌|웠|켰|쳤)(?:다|습니다)[.]?$`),
		// A Japanese sentence ending in a verb's plain non-past form (…する,
		// …開く) tells what is to come, as the English "hosts on Saturday".
		jaNonPast: regexp.MustCompile(`(?:する|します|される|れる|行う|開く|向かう|訪れる|会う|入る|始まる)。?$`),
	}
})

var cjkWeekdays = map[string]time.Weekday{
	"一": time.Monday, "二": time.Tuesday, "三": time.Wednesday, "四": time.Thursday, "五": time.Friday,
	"六": time.Saturday, "日": time.Sunday, "天": time.Sunday,
	"月": time.Monday, "火": time.Tuesday, "水": time.Wednesday, "木": time.Thursday, "金": time.Friday, "土": time.Saturday,
	"월": time.Monday, "화": time.Tuesday, "수": time.Wednesday, "목": time.Thursday, "금": time.Friday, "토": time.Saturday, "일": time.Sunday,
}

// cjkWeekModifiers maps the week before a weekday to resolveWeekday's
// modifiers: 上周二 is Tuesday of last week.
var cjkWeekModifiers = map[string]string{
	"上": "last week", "先週": "last week", "지난주": "last week",
	"下": "next week", "来週": "next week", "다음주": "next week",
	"本": "this week", "这": "this week", "這": "this week", "今週": "this week", "이번주": "this week",
}

// cjkArticle reports whether an article is written in Chinese, Japanese or
// Korean: more of the letters of its headline and first passage are CJK
// than not. An English article quoting a name in Chinese stays English.
func cjkArticle(a *retrieval.Article) bool {
	text := a.Headline
	if len(a.Passages) > 0 {
		text += a.Passages[0].Text
	}
	cjk, other := 0, 0
	for _, r := range text {
		switch {
		case retrieval.IsCJK(r):
			cjk++
		case unicode.IsLetter(r):
			other++
		}
	}
	return cjk > other
}

// cjkTense reads whether a sentence tells of a plan or of something done;
// "" when it does not say, as a bare date with no verb form.
func cjkTense(s string) Tense {
	switch {
	case cjkRe().zhPlan.MatchString(s) || cjkRe().jaPlan.MatchString(s) || cjkRe().koPlan.MatchString(s):
		return Planned
	case cjkRe().jaDone.MatchString(s) || cjkRe().koDone.MatchString(s):
		return Past
	case cjkRe().jaNonPast.MatchString(s):
		return Planned
	case cjkRe().zhDone.MatchString(s):
		return Past
	}
	return ""
}

// cjkDates finds and resolves the dates of a CJK sentence of an article
// published on pub; prev is the last day a sentence before it dated, for
// "that day".
func cjkDates(s string, pub, prev time.Time) []cjkDated {
	tense := cjkTense(s)
	var out []cjkDated
	add := func(sp span, phrase string) {
		for _, o := range out {
			if sameSpan(o.span, sp) {
				return
			}
		}
		out = append(out, cjkDated{sp, phrase})
	}
	taken := func(i int, ms [][]int) bool {
		for _, m := range ms {
			if i >= m[0] && i < m[1] {
				return true
			}
		}
		return false
	}
	full := cjkRe().date.FindAllStringSubmatchIndex(s, -1)
	for _, m := range full {
		month, _ := strconv.Atoi(s[m[4]:m[5]])
		d, _ := strconv.Atoi(s[m[6]:m[7]])
		y, yearGiven := pub.Year(), m[2] >= 0
		if yearGiven {
			y, _ = strconv.Atoi(s[m[2]:m[3]])
		}
		t, ok := calendarDay(y, time.Month(month), d, yearGiven, pub)
		if !ok {
			continue // 2月30日, 13月1日
		}
		if !yearGiven {
			t = chooseYear(t, tense, pub, false)
		}
		add(cjkSpan(t, tense, pub), s[m[0]:m[1]])
	}
	for _, m := range cjkRe().day.FindAllStringSubmatchIndex(s, -1) {
		// 为期30日: lasting 30 days, a count as 30日内 is.
		lasting := strings.HasSuffix(s[:m[0]], "为期") || strings.HasSuffix(s[:m[0]], "為期")
		if taken(m[0], full) || m[0] > 0 && (s[m[0]-1] >= '0' && s[m[0]-1] <= '9') || lasting || cjkRe().notDay.MatchString(s[m[1]:]) {
			continue
		}
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		t, ok := dayOfMonth(d, tense, pub)
		if !ok {
			continue
		}
		sp, phrase := cjkSpan(t, tense, pub), s[m[0]:m[1]]
		if r := cjkRe().span.FindStringSubmatch(s[m[1]:]); r != nil {
			if n, _ := strconv.Atoi(r[1]); n > 1 && n <= 31 {
				sp.end = t.AddDate(0, 0, n-1)
				phrase += r[0]
			}
		}
		add(sp, phrase)
	}
	for _, ix := range cjkRe().weekday.FindAllStringSubmatchIndex(s, -1) {
		group := func(k int) string {
			if ix[2*k] < 0 {
				return ""
			}
			return s[ix[2*k]:ix[2*k+1]]
		}
		// 每周一次, 週一回: "once a week", a count after 周 that reads
		// like 周一, Monday.
		if after := s[ix[1]:]; group(2) != "" && (strings.HasPrefix(after, "次") || strings.HasPrefix(after, "回")) {
			continue
		}
		phrase := group(0)
		name := group(2) + group(3) + group(4)
		wd, ok := cjkWeekdays[name]
		if !ok {
			continue
		}
		e := expr{kind: kindWeekday, unit: wd.String(), modifier: cjkWeekModifiers[strings.TrimSuffix(strings.Join(strings.Fields(group(1)), ""), "の")]}
		add(resolveWeekday(e, tense, pub), phrase)
	}
	if len(out) == 0 && !prev.IsZero() && cjkRe().sameDay.MatchString(s) {
		add(span{date: prev, gran: Day, tense: orPast(tense)}, cjkRe().sameDay.FindString(s))
	}
	return out
}

// cjkDated is a date of a CJK sentence and the words it was read from.
type cjkDated struct {
	span
	phrase string
}

// cjkSpan is a day of a sentence whose tense may be unsaid: then the day
// tells, a day after the article's being a plan.
func cjkSpan(t time.Time, tense Tense, pub time.Time) span {
	if tense == "" {
		tense = Past
		if t.After(pub) {
			tense = Planned
		}
	}
	return span{date: t, gran: Day, tense: tense}
}

// dayOfMonth gives a day written alone its month: of the article's month or
// the one before for the past, or the one after for a plan, as chooseYear
// gives a yearless date its year.
func dayOfMonth(d int, tense Tense, pub time.Time) (time.Time, bool) {
	var pick, nearest time.Time
	for dm := -1; dm <= 1; dm++ {
		first := time.Date(pub.Year(), pub.Month()+time.Month(dm), 1, 0, 0, 0, 0, time.UTC)
		c := first.AddDate(0, 0, d-1)
		if c.Month() != first.Month() {
			continue
		}
		if nearest.IsZero() || absDays(c, pub) < absDays(nearest, pub) {
			nearest = c
		}
		switch {
		case tense == Past && !c.After(pub):
			pick = c
		case tense == Planned && !c.Before(pub) && pick.IsZero():
			pick = c
		}
	}
	if pick.IsZero() {
		pick = nearest
	}
	return pick, !pick.IsZero()
}

// extractCJK finds the events of a Chinese, Japanese or Korean article: a
// sentence that dates what it reports, done or planned, is an event of each
// of its days, cited by its passage.
func extractCJK(a *retrieval.Article) []rawEvent {
	var out []rawEvent
	var prev time.Time
	for pi, p := range a.Passages {
		for _, text := range retrieval.SplitSentences(p.Text) {
			for _, d := range cjkDates(text, a.Date, prev) {
				sp := d.span
				out = append(out, rawEvent{span: sp, phrase: d.phrase, text: text, src: Source{Article: a, Passage: a.Passages[pi]}, seq: len(out)})
				if sp.gran == Day && sp.end.IsZero() && !sp.date.After(a.Date) {
					prev = sp.date
				}
			}
		}
	}
	return out
}
