package discord

import (
	"bytes"
	"log/slog"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/retrieval/timeline"
	"github.com/talkbot/talkbot/retrieval/timeline/chart"
)

// The /timeline format option. A picture is the default from
// pictureMinEvents events: fewer read as well as text.
const (
	formatAuto       = "auto" // the command without the option
	formatPicture    = "picture"
	formatText       = "text"
	formatKeep       = "" // a page button: the format its id carries
	pictureMinEvents = 3
	pictureName      = "timeline.png"
)

// timelineMessage renders page of the events q selected in the given
// format: the compact text view and its sources embed always (the
// picture's accessible fallback), and with a picture of the page's events
// attached when the format calls for one. A picture that cannot be drawn is
// logged and left out: the text still answers.
// fontPath is Config.Font, read once at start-up.
func timelineMessage(events []timeline.Event, q timelineQuery, page int, format, fontPath string, log *slog.Logger) outMessage {
	switch format {
	case formatPicture:
		q.Picture = true
	case formatText:
		q.Picture = false
	case formatAuto:
		q.Picture = len(events) >= pictureMinEvents
	}
	m, shown := renderTimelinePage(events, q, page)
	if !q.Picture || len(shown) == 0 {
		return m
	}
	var buf bytes.Buffer
	if err := chart.PNG(&buf, shown, pictureOptions(q, fontPath, log)); err != nil {
		log.Warn("could not draw the timeline picture; sending text only", "err", err)
		return m
	}
	m.Files = []*discordgo.File{{Name: pictureName, ContentType: "image/png", Reader: bytes.NewReader(buf.Bytes())}}
	return m
}

// pictureOptions draws the picture of q's events: headed with the filter,
// its axis within the filter's days (a user test's 19–21 March ran 17–23).
func pictureOptions(q timelineQuery, fontPath string, log *slog.Logger) chart.Options {
	return chart.Options{Title: pictureTitle(q), Font: fontPath, From: q.From, To: q.To,
		Warn: func(w string) { log.Warn("timeline picture: " + w) }}
}

// pictureTitle heads the picture with what was asked for.
func pictureTitle(q timelineQuery) string {
	if d := q.describePlain(); d != "" {
		return "Timeline " + d
	}
	return "Timeline"
}

// attachments lists new files for an edit: with the list, Discord drops
// the attachments of the message's previous page and keeps these (ids are
// the files' indexes).
func attachments(files []*discordgo.File) *[]*discordgo.MessageAttachment {
	out := make([]*discordgo.MessageAttachment, len(files))
	for i, f := range files {
		out[i] = &discordgo.MessageAttachment{ID: strconv.Itoa(i), Filename: f.Name}
	}
	return &out
}

// formatOption is the /timeline format option's definition.
func formatOption() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "format",
		Description: "A picture (the default from 3 events) or text only",
		Choices: []*discordgo.ApplicationCommandOptionChoice{
			{Name: "picture", Value: formatPicture},
			{Name: "text", Value: formatText},
		},
	}
}
