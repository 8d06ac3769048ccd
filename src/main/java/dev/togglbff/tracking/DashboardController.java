package dev.togglbff.tracking;

import java.util.UUID;

import dev.togglbff.teams.RequiresTeamRole;
import dev.togglbff.teams.TeamRole;
import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TrackingApi.DashboardResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** One call per dashboard screen, for frontends (mobile especially) that would otherwise make five. */
@RestController
@RequestMapping("/api/v1/teams/{teamId}")
@Tag(name = "Time tracking", description = "The caller's time entries, timer and summaries in the team's workspace")
class DashboardController {

    private static final String EXAMPLE = """
            {"timer":{"id":4100000003,"description":"Code review","start":"2026-11-26T13:05:00Z",
              "durationSeconds":1520,"running":true,"billable":false,"projectId":501,
              "project":{"id":501,"name":"Website","color":"#06aaf5"},"tagIds":[],"tags":[]},
             "today":[{"id":4100000003,"description":"Code review","start":"2026-11-26T13:05:00Z",
              "durationSeconds":1520,"running":true,"billable":false,"projectId":501,
              "project":{"id":501,"name":"Website","color":"#06aaf5"},"tagIds":[],"tags":[]},
              {"id":4100000002,"description":"Stand-up","start":"2026-11-26T08:30:00Z","stop":"2026-11-26T08:45:00Z",
              "durationSeconds":900,"running":false,"billable":false,
              "tagIds":[601],"tags":["meetings"]}],
             "week":{"from":"2026-11-23","to":"2026-11-29","totalSeconds":22420,
              "byDay":[{"key":"2026-11-23","label":"2026-11-23","seconds":20000},
                       {"key":"2026-11-26","label":"2026-11-26","seconds":2420}],
              "byProject":[{"key":"501","label":"Website","seconds":21520},{"key":"none","label":"(no project)","seconds":900}]},
             "projects":[{"id":501,"name":"Website","color":"#06aaf5","active":true,"billable":true,"isPrivate":false,
              "clientId":301,"clientName":"ACME"}],
             "tags":[{"id":601,"name":"meetings"}],
             "ages":{"timeEntries":42,"projects":310,"tags":310}}""";

    private final Dashboard dashboard;
    private final Answers answers;

    DashboardController(Dashboard dashboard, Answers answers) {
        this.dashboard = dashboard;
        this.answers = answers;
    }

    @GetMapping("/dashboard")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "Everything a dashboard screen shows, in one call",
            description = """
                    The running timer, today's entries, this week's totals by day and by project, the active \
                    projects (and archived ones an entry refers to) and the tags, for the caller in the team's \
                    workspace. Days and weeks are those of the caller's Toggl profile (time zone, first day of the \
                    week). Answered from the caller's time-entry mirror and cached lists, so it usually costs no \
                    Toggl request; `ages` gives each part's seconds since it was fetched from Toggl, `Age` the \
                    oldest part's, `Cache-Status` how the time entries were answered. The `ETag` is weak: it stays \
                    the same while the data does, however old it grows, so `If-None-Match` gives `304`. \
                    Errors: 401 UNAUTHENTICATED; 404 NOT_FOUND (no such team, or not a member); 409 \
                    MATON_KEY_MISSING / MATON_KEY_INVALID; 429 TOGGL_QUOTA_EXHAUSTED only when no copy of the data \
                    is held yet (otherwise the held copy answers with its age); 502/503 UPSTREAM_UNAVAILABLE and \
                    504 UPSTREAM_TIMEOUT likewise only without a copy.""",
            responses = @ApiResponse(responseCode = "200", description = "The dashboard",
                    content = @Content(mediaType = "application/json",
                            schema = @Schema(implementation = DashboardResponse.class),
                            examples = @ExampleObject(name = "running", value = EXAMPLE))))
    ResponseEntity<DashboardResponse> dashboard(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId) {
        Dashboard.View view = dashboard.of(call);
        Read<?> entries = view.timeEntries();
        String etag = "W/" + answers.stored(call.keyHash(), "unaged", view.unaged()).etag();
        return answers.read(call, new Read<>(view.body(), entries.status(), view.oldest(), entries.freshUntil()), etag);
    }
}
