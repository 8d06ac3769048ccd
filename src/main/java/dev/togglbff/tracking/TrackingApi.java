package dev.togglbff.tracking;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.togglbff.web.Patch;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.UniqueElements;
import org.jspecify.annotations.Nullable;

/** Request and response bodies of the team workspace API (camelCase; Toggl's shapes stay in upstream). */
final class TrackingApi {

    static final String COLOR = "#[0-9a-fA-F]{6}";
    static final String COLOR_MESSAGE = "must be a color like #06aaf5";
    static final int MAX_NAME = 255;
    static final int MAX_DESCRIPTION = 3000;
    static final int MAX_TAGS = 100;
    static final long MAX_DURATION_SECONDS = 999L * 3600;

    private TrackingApi() {
    }

    record WorkspaceResponse(long id, @Nullable String name, @Nullable Long organizationId, @Nullable Boolean premium,
            @Nullable String defaultCurrency) {
    }

    record WorkspaceUserResponse(long id, @Nullable String name, @Nullable String email) {
    }

    record ProjectResponse(long id, @Nullable String name, @Nullable String color, boolean active, boolean billable,
            boolean isPrivate, @Nullable Long clientId, @Nullable String clientName) {
    }

    record ProjectPage(List<ProjectResponse> items, int page, int perPage) {
    }

    record CreateProjectRequest(@Schema(example = "Website relaunch") @NotBlank @Size(max = MAX_NAME) String name,
            @Schema(example = "#06aaf5") @Pattern(regexp = COLOR, message = COLOR_MESSAGE) @Nullable String color,
            @Nullable Boolean active, @Nullable Boolean isPrivate, @Nullable Boolean billable,
            @Positive @Nullable Long clientId) {
    }

    record UpdateProjectRequest(@Size(min = 1, max = MAX_NAME) @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Nullable String name,
            @Pattern(regexp = COLOR, message = COLOR_MESSAGE) @Nullable String color, @Nullable Boolean active,
            @Nullable Boolean isPrivate, @Nullable Boolean billable,
            @Schema(description = "The project's client; null removes it, absent keeps it") @Positive Patch<Long> clientId) {
    }

    record ClientResponse(long id, @Nullable String name, @Nullable String notes, boolean archived) {
    }

    record CreateClientRequest(@Schema(example = "ACME Corp") @NotBlank @Size(max = MAX_NAME) String name,
            @Size(max = MAX_DESCRIPTION) @Nullable String notes) {
    }

    record UpdateClientRequest(@Size(min = 1, max = MAX_NAME) @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Nullable String name,
            @Size(max = MAX_DESCRIPTION) @Nullable String notes) {
    }

    record RestoreClientRequest(@Nullable Boolean restoreAllProjects) {
    }

    record TagResponse(long id, @Nullable String name) {
    }

    record TagRequest(@Schema(example = "meetings") @NotBlank @Size(max = MAX_NAME) String name) {
    }

    record ProjectRef(long id, @Nullable String name, @Nullable String color) {
    }

    record TimeEntryResponse(long id, @Nullable String description, @Nullable Instant start, @Nullable Instant stop,
            long durationSeconds, boolean running, boolean billable, @Nullable Long projectId,
            @Nullable ProjectRef project, List<Long> tagIds, List<String> tags,
            @Schema(description = "true only in since= lists, for an entry deleted in Toggl") boolean deleted,
            @Schema(description = "when Toggl deleted the entry (with deleted: true)") @Nullable Instant deletedAt) {
    }

    @Schema(description = "A time entry: give stop or durationSeconds for a finished one; neither starts it running.")
    record CreateTimeEntryRequest(@Size(max = MAX_DESCRIPTION) @Nullable String description,
            @Schema(example = "2026-11-23T09:00:00Z") @NotNull Instant start,
            @Schema(example = "2026-11-23T10:30:00Z") @Nullable Instant stop,
            @PositiveOrZero @Max(MAX_DURATION_SECONDS) @Nullable Long durationSeconds,
            @Positive @Nullable Long projectId, @Size(max = MAX_TAGS) @UniqueElements @Nullable List<@NotNull @Positive Long> tagIds,
            @Nullable Boolean billable) {
    }

    @Schema(description = "The fields to change: an absent field keeps its value; description, projectId and "
            + "tagIds sent as null remove the description, the project or every tag.")
    record UpdateTimeEntryRequest(@Size(max = MAX_DESCRIPTION) Patch<String> description, @Nullable Instant start,
            @Nullable Instant stop, @PositiveOrZero @Max(MAX_DURATION_SECONDS) @Nullable Long durationSeconds,
            @Positive Patch<Long> projectId, @Size(max = MAX_TAGS) @UniqueElements Patch<List<@NotNull @Positive Long>> tagIds,
            @Nullable Boolean billable) {
    }

    record StartTimerRequest(@Size(max = MAX_DESCRIPTION) @Nullable String description,
            @Positive @Nullable Long projectId, @Size(max = MAX_TAGS) @UniqueElements @Nullable List<@NotNull @Positive Long> tagIds,
            @Nullable Boolean billable) {
    }

    record SummaryGroup(String key, String label, long seconds) {
    }

    record SummaryResponse(LocalDate from, LocalDate to, long totalSeconds, List<SummaryGroup> groups) {
    }

    record TogglProfileResponse(long togglUserId, @Nullable String email, @Nullable String fullname,
            @Nullable String timezone, @Nullable Long defaultWorkspaceId, @Nullable Integer beginningOfWeek) {
    }

    record MeWorkspaceResponse(long id, @Nullable String name, @Nullable Long organizationId) {
    }

    @Schema(description = "One Toggl quota bucket of the caller's key: what Toggl last said, and how the service budgets it")
    record QuotaResponse(
            @Schema(description = "user (every /me call), organization:<id> or workspace:<id> (workspace calls)",
                    example = "user") String scope,
            @Schema(description = "Requests Toggl allows per window: the plan default, or more when Toggl's readings show more",
                    example = "30") long limit,
            @Schema(description = "Requests reads and refreshes may spend per window; the rest is kept for writes",
                    example = "24") long budget,
            @Schema(description = "Requests counted in the current sliding window (the service's own, and others' Toggl revealed)",
                    example = "7") long spentInWindow,
            @Schema(description = "What Toggl last said was left, if it said") @Nullable Long remaining,
            @Schema(description = "When Toggl said the bucket resets, if it did") @Nullable Instant resetsAt,
            @Schema(description = "When that reading was taken") @Nullable Instant observedAt,
            @Schema(description = "For the user bucket: when a read next refreshes the time-entry mirror "
                    + "(null before the mirror is loaded)") @Nullable Instant nextRefreshAt) {
    }

    @Schema(description = "One week's totals in the caller's Toggl time zone, weeks starting as their Toggl profile says")
    record DashboardWeek(LocalDate from, LocalDate to, long totalSeconds, List<SummaryGroup> byDay,
            List<SummaryGroup> byProject) {
    }

    @Schema(description = "Seconds since each part was fetched from Toggl")
    record DashboardAges(@Schema(example = "42") long timeEntries, @Schema(example = "300") long projects,
            @Schema(example = "300") long tags) {
    }

    @Schema(description = "Everything a dashboard screen shows, in one call")
    record DashboardResponse(
            @Schema(description = "The running entry in the team's workspace, or null") @Nullable TimeEntryResponse timer,
            @Schema(description = "Today's entries (caller's time zone), newest first") List<TimeEntryResponse> today,
            DashboardWeek week,
            @Schema(description = "The active projects, and any archived one an entry shown refers to") List<ProjectResponse> projects,
            List<TagResponse> tags, DashboardAges ages) {
    }
}
