// Command talkbot answers questions about the US–Russia talks on ending the
// war in Ukraine from a corpus of news articles, with numbered citations: on
// the command line, or as a Discord bot (talkbot serve).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/textclean"
	"github.com/talkbot/talkbot/seeds"
)

// usageHead and usageFoot are the help text around its list of commands
// (commandDocs); {topic} becomes TALKBOT_TOPIC (see usageText).
const usageHead = `talkbot answers questions about {topic}
from news articles, citing every claim.

Usage:
`

const usageFoot = `
search scores are BM25 scores, or with OPENAI_EMBEDDING_MODEL set, reciprocal
rank fusion scores (at most 2/61 = 0.0328); see talkbot search -h.

Every command but eval and healthcheck takes --corpus DIR to read articles from
DIR instead of the embedded seeds (also CORPUS_DIR; add writes there). For
articles on another subject, set TALKBOT_TOPIC to it too (as a phrase read after
"questions about", such as "the city council budget"): answers, refusals and
this help name it. Settings are read from the environment and from a .env file
in the working directory (the environment wins); see .env.example.

Options may come before or after the question; a question or query that starts
with "-" goes after --: talkbot ask -- "-20 percent of what?"

talkbot help COMMAND (or talkbot COMMAND -h) shows a command's usage and options.
`

// commandDoc is what the help says of a command: its synopsis (with every
// option, --corpus too), a summary for the help's list (its lines broken
// to fit beside the synopsis), and what its own -h says it does.
type commandDoc struct {
	name, synopsis, summary, about string
}

// commandDocs are the commands in the order the help lists them: the one
// place their synopses are written, for the help and each command's -h.
func commandDocs() []commandDoc {
	return []commandDoc{
		{"ask", `talkbot ask [--json] [-k N] [--corpus DIR] "question"`,
			"answer a question, with numbered sources",
			"Answers the question from the articles, every sentence cited [n], then lists the\nnumbered sources."},
		{"search", `talkbot search [--json] [-k N] [--corpus DIR] "query"`,
			"show the passages retrieval ranks best",
			"Shows the passages retrieval ranks best for the query, with their scores."},
		{"sources", "talkbot sources [--json] [--corpus DIR]",
			"list the articles loaded and files skipped",
			"Lists the articles loaded, and the files skipped with the reason."},
		{"timeline", "talkbot timeline [--json | --png FILE] [--topic T] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--corpus DIR]",
			"dated events in date order, each cited",
			"Lists the dated events of the articles in date order, each cited; --png draws them as a picture."},
		{"add", "talkbot add [--json] [--feed] [--date YYYY-MM-DD] [--corpus DIR] URL|FILE...",
			"add articles to the corpus folder (--corpus\nor CORPUS_DIR) from web pages, .html or .txt\nfiles, or with --feed from RSS/Atom feeds",
			"Adds articles to the corpus folder (--corpus or CORPUS_DIR) from web pages, .html pages or .txt\n" +
				"articles, or with --feed every item of RSS/Atom feeds; one line per input."},
		{"serve", "talkbot serve [--corpus DIR]",
			"run the Discord bot (needs DISCORD_TOKEN)",
			"Runs the Discord bot (needs DISCORD_TOKEN); its settings come from the environment or .env\n(see .env.example)."},
		{"healthcheck", "talkbot healthcheck",
			"exit 0 if the serve beside it is ready (GET\n/readyz on TALKBOT_HTTP_ADDR or\nTALKBOT_METRICS_ADDR), else 1: for Docker",
			"Exits 0 when the serve beside it is ready (GET /readyz on TALKBOT_HTTP_ADDR or\n" +
				"TALKBOT_METRICS_ADDR), else 1: the container image's HEALTHCHECK."},
		{"eval", "talkbot eval --beir DIR [--split SPLIT] [--json] [-k1 X] [-b X] [-title-weight X]",
			"score retrieval on a BEIR-format question set",
			"Scores retrieval on a BEIR-format question set: nDCG@10, Recall@10, Recall@100, MRR@10."},
	}
}

// usageColumn is where the help's list starts each command's summary: on
// the synopsis's line when it fits before it, else on the next.
const usageColumn = 46

// usage is the help text, {topic} unreplaced: its list of commands is
// commandDocs', without --corpus, which a note after the list explains.
func usage() string {
	var b strings.Builder
	b.WriteString(usageHead)
	pad := strings.Repeat(" ", usageColumn)
	for _, c := range commandDocs() {
		line := "  " + strings.Replace(c.synopsis, " [--corpus DIR]", "", 1)
		if len(line) < usageColumn {
			b.WriteString(line + pad[len(line):])
		} else {
			b.WriteString(line + "\n" + pad)
		}
		b.WriteString(strings.ReplaceAll(c.summary, "\n", "\n"+pad) + "\n")
	}
	b.WriteString(usageFoot)
	return b.String()
}

func main() {
	ctx, stop := notifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	getenv, err := envLookup(".env", os.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "talkbot: %s\n", textclean.Line(err.Error()))
		stop()
		os.Exit(2)
	}
	names := envNames(os.Environ())
	if file, err := readDotenv(".env"); err == nil {
		for name := range file {
			names = append(names, name)
		}
	}
	warnUnknownSettings(os.Stderr, names)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, getenv)
	stop()
	os.Exit(code)
}

// signalled is why ctx was cancelled when a signal stopped talkbot.
type signalled struct{ sig os.Signal }

func (s signalled) Error() string {
	switch s.sig {
	case os.Interrupt:
		return "stopped by SIGINT (Ctrl-C)"
	case syscall.SIGTERM:
		return "stopped by SIGTERM"
	}
	return "stopped by signal " + s.sig.String()
}

// exitCode is what a shell reports for a process its signal ended: 128 plus
// the signal's number (130 for SIGINT, 143 for SIGTERM).
func (s signalled) exitCode() int {
	if n, ok := s.sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 1
}

// notifyContext is signal.NotifyContext that records which signal arrived,
// as ctx's cause. The first signal cancels ctx and starts a graceful stop;
// the default handling is then restored, so a second one ends the process
// at once.
func notifyContext(parent context.Context, sigs ...os.Signal) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	go func() {
		select {
		case sig := <-ch:
			signal.Reset(sigs...)
			cancel(signalled{sig})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}

// envLookup returns a getenv that prefers the real environment and falls back
// to the values of a .env file, which may be absent. A file that cannot be
// read is warned about and ignored; a bad line in it is an error (see
// readDotenv).
func envLookup(path string, stderr io.Writer) (func(string) string, error) {
	file, err := readDotenv(path)
	var de *dotenvError
	if errors.As(err, &de) {
		return nil, err
	}
	if err != nil {
		fmt.Fprintf(stderr, "talkbot: warning: ignoring %s: %s\n", path, textclean.Line(err.Error()))
	}
	return func(key string) string {
		if v, ok := os.LookupEnv(key); ok {
			return v
		}
		return file[key]
	}, nil
}

// usageError is a mistake in how talkbot was called or configured: exit
// status 2. It keeps the cause, so errors.Is still sees through it.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef makes a usage error; %w wraps a cause as in fmt.Errorf.
func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// asUsage marks err as a usage error.
func asUsage(err error) error { return &usageError{err} }

// app is what every subcommand shares.
type app struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	logger         *slog.Logger
	corpusDir      string
	// serving: the command is serve, whose stderr is a log; one-shot
	// commands say a problem in one plain line instead (see warn).
	serving bool
	// listsSkipped: the command (sources) lists the skipped files in its
	// output, so loading does not warn about them too: each is said once.
	listsSkipped bool

	index     *retrieval.Index     // loaded on first use
	loadedSig string               // the corpus folder's listing just before it was loaded (serve's reload compares)
	loader    *retrieval.Loader    // what loaded the corpus folder
	terms     *retrieval.TermCache // shared by the app's index builds (reloads stem only new words)
	aliases   *retrieval.Aliases   // TALKBOT_ALIASES; nil: the built-in list
}

type command func(ctx context.Context, a *app, args []string) error

// commands maps each subcommand to its function; one file per subcommand.
func commands() map[string]command {
	return map[string]command{
		"ask":      runAsk,
		"search":   runSearch,
		"sources":  runSources,
		"timeline": runTimeline,
		"serve":    runServe,
		"eval":     runEval,
		"add":      runAdd,

		"healthcheck": runHealthcheck,
	}
}

// run is main without the process: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		// No command is a usage error, as an unknown one is: a script that
		// lost its arguments should not pass. One line, as every usage
		// error: the help is one flag away.
		fmt.Fprintln(stderr, "talkbot: no command given; run talkbot --help for the commands")
		return 2
	}
	if isHelp(args[0]) {
		if len(args) == 1 || len(args) == 2 && isHelp(args[1]) {
			// talkbot help, and the help of help (talkbot help help).
			fmt.Fprint(stdout, usageText(getenv))
			return 0
		}
		// talkbot help ask, talkbot -h ask: the command's own help, as
		// talkbot ask -h gives it.
		if len(args) > 2 {
			fmt.Fprintf(stderr, "talkbot: %s takes one command, got %d words: run talkbot help COMMAND\n", args[0], len(args)-1)
			return 2
		}
		if _, ok := commands()[args[1]]; !ok {
			fmt.Fprintf(stderr, "talkbot: unknown command %q; run talkbot --help for the commands\n", textclean.Line(args[1]))
			return 2
		}
		args = []string{args[1], "-h"}
	}
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "talkbot: %s\n", flagsFirst(args))
		return 2
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "talkbot: unknown command %q; run talkbot --help for the commands\n", textclean.Line(args[0]))
		return 2
	}
	logger, err := newLogger(stderr, getenv, args[0] != "serve")
	if err != nil {
		fmt.Fprintf(stderr, "talkbot: %v\n", err)
		return 2
	}
	a := &app{stdout: stdout, stderr: stderr, getenv: getenv, logger: logger, corpusDir: getenv("CORPUS_DIR"), serving: args[0] == "serve"}
	err = cmd(ctx, a, args[1:])
	var ue *usageError
	var sig signalled
	switch {
	case err == nil:
		return 0
	case ctx.Err() != nil && errors.As(context.Cause(ctx), &sig):
		// Stopped by Ctrl-C or SIGTERM: say so once, not as a failure.
		fmt.Fprintf(stderr, "talkbot %s: %v\n", args[0], sig)
		return sig.exitCode()
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue), errors.Is(err, errCorpus):
		fmt.Fprintf(stderr, "talkbot %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "talkbot %s: %v\n", args[0], err)
		return 1
	}
}

// isHelp reports whether arg asks for help: -h, -help, --help or help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "--help" || arg == "-help" || arg == "help"
}

// flagsFirst explains a call that puts flags before the command (talkbot
// --corpus DIR ask q): each command parses its own flags. When the command
// is among the arguments it shows the call in the right order.
func flagsFirst(args []string) string {
	cmds := commands()
	for i := 0; i < len(args); i++ {
		if args[i] == "--corpus" || args[i] == "-corpus" {
			i++ // its value, which may happen to be a command's name
			continue
		}
		if _, ok := cmds[args[i]]; ok {
			fixed := append([]string{"talkbot", args[i]}, args[:i]...)
			return "flags go after the command: " + shellJoin(append(fixed, args[i+1:]...))
		}
	}
	return fmt.Sprintf("%s: flags go after the command, as in talkbot ask --corpus DIR \"question\" (see talkbot -h)", textclean.Line(args[0]))
}

// shellJoin joins args into a command line to copy, quoting for a POSIX
// shell where needed and cleaned for the terminal.
func shellJoin(args []string) string {
	quoted := make([]string, len(args))
	for i, s := range args {
		quoted[i] = s
		if s == "" || strings.ContainsFunc(s, func(r rune) bool {
			return !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_@%+=:,./-", r)))
		}) {
			quoted[i] = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return textclean.Line(strings.Join(quoted, " "))
}

// quoteArg quotes text for a command line to copy, as a person would: in
// double quotes, unless it holds what a shell reads inside them ($, `,
// \, ", !), when shellJoin quotes it.
func quoteArg(s string) string {
	if strings.ContainsAny(s, "\"$`\\!") {
		return shellJoin([]string{s})
	}
	return `"` + textclean.Line(s) + `"`
}

// usageText is the help naming the configured topic.
func usageText(getenv func(string) string) string {
	topic, err := bot.TopicFromEnv(getenv)
	if err != nil {
		topic = bot.DefaultTopic // the command that reads it reports the error
	}
	return strings.Replace(usage(), "{topic}", topic, 1)
}

// newLogger is the logger of LOG_LEVEL and LOG_FORMAT writing to w; plain
// (a one-shot command, whose stderr a person reads) writes each record as
// one plain line instead of a log record (see plainHandler).
func newLogger(w io.Writer, getenv func(string) string, plain bool) (*slog.Logger, error) {
	var level slog.Level
	if v := getenv("LOG_LEVEL"); v != "" {
		if err := level.UnmarshalText([]byte(v)); err != nil {
			return nil, fmt.Errorf("LOG_LEVEL %q: want debug, info, warn or error", v)
		}
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	switch f := strings.ToLower(getenv("LOG_FORMAT")); f {
	case "", "text":
		h = slog.NewTextHandler(w, opts)
	case "json":
		h = slog.NewJSONHandler(w, opts)
	default:
		return nil, fmt.Errorf("LOG_FORMAT %q: want text or json", f)
	}
	if plain {
		h = newPlainHandler(w, level)
	}
	return slog.New(h), nil
}

// errCorpus marks a corpus that cannot be used at all: exit status 2.
var errCorpus = errors.New("cannot load articles")

// loadIndex loads the corpus (the embedded seeds unless a folder is set) and
// indexes it, once. Skipped files are warned about, one line each.
func (a *app) loadIndex(ctx context.Context) (*retrieval.Index, error) {
	ix, _, err := a.loadCorpus(ctx)
	return ix, err
}

// loadCorpus is loadIndex that, for a folder read without any article
// loading (an error wrapping retrieval.ErrNoArticles), also returns what
// was read: no article, but the files skipped and why.
func (a *app) loadCorpus(ctx context.Context) (ix *retrieval.Index, noArticle *retrieval.Corpus, err error) {
	if a.index != nil {
		return a.index, nil, nil
	}
	if err := a.loadAliases(); err != nil {
		return nil, nil, asUsage(err)
	}
	var c *retrieval.Corpus
	if a.corpusDir != "" {
		a.loadedSig = folderSignature(a.corpusDir)
		a.loader = retrieval.NewLoader(a.corpusDir) // serve's reloads reuse what it parsed
		c, err = a.loader.LoadContext(ctx)
	} else {
		c, err = retrieval.LoadContext(ctx, seeds.FS())
	}
	if err != nil && ctx.Err() != nil {
		return nil, nil, err // interrupted: nothing to warn about
	}
	if c != nil && !a.listsSkipped {
		for _, s := range c.Skipped {
			if a.serving {
				a.logger.Warn("skipped article file", "file", s.File, "reason", s.Reason)
			} else {
				a.warn(ctx, "skipped "+s.File+": "+s.Reason)
			}
		}
	}
	if err != nil {
		if errors.Is(err, retrieval.ErrNoArticles) {
			noArticle = c
		}
		err = fmt.Errorf("%w: %w", errCorpus, err)
		if err := a.checkCorpusFolder(false); err != nil {
			return nil, nil, err
		}
		if a.corpusDir != "" && !a.serving {
			// Say what to do next (serve says it its own way: it may
			// also fill the folder from feeds).
			add := a.addHint()
			skipped := "fix the files skipped above"
			if a.listsSkipped {
				skipped = "fix the files listed as skipped"
			}
			switch {
			case errors.Is(err, fs.ErrNotExist):
				msg := fmt.Sprintf("corpus folder %s does not exist: create it with %s%s", textclean.Line(a.corpusDir), add, a.builtInHint())
				err = reworded{msg, err}
			case noArticle != nil && len(noArticle.Skipped) > 0:
				err = fmt.Errorf("%w; %s, or add articles with %s%s", err, skipped, add, a.builtInHint())
			case noArticle != nil:
				err = fmt.Errorf("%w; add articles with %s%s", err, add, a.builtInHint())
			}
		}
		return nil, noArticle, err
	}
	if a.index, err = retrieval.NewIndexContext(ctx, c, a.indexParams()); err != nil {
		return nil, nil, err
	}
	return a.index, nil, nil
}

// corpusFromEnv reports whether the corpus folder is CORPUS_DIR's rather
// than --corpus's, so a message names the setting the user has to change.
func (a *app) corpusFromEnv() bool {
	return a.corpusDir != "" && a.getenv("CORPUS_DIR") == a.corpusDir
}

// builtInHint is the way back to the built-in articles that a message
// about CORPUS_DIR's folder ends with; "" for --corpus, given on purpose.
func (a *app) builtInHint() string {
	if a.corpusFromEnv() {
		return ", or unset CORPUS_DIR to answer from the built-in articles"
	}
	return ""
}

// corpusSetting names where the corpus folder was given: CORPUS_DIR or
// --corpus.
func (a *app) corpusSetting() string {
	if a.corpusFromEnv() {
		return "CORPUS_DIR"
	}
	return "--corpus"
}

// addHint is the command that fills the corpus folder, to copy.
func (a *app) addHint() string {
	return shellJoin([]string{"talkbot", "add", "--corpus", a.corpusDir}) + " URL|FILE..."
}

// checkCorpusFolder refuses a corpus path that names a file (say an
// article given as --corpus article.txt), saying what the setting wants:
// exit status 2. A missing folder is not its concern: add makes it, and
// the other commands say how to fill it. adding: the command writes to
// the folder (add), rather than reading it.
func (a *app) checkCorpusFolder(adding bool) error {
	if a.corpusDir == "" {
		return nil
	}
	st, err := os.Stat(a.corpusDir)
	what := textclean.Line(a.corpusDir)
	if errors.Is(err, syscall.ENOTDIR) {
		// A file above it: "news.txt/sub". Name that file.
		for dir := filepath.Dir(a.corpusDir); ; dir = filepath.Dir(dir) {
			if st, err = os.Stat(dir); err == nil || dir == filepath.Dir(dir) {
				what += ": " + textclean.Line(dir)
				break
			}
		}
	}
	if err != nil || st.IsDir() {
		return nil
	}
	msg := fmt.Sprintf("%s %s is a file, not a folder: ", a.corpusSetting(), what)
	switch {
	case adding:
		msg += "give the folder to add articles to (it is made when missing)"
	case a.corpusFromEnv():
		msg += "set it to the folder that holds the article files (*.txt), or unset it to answer from the built-in articles"
	default:
		msg += "give the folder that holds the article files (*.txt)"
	}
	return reworded{msg, errCorpus}
}

// warn says a problem that did not stop a one-shot command in one plain
// line on stderr, "talkbot: skipped x.txt: article has no text", unless
// LOG_LEVEL is above warn. (serve logs its problems with slog instead.)
func (a *app) warn(ctx context.Context, line string) {
	if a.logger.Enabled(ctx, slog.LevelWarn) {
		fmt.Fprintf(a.stderr, "talkbot: %s\n", textclean.Line(line))
	}
}

// indexParams are the parameters of every index the app builds: the
// defaults, with one term cache across builds, so that a reload stems only
// the words of new articles.
func (a *app) indexParams() retrieval.Params {
	if a.terms == nil {
		a.terms = &retrieval.TermCache{}
	}
	p := retrieval.DefaultParams()
	p.Terms = a.terms
	p.Aliases = a.aliases
	return p
}

// loadAliases reads TALKBOT_ALIASES, a file of spelling aliases that
// replaces the built-in list (see retrieval/aliases.txt).
func (a *app) loadAliases() error {
	path := a.getenv("TALKBOT_ALIASES")
	if path == "" || a.aliases != nil {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("TALKBOT_ALIASES: %w", err)
	}
	defer f.Close()
	if a.aliases, err = retrieval.ParseAliases(f); err != nil {
		return fmt.Errorf("TALKBOT_ALIASES: %s: %w", path, err)
	}
	return nil
}

// flags returns a flag set with the options every command shares.
func (a *app) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// Errors are reported once, as one line, by run; -h prints the options.
	fs.SetOutput(io.Discard)
	what := "read articles from the folder `DIR` instead of the built-in ones (env CORPUS_DIR)"
	switch name {
	case "add":
		what = "add the articles to the folder `DIR`, made when missing (env CORPUS_DIR)"
	case "ask", "serve":
		// The answers name the subject: the built-in one unless told.
		what += "; for articles on another subject, set TALKBOT_TOPIC to it too"
	}
	fs.StringVar(&a.corpusDir, "corpus", a.corpusDir, what)
	return fs
}

// commandHelp is a command's synopsis, with the arguments its options
// cannot show, and what it does (commandDocs); see printHelp.
func commandHelp(name string) (synopsis, about string) {
	for _, c := range commandDocs() {
		if c.name == name {
			return c.synopsis, c.about
		}
	}
	return "talkbot " + name, ""
}

// printHelp is a command's -h: its usage line, what it does and its
// options, on stdout (asked for, so not an error).
func (a *app) printHelp(fs *flag.FlagSet) {
	synopsis, about := commandHelp(fs.Name())
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s\n", synopsis)
	if about != "" {
		fmt.Fprintf(&b, "\n%s\n", about)
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		b.WriteString("\nIt takes no options.\n")
	} else {
		b.WriteString("\nOptions:\n")
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	io.WriteString(a.stdout, b.String())
}

// parse parses flags wherever they stand among the arguments, so
// `talkbot ask "q" --json` works as well as `talkbot ask --json "q"`, and
// returns the positional arguments. A bare "--" ends the flags.
func (a *app) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := a.parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if f := fs.Lookup("corpus"); f != nil && flagSet(fs, "corpus") && strings.TrimSpace(f.Value.String()) == "" {
		// Most likely an unset variable in a script (--corpus "$DIR"):
		// answering from the built-in articles instead would hide it.
		return nil, usagef("--corpus is empty: give the folder of articles, or leave --corpus out to use CORPUS_DIR or the built-in articles")
	}
	return pos, nil
}

func (a *app) parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	all := args
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				a.printHelp(fs)
				return nil, err
			}
			if err := dashText(fs.Name(), err, all); err != nil {
				return nil, err
			}
			if name, ok := strings.CutPrefix(err.Error(), "flag needs an argument: -"); ok && fs.Lookup(name) != nil {
				// The flag package's "-date" and no word of what it
				// wants: say the value's form, as -h shows it.
				dashes := "--"
				if len(name) == 1 {
					dashes = "-"
				}
				form, _ := flag.UnquoteUsage(fs.Lookup(name))
				return nil, usagef("%s%s needs a value: %s%s %s (see talkbot %s -h)", dashes, name, dashes, name, form, fs.Name())
			}
			return nil, usagef("%v (see talkbot %s -h)", err, fs.Name())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// textArgs names what the positional words of a command are, for the
// commands whose words are text: a question may start with "-".
var textArgs = map[string]string{"ask": "question", "search": "query"}

// dashText explains the flag package's error for ask's or search's text
// that starts with "-" (talkbot ask "-20 percent of territory?" is an
// unknown flag): put -- before it, shown in the call to copy. An unknown
// flag that reads as one (--nope) gets the same advice after the usual
// message. nil when err is of another kind or command.
func dashText(cmd string, err error, args []string) error {
	what, ok := textArgs[cmd]
	if !ok {
		return nil
	}
	msg := err.Error()
	name, undefined := strings.CutPrefix(msg, "flag provided but not defined: -")
	bad, badSyntax := strings.CutPrefix(msg, "bad flag syntax: ")
	i := slices.IndexFunc(args, func(arg string) bool {
		if badSyntax {
			return arg == bad
		}
		for _, dashes := range []string{"-", "--"} {
			if arg == dashes+name || strings.HasPrefix(arg, dashes+name+"=") {
				return true
			}
		}
		return false
	})
	if !undefined && !badSyntax || i < 0 {
		return nil
	}
	advice := fmt.Sprintf(`put -- before a %s that starts with "-"`, what)
	word := strings.TrimLeft(args[i], "-")
	word, _, _ = strings.Cut(word, "=")
	if undefined && word != "" && !strings.ContainsFunc(word, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_')
	}) && !unicode.IsDigit(rune(word[0])) {
		// Reads as a flag mistyped: the usual message, and the advice.
		return usagef("%s (see talkbot %s -h; %s)", textclean.Line(msg), cmd, advice)
	}
	call := append([]string{"talkbot", cmd}, args[:i]...)
	call = append(append(call, "--"), args[i:]...)
	return usagef("%s is not an option: %s: %s", quoteArg(args[i]), advice, shellJoin(call))
}
