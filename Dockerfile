# talkbot: a static binary with the seed articles built in, run as non-root.
#   docker build -t talkbot .
#   docker run --rm talkbot ask "When will Trump and Putin meet?"
# compose.yaml runs the bot at scale (HTTP replicas, a gateway, Redis).

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Fonts for the Chinese, Japanese and Korean text of timeline pictures:
# the runtime image gets only the two font files and their licences. Before
# any source is copied, so a code change does not fetch them again.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-droid-fallback fonts-nanum >/dev/null \
 && rm -rf /var/lib/apt/lists/*
# Dependencies first: this layer is cached until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO_ENABLED=0: a static binary that runs on an image without a C library.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/talkbot ./cmd/talkbot

# distroless/static: CA certificates (for Discord and the LLM API over TLS),
# time zones, /etc/passwd with the nonroot user, and nothing else: no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/talkbot /usr/local/bin/talkbot
COPY --from=build /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf /usr/share/fonts/truetype/droid/
COPY --from=build /usr/share/doc/fonts-droid-fallback/copyright /usr/share/doc/fonts-droid-fallback/
COPY --from=build /usr/share/fonts/truetype/nanum/NanumGothic.ttf /usr/share/fonts/truetype/nanum/
COPY --from=build /usr/share/doc/fonts-nanum/copyright /usr/share/doc/fonts-nanum/
# The seed articles, as the starting content of a corpus volume: Docker
# copies an image's files into an empty named volume mounted over them, so
# every process of compose.yaml starts from the same articles, and articles
# added later (talkbot add, feeds) are seen by all of them.
COPY --chown=nonroot:nonroot seeds/*.txt /corpus/
ENV CORPUS_DIR=/corpus
USER nonroot:nonroot
EXPOSE 8080
# Ready when serve's /readyz says so, on TALKBOT_HTTP_ADDR or
# TALKBOT_METRICS_ADDR (set one of them; without, the container shows as
# unhealthy). No shell here: talkbot asks itself.
HEALTHCHECK --interval=15s --timeout=6s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/talkbot", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/talkbot"]
CMD ["serve"]
