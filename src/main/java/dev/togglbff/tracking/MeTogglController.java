package dev.togglbff.tracking;

import java.time.Instant;
import java.util.List;

import dev.togglbff.auth.CurrentUser;
import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TrackingApi.MeWorkspaceResponse;
import dev.togglbff.tracking.TrackingApi.QuotaResponse;
import dev.togglbff.tracking.TrackingApi.TogglProfileResponse;
import dev.togglbff.upstream.QuotaBudget;
import dev.togglbff.upstream.QuotaLedger;
import dev.togglbff.upstream.QuotaScope;
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
    private final QuotaBudget budget;
    private final TimeEntryMirror mirror;
    private final Answers answers;

    MeTogglController(Sessions sessions, TimeEntries entries, TogglClient toggl, TogglCache cache, QuotaLedger ledger,
            QuotaBudget budget, TimeEntryMirror mirror, Answers answers) {
        this.sessions = sessions;
        this.entries = entries;
        this.toggl = toggl;
        this.cache = cache;
        this.ledger = ledger;
        this.budget = budget;
        this.mirror = mirror;
        this.answers = answers;
    }

    @GetMapping("/toggl")
    @Operation(operationId = "getTogglProfile", summary = "The caller's Toggl profile (cached)")
    ResponseEntity<TogglProfileResponse> profile(@AuthenticationPrincipal CurrentUser caller) {
        Session session = sessions.open(caller.id());
        Read<TogglUser> user = entries.profile(session);
        return answers.read(session, null, user.map(me -> new TogglProfileResponse(me.id(), me.email(), me.fullname(),
                me.timezone(), me.defaultWorkspaceId(), me.beginningOfWeek())));
    }

    @GetMapping("/workspaces")
    @Operation(summary = "The Toggl workspaces the caller's key can see (cached)")
    ResponseEntity<List<MeWorkspaceResponse>> workspaces(@AuthenticationPrincipal CurrentUser caller) {
        Session session = sessions.open(caller.id());
        Read<List<MeWorkspaceResponse>> workspaces = cache.get(TogglCache.Key.workspaces(session.keyHash()),
                QuotaScope.user(),
                () -> toggl.workspaces(session.credentials())
                    .stream()
                    .map(w -> new MeWorkspaceResponse(w.id(), w.name(), w.organizationId()))
                    .toList());
        return answers.read(session, null, workspaces);
    }

    @GetMapping("/quota")
    @Operation(summary = "The caller's Toggl quota per bucket: Toggl's last reading, the service's budget and what "
            + "it spent in the current window, and when the time-entry mirror is next refreshed (no Toggl request)")
    ResponseEntity<List<QuotaResponse>> quota(@AuthenticationPrincipal CurrentUser caller) {
        Session session = sessions.open(caller.id());
        String keyHash = session.keyHash();
        Instant nextRefresh = mirror.nextRefresh(keyHash).orElse(null);
        List<QuotaResponse> buckets = ledger.scopes(keyHash).stream().sorted().map(scope -> {
            QuotaBudget.Usage usage = budget.usage(keyHash, new QuotaScope(scope));
            return new QuotaResponse(scope, usage.limit(), usage.budget(), usage.spent(), usage.remaining(),
                    usage.resetsAt(), usage.observedAt(), QuotaScope.user().value().equals(scope) ? nextRefresh : null);
        }).toList();
        return answers.of(session, HttpStatus.OK, buckets);
    }
}
