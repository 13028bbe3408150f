package discord

import "github.com/talkbot/talkbot/retrieval"

// SetArticles replaces the articles /sources lists and /help counts: serve
// calls it when the corpus folder changes while the bot runs.
func (b *Bot) SetArticles(articles []*retrieval.Article) {
	sorted := retrieval.NewestFirst(articles)
	b.artMu.Lock()
	b.articles = sorted
	b.artMu.Unlock()
}

// currentArticles returns the articles /sources lists now.
func (b *Bot) currentArticles() []*retrieval.Article {
	b.artMu.RLock()
	defer b.artMu.RUnlock()
	return b.articles
}
