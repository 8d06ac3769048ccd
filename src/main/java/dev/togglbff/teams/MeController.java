package dev.togglbff.teams;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.togglbff.auth.CurrentUser;
import dev.togglbff.auth.UserDirectory;
import dev.togglbff.auth.UserDirectory.UserSummary;
import dev.togglbff.vault.KeyVault;
import dev.togglbff.vault.MatonKeyStatus;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The signed-in user, the key vault and Maton connections")
class MeController {

    private final UserDirectory users;
    private final KeyVault vault;
    private final TeamRepository teams;

    MeController(UserDirectory users, KeyVault vault, TeamRepository teams) {
        this.users = users;
        this.vault = vault;
        this.teams = teams;
    }

    @GetMapping
    @Operation(summary = "The signed-in user, the state of their Maton key (never the key) and their teams")
    MeResponse me(@AuthenticationPrincipal CurrentUser caller) {
        UserSummary user = users.findById(caller.id())
            .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "The user no longer exists."));
        MatonKey key = vault.status(caller.id())
            .map(MatonKey::of)
            .orElse(new MatonKey(false, null, null, null));
        List<TeamSummary> memberships = teams.membershipsOf(caller.id())
            .stream()
            .map(m -> new TeamSummary(m.team().id(), m.team().name(), m.role()))
            .toList();
        return new MeResponse(user.id(), user.username(), user.displayName(), key, memberships);
    }

    record MeResponse(UUID id, String username, String displayName, MatonKey matonKey, List<TeamSummary> teams) {
    }

    record MatonKey(boolean present, @Nullable String fingerprint, @Nullable Instant verifiedAt,
            @Nullable String connectionId) {

        static MatonKey of(MatonKeyStatus status) {
            return new MatonKey(true, status.fingerprint(), status.verifiedAt(), status.connectionId());
        }
    }

    record TeamSummary(UUID id, String name, TeamRole role) {
    }
}
