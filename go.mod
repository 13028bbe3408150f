module github.com/talkbot/talkbot

go 1.26.8

require (
	github.com/joho/godotenv v1.5.1
	github.com/kljensen/snowball v0.10.0
	golang.org/x/text v0.43.0
)

require (
	github.com/sashabaranov/go-openai v1.43.0
	golang.org/x/term v0.47.0
)

require golang.org/x/sys v0.49.0 // indirect
