package dev.togglbff.tracking;

import java.util.List;

import dev.togglbff.auth.CurrentUser;
import dev.togglbff.tracking.TogglCache.Kind;
import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TrackingApi.MeWorkspaceResponse;
import dev.togglbff.tracking.TrackingApi.QuotaResponse;
import dev.togglbff.tracking.TrackingApi.TogglProfileResponse;
import dev.togglbff.upstream.QuotaLedger;
import dev.togglbff.upstream.TogglClient;
import dev.togglbff.upstream.TogglUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own Toggl profile, workspaces and the quota the service last saw for their key. */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The signed-in user, the key vault and Maton connections")
class MeTogglController {

    private final Sessions sessions;
    private final TimeEntries entries;
    private final TogglClient toggl;
    private final TogglCache cache;
    private final QuotaLedger ledger;
    private final Answers answers;

    MeTogglController(Sessions sessions, TimeEntries entries, TogglClient toggl, TogglCache cache, QuotaLedger ledger,
            Answers answers) {
        this.sessions = sessions;
        this.entries = entries;
        this.toggl = toggl;
        this.cache = cache;
        this.ledger = ledger;
        this.answers = answers;
    }

    @GetMapping("/toggl")
    @Operation(operationId = "getTogglProfile", summary = "The caller's Toggl profile (cached)")
    ResponseEntity<TogglProfileResponse> profile(@AuthenticationPrincipal CurrentUser caller) {
        Session session = sessions.open(caller.id());
        Read<TogglUser> user = entries.profile(session);
        TogglUser me = user.value();
        return answers.read(session, null, new Read<>(new TogglProfileResponse(me.id(), me.email(), me.fullname(),
                me.timezone(), me.defaultWorkspaceId(), me.beginningOfWeek()), user.status()));
    }

    @GetMapping("/workspaces")
    @Operation(summary = "The Toggl workspaces the caller's key can see (cached)")
    ResponseEntity<List<MeWorkspaceResponse>> workspaces(@AuthenticationPrincipal CurrentUser caller) {
        Session session = sessions.open(caller.id());
        Read<List<MeWorkspaceResponse>> workspaces = cache.get(
                TogglCache.Key.ofUser(session.keyHash(), Kind.WORKSPACES, ""),
                () -> toggl.workspaces(session.credentials())
                    .stream()
                    .map(w -> new MeWorkspaceResponse(w.id(), w.name(), w.organizationId()))
                    .toList());
        return answers.read(session, null, workspaces);
    }

    @GetMapping("/quota")
    @Operation(summary = "The Toggl quota the service last saw for the caller's key, per scope (no Toggl request)")
    ResponseEntity<List<QuotaResponse>> quota(@AuthenticationPrincipal CurrentUser caller) {
        Session session = sessions.open(caller.id());
        List<QuotaResponse> entries = ledger.entries(session.keyHash())
            .stream()
            .map(e -> new QuotaResponse(e.scope(), e.remaining(), e.resetsAt(), e.observedAt()))
            .toList();
        return answers.of(session, null, HttpStatus.OK, entries);
    }
}
