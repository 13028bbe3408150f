package discordtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes).
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opResume         = 6
	opReconnect      = 7
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11
)

type payload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

type dispatch struct {
	seq  int64
	typ  string
	data json.RawMessage
	sent func() // called once written to a live connection, or nil
}

// gatewayConn is one websocket connection; writes are serialised.
type gatewayConn struct {
	conn  *websocket.Conn
	wmu   sync.Mutex
	ready bool // READY or RESUMED sent; guarded by Server.mu
}

func (c *gatewayConn) write(p payload) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.conn.WriteJSON(p)
}

func (s *Server) gatewayURL() string {
	return "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway-ws/"
}

// serveGateway runs one gateway connection: HELLO, then IDENTIFY or RESUME,
// then heartbeats until the connection drops.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("v") != discordgo.APIVersion || r.URL.Query().Get("encoding") != "json" {
		s.violate("gateway connect without v=%s&encoding=json: %s", discordgo.APIVersion, r.URL.RawQuery)
	}
	ws, err := s.upg.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gatewayConn{conn: ws}
	defer ws.Close()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.gwConns++
	s.notifyLocked()
	s.mu.Unlock()

	hello, _ := json.Marshal(map[string]any{"heartbeat_interval": s.hb.Milliseconds()})
	if c.write(payload{Op: opHello, D: hello}) != nil {
		return
	}
	for {
		var p payload
		ws.SetReadDeadline(time.Now().Add(2*s.hb + 10*time.Second))
		if err := ws.ReadJSON(&p); err != nil {
			s.mu.Lock()
			if s.gw == c {
				s.gw = nil
				s.notifyLocked()
			}
			s.mu.Unlock()
			return
		}
		switch p.Op {
		case opHeartbeat:
			s.mu.Lock()
			s.heartbeats++
			s.notifyLocked()
			s.mu.Unlock()
			if c.write(payload{Op: opHeartbeatACK}) != nil {
				return
			}
		case opIdentify:
			var id struct {
				Token   string  `json:"token"`
				Intents int     `json:"intents"`
				Shard   *[2]int `json:"shard"`
			}
			json.Unmarshal(p.D, &id)
			s.recordShard(id.Shard)
			if id.Token != "Bot "+s.Token {
				s.violate("IDENTIFY with a wrong token")
				ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."), time.Now().Add(time.Second))
				return
			}
			if s.refuse {
				c.wmu.Lock()
				ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4014, "Disallowed intent(s)."), time.Now().Add(time.Second))
				c.wmu.Unlock()
				return
			}
			if !s.identify(c, discordgo.Intent(id.Intents)) {
				return
			}
		case opResume:
			var rs struct {
				Token     string `json:"token"`
				SessionID string `json:"session_id"`
				Seq       int64  `json:"seq"`
			}
			json.Unmarshal(p.D, &rs)
			if rs.Token != "Bot "+s.Token {
				s.violate("RESUME with a wrong token")
				return
			}
			if !s.resume(c, rs.SessionID, rs.Seq) {
				return
			}
		default:
			s.violate("unexpected gateway opcode %d from the bot", p.Op)
		}
	}
}

// identify starts a fresh session: a new session id, sequence from zero,
// nothing of the old session replayed (as Discord does).
func (s *Server) identify(c *gatewayConn, intents discordgo.Intent) bool {
	s.mu.Lock()
	if intents&discordgo.IntentMessageContent == 0 || intents&discordgo.IntentGuildMessages == 0 {
		s.violateLocked("IDENTIFY without the guild messages and message content intents (%d)", intents)
	}
	s.identifies++
	s.sessionID = s.newIDLocked()
	s.seq = 1
	s.history = nil
	ready, _ := json.Marshal(map[string]any{
		"v":                  10,
		"session_id":         s.sessionID,
		"resume_gateway_url": s.gatewayURL(),
		"user":               map[string]any{"id": s.BotID, "username": "talkbot", "discriminator": "0", "bot": true},
		"application":        map[string]any{"id": s.AppID, "flags": 0},
		"guilds":             []any{},
		"private_channels":   []any{},
	})
	seq := s.seq
	s.gw = c
	// Hold the connection's write lock before publishing it so no dispatch
	// can overtake READY.
	c.wmu.Lock()
	c.ready = true
	s.notifyLocked()
	s.mu.Unlock()
	c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	err := c.conn.WriteJSON(payload{Op: opDispatch, T: "READY", S: &seq, D: ready})
	c.wmu.Unlock()
	return err == nil
}

// resume replays the dispatches after seq, then RESUMED; an unknown session
// gets INVALID_SESSION (not resumable).
func (s *Server) resume(c *gatewayConn, sessionID string, seq int64) bool {
	s.mu.Lock()
	if sessionID == "" || sessionID != s.sessionID {
		s.mu.Unlock()
		f, _ := json.Marshal(false)
		return c.write(payload{Op: opInvalidSession, D: f}) == nil
	}
	s.resumes++
	var replay []dispatch
	for _, d := range s.history {
		if d.seq > seq {
			replay = append(replay, d)
		}
	}
	s.seq++
	resumedSeq := s.seq
	s.history = append(s.history, dispatch{seq: resumedSeq, typ: "RESUMED", data: json.RawMessage("{}")})
	s.gw = c
	c.wmu.Lock()
	c.ready = true
	s.notifyLocked()
	s.mu.Unlock()
	defer c.wmu.Unlock()
	for _, d := range replay {
		sq := d.seq
		c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
		if c.conn.WriteJSON(payload{Op: opDispatch, T: d.typ, S: &sq, D: d.data}) != nil {
			return false
		}
		if d.sent != nil {
			d.sent()
		}
	}
	c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.conn.WriteJSON(payload{Op: opDispatch, T: "RESUMED", S: &resumedSeq, D: json.RawMessage("{}")}) == nil
}

// dispatch sends an event to the live session, or keeps it for the session's
// RESUME when the connection is down. sent, if not nil, runs once the event
// has been written.
func (s *Server) dispatch(typ string, data any, sent func()) {
	raw, err := json.Marshal(data)
	if err != nil {
		s.tb.Fatalf("discordtest: encode %s: %v", typ, err)
	}
	// One dispatch at a time, so events reach the client in sequence order
	// as they do from Discord (the client keeps the last sequence it saw).
	s.dmu.Lock()
	defer s.dmu.Unlock()
	s.mu.Lock()
	s.seq++
	d := dispatch{seq: s.seq, typ: typ, data: raw, sent: sent}
	s.history = append(s.history, d)
	c := s.gw
	s.mu.Unlock()
	if c == nil {
		return // delivered on RESUME
	}
	sq := d.seq
	if c.write(payload{Op: opDispatch, T: typ, S: &sq, D: raw}) == nil && sent != nil {
		sent()
	}
}

// DropGateway closes the live gateway connection abruptly (no close frame),
// as a network failure would. The session stays resumable.
func (s *Server) DropGateway() {
	s.mu.Lock()
	c := s.gw
	s.gw = nil
	s.notifyLocked()
	s.mu.Unlock()
	if c != nil {
		c.conn.UnderlyingConn().Close()
	}
}
