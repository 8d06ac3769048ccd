package dev.togglbff.teams;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.togglbff.shared.SharedState;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.event.TransactionalEventListener;

/** The {@code teams} and {@code team_members} tables. */
@Repository
class TeamRepository {

    private static final String TEAM_COLUMNS = "t.id, t.name, t.workspace_id, t.workspace_name, t.organization_id, "
            + "t.created_at, t.updated_at";

    /** A team seen by one of its members. */
    record Membership(Team team, TeamRole role) {
    }

    /** One member of a team. */
    record Member(UUID userId, TeamRole role, Instant joinedAt) {
    }

    private record MembershipKey(UUID teamId, UUID userId) {
    }

    /** A membership as loaded while {@code generation} was current. */
    private record Memo(long generation, Optional<Membership> membership) {
    }

    private final JdbcClient jdbc;
    /**
     * Memberships as the team guard reads them on every team request; forgotten once a change has
     * committed. A memo counts only while the generation it was loaded in is current: every
     * committed change starts a new one, so a lookup that read the old rows while the change was
     * under way cannot leave them behind. In shared-state mode none are remembered: a change on
     * another instance must count at once, and PostgreSQL, which every instance shares, answers the
     * guard's one indexed query.
     */
    private final Cache<MembershipKey, Memo> memberships;
    private final AtomicLong generation = new AtomicLong();
    private final boolean remember;
    private final ApplicationEventPublisher events;

    TeamRepository(JdbcClient jdbc, TeamsProperties properties, ObjectProvider<SharedState> shared,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.remember = shared.getIfAvailable() == null;
        this.memberships = Caffeine.newBuilder()
            .expireAfterWrite(properties.membershipTtl())
            .maximumSize(properties.membershipEntries())
            .build();
    }

    /** Announces a change of the team's memberships; it is forgotten once the change commits. */
    private void changed(UUID teamId) {
        events.publishEvent(new MembershipChanged(teamId));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void forget(MembershipChanged change) {
        generation.incrementAndGet();
        memberships.asMap().keySet().removeIf(key -> key.teamId().equals(change.teamId()));
    }

    void insert(Team team) {
        jdbc.sql("INSERT INTO teams (id, name, workspace_id, workspace_name, organization_id, created_at, updated_at) "
                + "VALUES (:id, :name, :workspaceId, :workspaceName, :organizationId, :createdAt, :updatedAt)")
            .param("id", team.id())
            .param("name", team.name())
            .param("workspaceId", team.workspaceId())
            .param("workspaceName", team.workspaceName())
            .param("organizationId", team.organizationId())
            .param("createdAt", Timestamp.from(team.createdAt()))
            .param("updatedAt", Timestamp.from(team.updatedAt()))
            .update();
    }

    void rename(UUID teamId, String name, Instant now) {
        jdbc.sql("UPDATE teams SET name = :name, updated_at = :now WHERE id = :id")
            .param("name", name)
            .param("now", Timestamp.from(now))
            .param("id", teamId)
            .update();
        changed(teamId);
    }

    void delete(UUID teamId) {
        jdbc.sql("DELETE FROM teams WHERE id = :id").param("id", teamId).update();
        changed(teamId);
    }

    Optional<Membership> membership(UUID teamId, UUID userId) {
        if (!remember) {
            return loadMembership(teamId, userId);
        }
        MembershipKey key = new MembershipKey(teamId, userId);
        long current = generation.get();
        Memo memo = memberships.getIfPresent(key);
        if (memo != null && memo.generation() == current) {
            return memo.membership();
        }
        Optional<Membership> loaded = loadMembership(teamId, userId);
        memberships.put(key, new Memo(current, loaded));
        return loaded;
    }

    private Optional<Membership> loadMembership(UUID teamId, UUID userId) {
        return jdbc.sql("SELECT " + TEAM_COLUMNS + ", m.role FROM teams t JOIN team_members m ON m.team_id = t.id "
                + "WHERE t.id = :team AND m.user_id = :user")
            .param("team", teamId)
            .param("user", userId)
            .query((rs, n) -> new Membership(team(rs), TeamRole.valueOf(rs.getString("role"))))
            .optional();
    }

    List<Membership> membershipsOf(UUID userId) {
        return jdbc.sql("SELECT " + TEAM_COLUMNS + ", m.role FROM teams t JOIN team_members m ON m.team_id = t.id "
                + "WHERE m.user_id = :user ORDER BY t.created_at, t.id")
            .param("user", userId)
            .query((rs, n) -> new Membership(team(rs), TeamRole.valueOf(rs.getString("role"))))
            .list();
    }

    List<Member> members(UUID teamId) {
        return jdbc.sql("SELECT user_id, role, joined_at FROM team_members WHERE team_id = :team ORDER BY joined_at, user_id")
            .param("team", teamId)
            .query((rs, n) -> new Member(rs.getObject("user_id", UUID.class), TeamRole.valueOf(rs.getString("role")),
                    rs.getTimestamp("joined_at").toInstant()))
            .list();
    }

    void addMember(UUID teamId, UUID userId, TeamRole role, Instant now) {
        jdbc.sql("INSERT INTO team_members (team_id, user_id, role, joined_at) VALUES (:team, :user, :role, :now)")
            .param("team", teamId)
            .param("user", userId)
            .param("role", role.name())
            .param("now", Timestamp.from(now))
            .update();
        changed(teamId);
    }

    @Nullable TeamRole roleOf(UUID teamId, UUID userId) {
        return jdbc.sql("SELECT role FROM team_members WHERE team_id = :team AND user_id = :user")
            .param("team", teamId)
            .param("user", userId)
            .query((rs, n) -> TeamRole.valueOf(rs.getString("role")))
            .optional()
            .orElse(null);
    }

    void changeRole(UUID teamId, UUID userId, TeamRole role) {
        jdbc.sql("UPDATE team_members SET role = :role WHERE team_id = :team AND user_id = :user")
            .param("role", role.name())
            .param("team", teamId)
            .param("user", userId)
            .update();
        changed(teamId);
    }

    void removeMember(UUID teamId, UUID userId) {
        jdbc.sql("DELETE FROM team_members WHERE team_id = :team AND user_id = :user")
            .param("team", teamId)
            .param("user", userId)
            .update();
        changed(teamId);
    }

    /** Locks the team's owner rows and counts them, so that two demotions cannot both pass. */
    int lockAndCountOwners(UUID teamId) {
        return jdbc.sql("SELECT user_id FROM team_members WHERE team_id = :team AND role = 'OWNER' FOR UPDATE")
            .param("team", teamId)
            .query((rs, n) -> rs.getObject(1, UUID.class))
            .list()
            .size();
    }

    private static Team team(ResultSet rs) throws SQLException {
        long organization = rs.getLong("organization_id");
        Long organizationId = rs.wasNull() ? null : organization;
        return new Team(rs.getObject("id", UUID.class), rs.getString("name"), rs.getLong("workspace_id"),
                rs.getString("workspace_name"), organizationId, rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
