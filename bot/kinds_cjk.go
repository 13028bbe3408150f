package bot

import (
	"regexp"
	"sync"
)

// Chinese, Japanese and Korean questions ask for their answer's kind in
// their own words ("多长时间", "いつ", "몇 명"), and their answers give it
// without the English cues kindMatches reads ("约四个半小时", "3月18日").
// Only the kinds a CJK sentence can be checked for are read: a CJK name
// has no capitals to tell a person or a place by, so "who" and "where"
// are no kind here.

type cjkKindPatterns struct {
	duration, measure, count, when *regexp.Regexp // the question's wording
	span, size, number, date       *regexp.Regexp // the answer's
}

var cjkKinds = sync.OnceValue(func() cjkKindPatterns {
	const num = `[0-9０-９]+|[一二三四五六七八九十百千万两半]+`
	return cjkKindPatterns{
		duration: regexp.MustCompile(`多长时间|多久|多长|どのくらい|どれくらい|何時間|何分間?|何日間|몇\s?시간|얼마나\s?오래`),
		measure:  regexp.MustCompile(`几岁|多少岁|多大年纪|何歳|몇\s?살|多远|多深|多高|どのくらい遠|몇\s?킬로`),
		count:    regexp.MustCompile(`多少|几[个名位人次项架艘]|何人|何回|何件|いくつ|몇\s?[명개번건]`),
		when:     regexp.MustCompile(`什么时候|何时|哪天|哪一天|几月几日|いつ|何月何日|何日に|언제|며칠`),
		span:     regexp.MustCompile(`(?:` + num + `)\s*(?:个|個|か|ヶ|カ)?\s*(?:半\s*)?(?:小时|钟头|分钟|天|周|星期|月|年|時間|分間?|日間|週間|年間|시간|분|일간|주일?|개월|년)`),
		size:     regexp.MustCompile(`(?:` + num + `)\s*(?:岁|歳|살|公里|千米|米|キロ|メートル|킬로미터|미터)`),
		number:   regexp.MustCompile(`[0-9０-９][0-9０-９,，.]*|[一二三四五六七八九十百千万两]+\s*(?:个|名|位|人|次|项|件|艘|架|명|개|번|건)`),
		date:     regexp.MustCompile(`(?:[0-9０-９]+\s*(?:年|년)\s*)?[0-9０-９]+\s*(?:月|월)\s*[0-9０-９]+\s*(?:日|일)|[0-9０-９]+\s*(?:日|일)|星期[一二三四五六日天]|周[一二三四五六日]|[月火水木金土日]曜日?|[월화수목금토일]요일|昨天|今天|明天|前天|上周|下周|昨日|今日|明日|先週|来週|어제|오늘|내일|지난주|다음\s?주`),
	}
})

// cjkQuestionKind is questionKind for a question in Chinese, Japanese or
// Korean: "duration", "measure", "how_many", "when" or "".
func cjkQuestionKind(q string) string {
	p := cjkKinds()
	switch {
	case p.measure.MatchString(q):
		return "measure"
	case p.duration.MatchString(q):
		return "duration"
	case p.count.MatchString(q):
		return "how_many"
	case p.when.MatchString(q):
		return "when"
	}
	return ""
}

// cjkKindMatches is kindMatches for a CJK sentence: whether it holds what
// a question of kind asks for, new to the question (fresh).
func cjkKindMatches(kind, s string, fresh func(string) bool) (matched, read bool) {
	p := cjkKinds()
	switch kind {
	case "duration":
		return p.span.MatchString(s), true
	case "measure":
		return p.size.MatchString(s), true
	case "how_many":
		return anyMatch(p.number, s, 0, fresh), true
	case "when":
		return anyMatch(p.date, s, 0, fresh), true
	}
	return false, false
}
