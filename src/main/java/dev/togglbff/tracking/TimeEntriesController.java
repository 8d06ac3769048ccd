package dev.togglbff.tracking;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.togglbff.teams.RequiresTeamRole;
import dev.togglbff.teams.TeamRole;
import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TrackingApi.CreateTimeEntryRequest;
import dev.togglbff.tracking.TrackingApi.StartTimerRequest;
import dev.togglbff.tracking.TrackingApi.SummaryResponse;
import dev.togglbff.tracking.TrackingApi.TimeEntryResponse;
import dev.togglbff.tracking.TrackingApi.UpdateTimeEntryRequest;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.FieldError;
import dev.togglbff.web.IdempotentCreate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own time entries in the team's workspace, the timer and summaries. Every member
 * may use them: Toggl keeps time entries per user, so a caller only ever sees and changes their own.
 */
@RestController
@RequestMapping("/api/v1/teams/{teamId}")
@Tag(name = "Time tracking", description = "The caller's time entries, timer and summaries in the team's workspace")
class TimeEntriesController {

    /** Longest range a list or summary may ask for. */
    static final int MAX_RANGE_DAYS = 366;
    /** Dates Toggl can be asked about: from the UNIX epoch to the last four-digit year. */
    static final int FIRST_YEAR = 1970;
    static final int LAST_YEAR = 9999;
    static final long LATEST_SECOND = 253_402_300_799L;

    private final TimeEntries entries;
    private final Answers answers;

    TimeEntriesController(TimeEntries entries, Answers answers) {
        this.entries = entries;
        this.answers = answers;
    }

    @GetMapping("/time-entries")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The caller's entries in the team's workspace, newest first, with project and tag names",
            description = "Either from and to (dates, inclusive), or since (epoch seconds: entries changed since then, "
                    + "entries deleted in Toggl included and marked deleted: true with deletedAt), or before (a date), "
                    + "or nothing (Toggl's recent entries). Dates run from 1970 to 9999.")
    ResponseEntity<List<TimeEntryResponse>> list(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
            @RequestParam(required = false) @PositiveOrZero @Nullable Long since,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate before) {
        TimeEntries.Range range = range(from, to, since, before);
        return answers.read(call, entries.list(call, range));
    }

    @GetMapping("/time-entries/{entryId}")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "One of the caller's entries")
    ResponseEntity<TimeEntryResponse> get(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @PathVariable @Positive long entryId) {
        return answers.read(call, entries.get(call, entryId));
    }

    @PostMapping("/time-entries")
    @IdempotentCreate
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "Add a time entry (give stop or durationSeconds; neither starts it running)",
            responses = @ApiResponse(responseCode = "201", description = "Created"))
    ResponseEntity<TimeEntryResponse> create(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @Valid @RequestBody CreateTimeEntryRequest request) {
        return answers.of(call, HttpStatus.CREATED, entries.create(call, request));
    }

    @PatchMapping("/time-entries/{entryId}")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "Change one of the caller's entries; only the fields given change",
            description = "An absent field keeps its value. description, projectId or tagIds sent as null remove the "
                    + "description, the project or every tag.")
    ResponseEntity<TimeEntryResponse> update(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @PathVariable @Positive long entryId, @Valid @RequestBody UpdateTimeEntryRequest request) {
        return answers.of(call, HttpStatus.OK, entries.update(call, entryId, request));
    }

    @DeleteMapping("/time-entries/{entryId}")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "Delete one of the caller's entries")
    ResponseEntity<Void> delete(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @PathVariable @Positive long entryId) {
        entries.delete(call, entryId);
        return answers.noContent(call);
    }

    @GetMapping("/timer")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The caller's running entry in the team's workspace (200), or 204 when none runs",
            responses = { @ApiResponse(responseCode = "200", description = "Running"),
                    @ApiResponse(responseCode = "204", description = "Nothing runs") })
    ResponseEntity<TimeEntryResponse> timer(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId) {
        Read<Optional<TimeEntryResponse>> current = entries.current(call);
        return answers.readOrNoContent(call, current);
    }

    @PostMapping("/timer/start")
    @IdempotentCreate
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "Start a running entry now", responses = @ApiResponse(responseCode = "201", description = "Started"))
    ResponseEntity<TimeEntryResponse> start(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @Valid @RequestBody(required = false) @Nullable StartTimerRequest request) {
        StartTimerRequest body = request != null ? request : new StartTimerRequest(null, null, null, null);
        return answers.of(call, HttpStatus.CREATED, entries.start(call, body));
    }

    @PostMapping("/timer/stop")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "Stop the running entry",
            responses = { @ApiResponse(responseCode = "200", description = "The stopped entry"),
                    @ApiResponse(responseCode = "409", description = "NO_RUNNING_TIMER") })
    ResponseEntity<TimeEntryResponse> stop(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId) {
        return answers.of(call, HttpStatus.OK, entries.stop(call));
    }

    @GetMapping("/summary")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The caller's totals for from..to (inclusive) by project, day or tag; a running entry counts up to now",
            description = "Days are those of the caller's Toggl time zone. With groupBy=tag an entry counts toward each of "
                    + "its tags, while totalSeconds counts it once.")
    ResponseEntity<SummaryResponse> summary(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "project")
            @Pattern(regexp = "project|day|tag", message = "must be project, day or tag") String groupBy) {
        range(from, to, null, null);
        TimeEntries.GroupBy grouping = TimeEntries.GroupBy.valueOf(groupBy.toUpperCase(Locale.ROOT));
        return answers.read(call, entries.summary(call, from, to, grouping));
    }

    private static void supportedDate(String name, @Nullable LocalDate date, List<FieldError> errors) {
        if (date != null && (date.getYear() < FIRST_YEAR || date.getYear() > LAST_YEAR)) {
            errors.add(new FieldError(name, "must be a date from " + FIRST_YEAR + " to " + LAST_YEAR));
        }
    }

    /** Checks that the list parameters make one of the allowed combinations. */
    static TimeEntries.Range range(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable Long since,
            @Nullable LocalDate before) {
        List<FieldError> errors = new ArrayList<>();
        if ((from == null) != (to == null)) {
            errors.add(new FieldError(from == null ? "from" : "to", "from and to go together"));
        }
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                errors.add(new FieldError("to", "must not be before from"));
            }
            else if (ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
                errors.add(new FieldError("to", "the range may span at most " + MAX_RANGE_DAYS + " days"));
            }
        }
        if (since != null && (before != null || from != null || to != null)) {
            errors.add(new FieldError("since", "cannot be combined with from, to or before"));
        }
        if (before != null && (from != null || to != null)) {
            errors.add(new FieldError("before", "cannot be combined with from and to"));
        }
        supportedDate("from", from, errors);
        supportedDate("to", to, errors);
        supportedDate("before", before, errors);
        if (since != null && since > LATEST_SECOND) {
            errors.add(new FieldError("since", "must be at most " + LATEST_SECOND + " (the end of year 9999)"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation("The request has invalid parameters.", errors);
        }
        return new TimeEntries.Range(from, to, since, before);
    }
}
