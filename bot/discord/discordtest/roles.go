package discordtest

import (
	"net/http"
	"regexp"

	"github.com/bwmarrin/discordgo"
)

var reGuildRoles = regexp.MustCompile(`^/guilds/([^/]+)/roles$`)

// SetRoles sets the roles of a guild, as GET /guilds/{id}/roles returns
// them.
func (s *Server) SetRoles(guildID string, roles ...*discordgo.Role) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.roles == nil {
		s.roles = map[string][]*discordgo.Role{}
	}
	s.roles[guildID] = roles
}

func (s *Server) guildRoles(w http.ResponseWriter, guildID string) int {
	s.mu.Lock()
	roles, ok := s.roles[guildID]
	s.mu.Unlock()
	if !ok {
		return apiError(w, http.StatusNotFound, 10004, "Unknown Guild")
	}
	return writeJSON(w, 200, roles)
}
