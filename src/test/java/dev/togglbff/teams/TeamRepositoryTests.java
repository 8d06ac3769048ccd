package dev.togglbff.teams;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.togglbff.support.PostgresTestConfiguration;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code teams} and {@code team_members} tables on the tests' PostgreSQL, without the web
 * layer: memberships as the team guard sees them, and that a committed change counts for the very
 * next lookup, even when another lookup read the old rows while the change was under way.
 */
@JdbcTest(properties = "spring.datasource.hikari.maximum-pool-size=4")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({ PostgresTestConfiguration.class, TeamRepository.class })
@EnableConfigurationProperties(TeamsProperties.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class TeamRepositoryTests {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Autowired
    TeamRepository teams;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aMemberSeesTheTeamWithTheirRoleAndOthersSeeNothing() {
        Team team = team(900L);
        UUID owner = user();
        UUID stranger = user();
        teams.addMember(team.id(), owner, TeamRole.OWNER, NOW);

        assertThat(teams.membership(team.id(), owner)).hasValueSatisfying(membership -> {
            assertThat(membership.team()).isEqualTo(team);
            assertThat(membership.role()).isEqualTo(TeamRole.OWNER);
        });
        assertThat(teams.membership(team.id(), stranger)).isEmpty();
        assertThat(teams.membershipsOf(owner)).extracting(TeamRepository.Membership::team).containsExactly(team);
        assertThat(teams.roleOf(team.id(), stranger)).isNull();
    }

    @Test
    void changesCountForTheNextLookup() {
        Team team = team(null);
        UUID owner = user();
        UUID member = user();
        teams.addMember(team.id(), owner, TeamRole.OWNER, NOW);
        assertThat(teams.membership(team.id(), member)).isEmpty();

        teams.addMember(team.id(), member, TeamRole.MEMBER, NOW);
        assertThat(teams.membership(team.id(), member)).map(TeamRepository.Membership::role).contains(TeamRole.MEMBER);

        teams.changeRole(team.id(), member, TeamRole.ADMIN);
        assertThat(teams.membership(team.id(), member)).map(TeamRepository.Membership::role).contains(TeamRole.ADMIN);

        teams.rename(team.id(), "Renamed", NOW.plusSeconds(1));
        assertThat(teams.membership(team.id(), owner)).map(m -> m.team().name()).contains("Renamed");

        teams.removeMember(team.id(), member);
        assertThat(teams.membership(team.id(), member)).isEmpty();

        teams.delete(team.id());
        assertThat(teams.membership(team.id(), owner)).isEmpty();
    }

    @Test
    void aRemovalCountsAtOnceEvenForALookupThatRacedWithIt() throws Exception {
        Team team = team(900L);
        UUID owner = user();
        UUID leaving = user();
        teams.addMember(team.id(), owner, TeamRole.OWNER, NOW);
        teams.addMember(team.id(), leaving, TeamRole.MEMBER, NOW);
        assertThat(teams.membership(team.id(), leaving)).isPresent();

        transactions.executeWithoutResult(status -> {
            teams.removeMember(team.id(), leaving);
            // A team request of the leaving member, served while the removal is not yet committed,
            // still reads the committed rows: the member is still there.
            var racing = CompletableFuture.supplyAsync(() -> teams.membership(team.id(), leaving));
            assertThat(racing.orTimeout(10, TimeUnit.SECONDS).join()).isPresent();
        });

        assertThat(teams.membership(team.id(), leaving)).as("the first lookup after the removal committed")
            .isEmpty();
        assertThat(teams.membership(team.id(), owner)).isPresent();
    }

    @Test
    void aRolledBackChangeLeavesTheMembershipAsItWas() {
        Team team = team(null);
        UUID owner = user();
        UUID member = user();
        teams.addMember(team.id(), owner, TeamRole.OWNER, NOW);
        teams.addMember(team.id(), member, TeamRole.ADMIN, NOW);
        assertThat(teams.membership(team.id(), member)).isPresent();

        transactions.executeWithoutResult(status -> {
            teams.removeMember(team.id(), member);
            status.setRollbackOnly();
        });

        assertThat(teams.membership(team.id(), member)).map(TeamRepository.Membership::role).contains(TeamRole.ADMIN);
    }

    private Team team(Long organizationId) {
        Team team = new Team(UUID.randomUUID(), TestUsers.uniqueName("team"), 21180405L, "Workspace", organizationId,
                NOW, NOW);
        teams.insert(team);
        return team;
    }

    private UUID user() {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO users (id, username, display_name, created_at, updated_at) "
                + "VALUES (:id, :username, 'Test user', :now, :now)")
            .param("id", id)
            .param("username", TestUsers.uniqueName("member"))
            .param("now", Timestamp.from(NOW))
            .update();
        return id;
    }
}
