package dev.togglbff.teams;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.togglbff.auth.UserDirectory;
import dev.togglbff.auth.UserDirectory.UserSummary;
import dev.togglbff.teams.TeamsApi.MemberResponse;
import dev.togglbff.teams.TeamsApi.TeamResponse;
import dev.togglbff.upstream.MatonCredentials;
import dev.togglbff.upstream.TogglClient;
import dev.togglbff.upstream.TogglWorkspace;
import dev.togglbff.vault.KeyVault;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/** Teams and their members, with the role rules of the API. */
@Service
class TeamService {

    private static final Logger log = LoggerFactory.getLogger(TeamService.class);

    private final TeamRepository teams;
    private final UserDirectory users;
    private final KeyVault vault;
    private final TogglClient toggl;
    private final Clock clock;
    private final TransactionOperations transactions;

    TeamService(TeamRepository teams, UserDirectory users, KeyVault vault, TogglClient toggl, Clock clock,
            TransactionOperations transactions) {
        this.teams = teams;
        this.users = users;
        this.vault = vault;
        this.toggl = toggl;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** Creates a team on a workspace the caller's own Maton key can see; the caller becomes its owner. */
    TeamResponse create(UUID callerId, String name, long workspaceId) {
        MatonCredentials credentials = vault.requireCredentials(callerId);
        TogglWorkspace workspace = toggl.workspaces(credentials)
            .stream()
            .filter(candidate -> candidate.id() == workspaceId)
            .findFirst()
            .orElseThrow(() -> new ApiException(ErrorCode.WORKSPACE_NOT_ACCESSIBLE,
                    "The caller's Toggl account cannot see workspace " + workspaceId + "."));
        Instant now = clock.instant();
        Team team = new Team(UUID.randomUUID(), name.strip(), workspace.id(),
                workspace.name() != null ? workspace.name() : "Workspace " + workspace.id(), workspace.organizationId(),
                now, now);
        // The upstream check above runs outside the transaction; only the two inserts are in it.
        transactions.executeWithoutResult(status -> {
            teams.insert(team);
            teams.addMember(team.id(), callerId, TeamRole.OWNER, now);
        });
        log.info("User {} created team {} on workspace {}", callerId, team.id(), workspaceId);
        return TeamResponse.of(team, TeamRole.OWNER);
    }

    List<TeamResponse> teamsOf(UUID userId) {
        return teams.membershipsOf(userId).stream().map(m -> TeamResponse.of(m.team(), m.role())).toList();
    }

    TeamResponse get(TeamAccess access) {
        return teams.membership(access.teamId(), access.userId())
            .map(m -> TeamResponse.of(m.team(), m.role()))
            .orElseThrow(TeamGuard::notFound);
    }

    TeamResponse rename(TeamAccess access, String name) {
        teams.rename(access.teamId(), name.strip(), clock.instant());
        return get(access);
    }

    void delete(TeamAccess access) {
        teams.delete(access.teamId());
        log.info("User {} deleted team {}", access.userId(), access.teamId());
    }

    List<MemberResponse> members(TeamAccess access) {
        List<TeamRepository.Member> members = teams.members(access.teamId());
        Map<UUID, UserSummary> summaries = users.findAll(members.stream().map(TeamRepository.Member::userId).toList());
        return members.stream()
            .filter(member -> summaries.containsKey(member.userId()))
            .map(member -> {
                UserSummary user = summaries.get(member.userId());
                return new MemberResponse(user.id(), user.username(), user.displayName(), member.role(),
                        vault.status(user.id()).isPresent());
            })
            .toList();
    }

    @Transactional
    MemberResponse addMember(TeamAccess access, String username, TeamRole role) {
        if (role == TeamRole.OWNER && access.role() != TeamRole.OWNER) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only an owner can make someone an owner.");
        }
        UserSummary user = users.findByUsername(username)
            .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No user named '" + username.strip() + "'."));
        if (teams.roleOf(access.teamId(), user.id()) != null) {
            throw alreadyMember();
        }
        try {
            teams.addMember(access.teamId(), user.id(), role, clock.instant());
        }
        catch (DuplicateKeyException ex) {
            throw alreadyMember();
        }
        return new MemberResponse(user.id(), user.username(), user.displayName(), role,
                vault.status(user.id()).isPresent());
    }

    @Transactional
    MemberResponse changeRole(TeamAccess access, UUID userId, TeamRole role) {
        TeamRole current = requireMember(access, userId);
        if ((current == TeamRole.OWNER || role == TeamRole.OWNER) && access.role() != TeamRole.OWNER) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only an owner can give or take the owner role.");
        }
        if (current == TeamRole.OWNER && role != TeamRole.OWNER) {
            requireAnotherOwner(access.teamId());
        }
        teams.changeRole(access.teamId(), userId, role);
        UserSummary user = users.findById(userId).orElseThrow(TeamService::noSuchMember);
        return new MemberResponse(user.id(), user.username(), user.displayName(), role,
                vault.status(user.id()).isPresent());
    }

    @Transactional
    void removeMember(TeamAccess access, UUID userId) {
        boolean self = access.userId().equals(userId);
        if (!self && !access.role().atLeast(TeamRole.ADMIN)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Members can only remove themselves.");
        }
        TeamRole current = requireMember(access, userId);
        if (current == TeamRole.OWNER) {
            if (!self && access.role() != TeamRole.OWNER) {
                throw new ApiException(ErrorCode.FORBIDDEN, "Only an owner can remove an owner.");
            }
            requireAnotherOwner(access.teamId());
        }
        teams.removeMember(access.teamId(), userId);
    }

    private TeamRole requireMember(TeamAccess access, UUID userId) {
        TeamRole role = teams.roleOf(access.teamId(), userId);
        if (role == null) {
            throw noSuchMember();
        }
        return role;
    }

    private void requireAnotherOwner(UUID teamId) {
        if (teams.lockAndCountOwners(teamId) <= 1) {
            throw new ApiException(ErrorCode.CONFLICT,
                    "A team needs an owner: make someone else owner first, or delete the team.");
        }
    }

    private static ApiException noSuchMember() {
        return new ApiException(ErrorCode.NOT_FOUND, "No such member in this team.");
    }

    private static ApiException alreadyMember() {
        return new ApiException(ErrorCode.CONFLICT, "That user is already a member of the team.");
    }
}
