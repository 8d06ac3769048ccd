package dev.togglbff.sandbox;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One sandbox account's Toggl data: a user, one workspace in one organization, projects, clients,
 * tags and time entries, answered in Toggl v9's shapes (snake_case, {@code null} where Toggl sends
 * {@code null}, running entries with a negative duration, deleted entries kept with
 * {@code server_deleted_at} for {@code since}). Not thread-safe: {@link SandboxAccount} serializes access.
 */
final class SandboxToggl {

    /** The same ids for every sandbox key, so that the quick start can name them. */
    static final long WORKSPACE_ID = 9_100_001;
    static final long ORGANIZATION_ID = 9_000_001;
    static final String TIMEZONE = "Europe/Berlin";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
    private static final int MAX_ENTRIES = 1000;
    private static final int DEFAULT_PER_PAGE = 151;
    private static final int MAX_PER_PAGE = 200;
    private static final int DEFAULT_WINDOW_DAYS = 9;
    private static final String[] COLORS = { "#0b83d9", "#9e5bd9", "#d94182", "#e36a00", "#2da608", "#06a893" };

    private final long userId;
    private final Instant createdAt;
    private final ZoneId zone = ZoneId.of(TIMEZONE);
    private long nextId = 100_000_001;
    private long nextEntryId = 3_000_000_001L;
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final Map<Long, Project> projects = new LinkedHashMap<>();
    private final Map<Long, Tag> tags = new LinkedHashMap<>();
    private final Map<Long, Entry> entries = new LinkedHashMap<>();

    private static final class Client {
        final long id;
        String name;
        @Nullable String notes;
        boolean archived;
        Instant at;

        Client(long id, String name, @Nullable String notes, Instant at) {
            this.id = id;
            this.name = name;
            this.notes = notes;
            this.at = at;
        }
    }

    private static final class Project {
        final long id;
        String name;
        String color;
        boolean active = true;
        boolean billable;
        boolean isPrivate;
        @Nullable Long clientId;
        final Instant createdAt;
        Instant at;

        Project(long id, String name, String color, @Nullable Long clientId, Instant at) {
            this.id = id;
            this.name = name;
            this.color = color;
            this.clientId = clientId;
            this.createdAt = at;
            this.at = at;
        }
    }

    private static final class Tag {
        final long id;
        String name;
        Instant at;

        Tag(long id, String name, Instant at) {
            this.id = id;
            this.name = name;
            this.at = at;
        }
    }

    private static final class Entry {
        final long id;
        @Nullable String description;
        @Nullable Long projectId;
        List<Long> tagIds = List.of();
        boolean billable;
        Instant start;
        @Nullable Instant stop;
        Instant at;
        @Nullable Instant deletedAt;

        Entry(long id, Instant start, Instant at) {
            this.id = id;
            this.start = start;
            this.at = at;
        }

        boolean running() {
            return stop == null;
        }
    }

    /**
     * A believable account as of {@code now}: three clients, five projects, four tags and the
     * working days of the last week filled with finished entries (nothing running).
     *
     * @param seed varies names and entries between keys, the same for the same key
     */
    SandboxToggl(long userId, long seed, Instant now) {
        this.userId = userId;
        this.createdAt = now.minus(Duration.ofDays(400));
        Instant at = createdAt;
        long acme = addClient("Acme GmbH", "Main account", at).id;
        long globex = addClient("Globex Oy", null, at).id;
        long initech = addClient("Initech Inc", "Paused since spring", at).id;
        clients.get(initech).archived = true;
        addProject("Website relaunch", acme, true, at);
        addProject("Mobile app", acme, true, at);
        addProject("Data migration", globex, true, at);
        addProject("Internal", null, false, at);
        Project legacy = addProject("Legacy support", initech, true, at);
        legacy.active = false;
        for (String name : List.of("meeting", "review", "deep-work", "support")) {
            tags.put(nextId, new Tag(nextId++, name, at));
        }
        seedWeek(new Random(seed), now);
    }

    private void seedWeek(Random random, Instant now) {
        List<Project> live = projects.values().stream().filter(p -> p.active).toList();
        List<Long> tagIds = List.copyOf(tags.keySet());
        String[] tasks = { "Planning", "Code review", "Stand-up", "Bug fixing", "Customer call", "Documentation",
                "Design session", "Release" };
        LocalDate today = now.atZone(zone).toLocalDate();
        for (LocalDate day = today.minusDays(7); !day.isAfter(today); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            Instant cursor = day.atTime(LocalTime.of(9, random.nextInt(4) * 15)).atZone(zone).toInstant();
            for (int slot = 0; slot < 4; slot++) {
                Instant stop = cursor.plus(Duration.ofMinutes(45 + random.nextInt(8) * 15));
                if (stop.isAfter(now)) {
                    return;
                }
                Entry entry = new Entry(nextEntryId++, cursor, stop);
                Project project = live.get(random.nextInt(live.size()));
                entry.projectId = project.id;
                entry.billable = project.billable;
                entry.description = tasks[random.nextInt(tasks.length)];
                entry.tagIds = List.of(tagIds.get(random.nextInt(tagIds.size())));
                entry.stop = stop;
                entries.put(entry.id, entry);
                cursor = stop.plus(Duration.ofMinutes(random.nextInt(3) * 15));
            }
        }
    }

    private Client addClient(String name, @Nullable String notes, Instant at) {
        Client client = new Client(nextId++, name, notes, at);
        clients.put(client.id, client);
        return client;
    }

    private Project addProject(String name, @Nullable Long clientId, boolean billable, Instant at) {
        Project project = new Project(nextId++, name, COLORS[projects.size() % COLORS.length], clientId, at);
        project.billable = billable;
        projects.put(project.id, project);
        return project;
    }

    // --- the user and the workspace ---

    Map<String, @Nullable Object> me() {
        Map<String, @Nullable Object> me = new LinkedHashMap<>();
        me.put("id", userId);
        me.put("email", email());
        me.put("fullname", "Sandy Box");
        me.put("timezone", TIMEZONE);
        me.put("default_workspace_id", WORKSPACE_ID);
        me.put("beginning_of_week", 1);
        me.put("image_url", "https://assets.track.toggl.com/images/profile.png");
        me.put("country_id", 84);
        me.put("has_password", true);
        me.put("2fa_enabled", false);
        me.put("openid_enabled", false);
        me.put("openid_email", null);
        me.put("oauth_providers", List.of());
        me.put("intercom_hash", null);
        me.put("options", null);
        me.put("authorization_updated_at", time(createdAt));
        me.put("created_at", time(createdAt));
        me.put("updated_at", time(createdAt));
        me.put("at", time(createdAt));
        return me;
    }

    Map<String, @Nullable Object> workspace(long workspaceId, Plan plan, boolean withProjectCount) {
        requireWorkspace(workspaceId);
        Map<String, @Nullable Object> ws = new LinkedHashMap<>();
        ws.put("id", WORKSPACE_ID);
        ws.put("organization_id", ORGANIZATION_ID);
        ws.put("name", "Sandbox Workspace");
        ws.put("premium", plan != Plan.FREE);
        ws.put("business_ws", plan == Plan.PREMIUM);
        ws.put("admin", true);
        ws.put("role", "admin");
        absent(ws, "permissions", "subscription", "suspended_at");
        ws.put("default_currency", "EUR");
        ws.put("default_hourly_rate", null);
        ws.put("rate_last_updated", null);
        ws.put("rounding", 1);
        ws.put("rounding_minutes", 0);
        ws.put("only_admins_may_create_projects", false);
        ws.put("only_admins_may_create_tags", false);
        ws.put("only_admins_see_team_dashboard", false);
        ws.put("projects_billable_by_default", true);
        ws.put("projects_private_by_default", false);
        ws.put("projects_enforce_billable", false);
        ws.put("limit_public_project_data", false);
        ws.put("hide_start_end_times", false);
        ws.put("reports_collapse", true);
        ws.put("disable_approvals", false);
        ws.put("disable_expenses", false);
        ws.put("disable_timesheet_view", false);
        ws.put("csv_upload", null);
        ws.put("ical_enabled", false);
        ws.put("ical_url", null);
        ws.put("logo_url", "https://assets.toggl.com/images/workspace.jpg");
        ws.put("max_data_retention_days", null);
        ws.put("te_constraints", null);
        ws.put("working_hours_in_minutes", 480);
        ws.put("last_modified", time(createdAt));
        ws.put("at", time(createdAt));
        if (withProjectCount) {
            ws.put("active_project_count", projects.values().stream().filter(p -> p.active).count());
        }
        return ws;
    }

    List<Map<String, @Nullable Object>> workspaceUsers(long workspaceId) {
        requireWorkspace(workspaceId);
        List<Map<String, @Nullable Object>> users = new ArrayList<>();
        users.add(workspaceUser(userId, email(), "Sandy Box", true));
        users.add(workspaceUser(userId + 1, "robin@example.com", "Robin Colleague", false));
        users.add(workspaceUser(userId + 2, "kim@example.com", "Kim Colleague", false));
        return users;
    }

    private static Map<String, @Nullable Object> workspaceUser(long id, String email, String name, boolean admin) {
        Map<String, @Nullable Object> user = new LinkedHashMap<>();
        user.put("id", id);
        user.put("email", email);
        user.put("fullname", name);
        user.put("is_active", true);
        user.put("is_admin", admin);
        user.put("inactive", false);
        user.put("role", admin ? "admin" : "user");
        return user;
    }

    private String email() {
        return "sandbox-user-" + userId + "@example.com";
    }

    void requireWorkspace(long workspaceId) {
        if (workspaceId != WORKSPACE_ID) {
            throw new TogglError(403, "User cannot access the selected workspace");
        }
    }

    // --- time entries ---

    /**
     * {@code GET /me/time_entries}: entries modified since {@code since} (deleted ones included),
     * started before {@code before}, started within {@code [startDate, endDate)}, or by default
     * those of the last nine days; newest first, at most 1000.
     */
    List<Map<String, @Nullable Object>> timeEntries(@Nullable String since, @Nullable String before,
            @Nullable String startDate, @Nullable String endDate, Instant now) {
        if (since != null && before != null) {
            throw new TogglError(400, "since and before can't be used together");
        }
        if ((startDate == null) != (endDate == null)) {
            throw new TogglError(400, "start_date and end_date must be used together");
        }
        Predicate<Entry> filter;
        if (since != null) {
            Instant from = Instant.ofEpochSecond(number(since, "since"));
            filter = entry -> !entry.at.isBefore(from);
        }
        else {
            Predicate<Entry> live = entry -> entry.deletedAt == null;
            if (startDate != null && endDate != null) {
                Instant from = instant(startDate, "start_date");
                Instant to = instant(endDate, "end_date");
                if (!to.isAfter(from)) {
                    throw new TogglError(400, "end_date must be after start_date");
                }
                filter = live.and(entry -> !entry.start.isBefore(from) && entry.start.isBefore(to));
            }
            else if (before != null) {
                Instant until = instant(before, "before");
                filter = live.and(entry -> entry.start.isBefore(until));
            }
            else {
                Instant from = now.minus(Duration.ofDays(DEFAULT_WINDOW_DAYS));
                filter = live.and(entry -> !entry.start.isBefore(from));
            }
        }
        return entries.values()
            .stream()
            .filter(filter)
            .sorted(Comparator.comparing((Entry entry) -> entry.start).reversed())
            .limit(MAX_ENTRIES)
            .map(this::entry)
            .toList();
    }

    /** {@code GET /me/time_entries/current}: the running entry or {@code null}. */
    @Nullable Map<String, @Nullable Object> currentEntry() {
        return entries.values()
            .stream()
            .filter(entry -> entry.deletedAt == null && entry.running())
            .findFirst()
            .map(this::entry)
            .orElse(null);
    }

    Map<String, @Nullable Object> timeEntry(long id) {
        return entry(liveEntry(id));
    }

    /** {@code POST /workspaces/{id}/time_entries}; a new running entry stops the one running before. */
    Map<String, @Nullable Object> createEntry(long workspaceId, JsonNode body, Instant now) {
        requireWorkspace(workspaceId);
        if (!body.path("created_with").isString() || body.path("created_with").asString().isBlank()) {
            throw new TogglError(400, "created_with needs to be provided a valid value");
        }
        if (body.has("workspace_id") && body.path("workspace_id").asLong() != workspaceId) {
            throw new TogglError(400, "workspace_id in the body does not match the path");
        }
        if (!body.path("start").isString()) {
            throw new TogglError(400, "start needs to be provided a valid value");
        }
        Entry entry = new Entry(nextEntryId++, instant(body.path("start").asString(), "start"), now);
        apply(entry, body);
        boolean running = !body.hasNonNull("stop")
                && (!body.hasNonNull("duration") || body.path("duration").asLong() < 0);
        if (running) {
            entries.values().stream().filter(e -> e.deletedAt == null && e.running()).forEach(e -> {
                e.stop = now;
                e.at = now;
            });
            entry.stop = null;
        }
        else if (entry.stop == null) {
            entry.stop = entry.start.plusSeconds(Math.max(0, body.path("duration").asLong()));
        }
        if (entry.stop != null && entry.stop.isBefore(entry.start)) {
            throw new TogglError(400, "Stop time must be after start time");
        }
        entries.put(entry.id, entry);
        return entry(entry);
    }

    /** {@code PUT /workspaces/{id}/time_entries/{id}}: the given fields change, others stay. */
    Map<String, @Nullable Object> updateEntry(long workspaceId, long id, JsonNode body, Instant now) {
        requireWorkspace(workspaceId);
        Entry entry = liveEntry(id);
        if (body.hasNonNull("start")) {
            entry.start = instant(body.path("start").asString(), "start");
        }
        apply(entry, body);
        if (!body.hasNonNull("stop") && body.hasNonNull("duration")) {
            long duration = body.path("duration").asLong();
            entry.stop = duration < 0 ? null : entry.start.plusSeconds(duration);
        }
        if (entry.stop != null && entry.stop.isBefore(entry.start)) {
            throw new TogglError(400, "Stop time must be after start time");
        }
        entry.at = now;
        return entry(entry);
    }

    Map<String, @Nullable Object> stopEntry(long workspaceId, long id, Instant now) {
        requireWorkspace(workspaceId);
        Entry entry = liveEntry(id);
        if (!entry.running()) {
            throw new TogglError(409, "Time entry already stopped");
        }
        entry.stop = now.isBefore(entry.start) ? entry.start : now;
        entry.at = now;
        return entry(entry);
    }

    /** Deleted entries stay, marked, so that {@code since} reports them. */
    void deleteEntry(long workspaceId, long id, Instant now) {
        requireWorkspace(workspaceId);
        Entry entry = liveEntry(id);
        entry.deletedAt = now;
        entry.at = now;
    }

    private void apply(Entry entry, JsonNode body) {
        if (body.has("description")) {
            entry.description = body.path("description").isNull() ? null : body.path("description").asString();
        }
        if (body.has("project_id")) {
            Long projectId = body.path("project_id").isNull() ? null : body.path("project_id").asLong();
            if (projectId != null && !projects.containsKey(projectId)) {
                throw new TogglError(400, "Invalid project_id");
            }
            entry.projectId = projectId;
        }
        if (body.has("tag_ids")) {
            List<Long> ids = new ArrayList<>();
            body.path("tag_ids").forEach(id -> ids.add(id.asLong()));
            if (!tags.keySet().containsAll(ids)) {
                throw new TogglError(400, "Invalid tag_ids");
            }
            entry.tagIds = List.copyOf(ids);
        }
        if (body.has("billable")) {
            entry.billable = body.path("billable").asBoolean();
        }
        if (body.hasNonNull("stop")) {
            entry.stop = instant(body.path("stop").asString(), "stop");
        }
    }

    private Entry liveEntry(long id) {
        Entry entry = entries.get(id);
        if (entry == null || entry.deletedAt != null) {
            throw new TogglError(404, "Time entry not found");
        }
        return entry;
    }

    private Map<String, @Nullable Object> entry(Entry entry) {
        Project project = entry.projectId != null ? projects.get(entry.projectId) : null;
        Client client = project != null && project.clientId != null ? clients.get(project.clientId) : null;
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("id", entry.id);
        json.put("workspace_id", WORKSPACE_ID);
        json.put("wid", WORKSPACE_ID);
        json.put("project_id", entry.projectId);
        json.put("pid", entry.projectId);
        json.put("task_id", null);
        json.put("tid", null);
        json.put("user_id", userId);
        json.put("uid", userId);
        json.put("billable", entry.billable);
        json.put("start", time(entry.start));
        json.put("stop", entry.stop == null ? null : time(entry.stop));
        // Toggl's quirk: a running entry's duration is minus its start as UNIX seconds.
        json.put("duration", entry.stop == null ? -entry.start.getEpochSecond()
                : Duration.between(entry.start, entry.stop).toSeconds());
        json.put("description", entry.description);
        // Toggl sends null, not [], for an entry without tags.
        json.put("tags", entry.tagIds.isEmpty() ? null
                : entry.tagIds.stream().map(tags::get).filter(t -> t != null).map(t -> t.name).toList());
        json.put("tag_ids", entry.tagIds.isEmpty() ? null : entry.tagIds);
        json.put("duronly", true);
        json.put("at", time(entry.at));
        json.put("server_deleted_at", entry.deletedAt == null ? null : time(entry.deletedAt));
        json.put("permissions", null);
        json.put("shared_with", null);
        json.put("expense_ids", List.of());
        json.put("client_id", client != null ? client.id : null);
        json.put("client_name", client != null ? client.name : null);
        json.put("project_name", project != null ? project.name : null);
        json.put("project_color", project != null ? project.color : null);
        json.put("project_active", project != null ? project.active : null);
        json.put("project_billable", project != null ? project.billable : null);
        json.put("task_name", null);
        json.put("user_name", "Sandy Box");
        json.put("user_avatar_url", "");
        return json;
    }

    // --- projects ---

    List<Map<String, @Nullable Object>> projects(long workspaceId, @Nullable String active, @Nullable String name,
            @Nullable String since, @Nullable String page, @Nullable String perPage) {
        requireWorkspace(workspaceId);
        int size = perPage == null ? DEFAULT_PER_PAGE
                : (int) Math.min(MAX_PER_PAGE, Math.max(1, number(perPage, "per_page")));
        int pageNumber = page == null ? 1 : (int) Math.max(1, number(page, "page"));
        Instant changedSince = since == null ? null : Instant.ofEpochSecond(number(since, "since"));
        return projects.values()
            .stream()
            .filter(p -> active == null || "both".equals(active) || p.active == Boolean.parseBoolean(active))
            .filter(p -> matches(p.name, name))
            .filter(p -> changedSince == null || !p.at.isBefore(changedSince))
            .sorted(Comparator.comparing((Project p) -> p.name.toLowerCase(Locale.ROOT)))
            .skip((long) (pageNumber - 1) * size)
            .limit(size)
            .map(this::project)
            .toList();
    }

    Map<String, @Nullable Object> project(long workspaceId, long id) {
        requireWorkspace(workspaceId);
        return project(existingProject(id));
    }

    Map<String, @Nullable Object> createProject(long workspaceId, JsonNode body, Instant now) {
        requireWorkspace(workspaceId);
        String name = newName(body, projects.values().stream().map(p -> p.name), "Name has already been taken");
        Project project = addProject(name, null, false, now);
        changeProject(project, body, now);
        return project(project);
    }

    Map<String, @Nullable Object> updateProject(long workspaceId, long id, JsonNode body, Instant now) {
        requireWorkspace(workspaceId);
        Project project = existingProject(id);
        if (body.hasNonNull("name")) {
            project.name = newName(body, projects.values().stream().filter(p -> p != project).map(p -> p.name),
                    "Name has already been taken");
        }
        changeProject(project, body, now);
        return project(project);
    }

    long deleteProject(long workspaceId, long id) {
        requireWorkspace(workspaceId);
        existingProject(id);
        projects.remove(id);
        return id;
    }

    private void changeProject(Project project, JsonNode body, Instant now) {
        if (body.hasNonNull("active")) {
            project.active = body.path("active").asBoolean();
        }
        if (body.hasNonNull("billable")) {
            project.billable = body.path("billable").asBoolean();
        }
        if (body.hasNonNull("is_private")) {
            project.isPrivate = body.path("is_private").asBoolean();
        }
        if (body.hasNonNull("color")) {
            project.color = body.path("color").asString();
        }
        if (body.has("client_id")) {
            Long clientId = body.path("client_id").isNull() ? null : body.path("client_id").asLong();
            if (clientId != null && !clients.containsKey(clientId)) {
                throw new TogglError(400, "Client with the ID " + clientId + " isn't present in workspace "
                        + WORKSPACE_ID);
            }
            project.clientId = clientId;
        }
        project.at = now;
    }

    private Project existingProject(long id) {
        Project project = projects.get(id);
        if (project == null) {
            throw new TogglError(404, "Project not found");
        }
        return project;
    }

    private Map<String, @Nullable Object> project(Project project) {
        Client client = project.clientId != null ? clients.get(project.clientId) : null;
        long seconds = entries.values()
            .stream()
            .filter(e -> e.deletedAt == null && e.stop != null && Long.valueOf(project.id).equals(e.projectId))
            .mapToLong(e -> Duration.between(e.start, e.stop).toSeconds())
            .sum();
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("id", project.id);
        json.put("workspace_id", WORKSPACE_ID);
        json.put("wid", WORKSPACE_ID);
        json.put("client_id", project.clientId);
        json.put("cid", project.clientId);
        json.put("client_name", client != null ? client.name : null);
        json.put("name", project.name);
        json.put("is_private", project.isPrivate);
        json.put("active", project.active);
        json.put("status", project.active ? "active" : "archived");
        json.put("at", time(project.at));
        json.put("created_at", time(project.createdAt));
        json.put("color", project.color);
        json.put("billable", project.billable);
        json.put("template", false);
        absent(json, "template_id", "auto_estimates", "estimated_hours", "estimated_seconds", "rate",
                "rate_last_updated", "currency", "fixed_fee");
        json.put("recurring", false);
        json.put("recurring_parameters", null);
        json.put("current_period", null);
        json.put("start_date", LocalDate.ofInstant(project.createdAt, ZoneOffset.UTC).toString());
        json.put("end_date", null);
        json.put("actual_hours", seconds / 3600);
        json.put("actual_seconds", seconds);
        json.put("can_track_time", true);
        json.put("pinned", false);
        absent(json, "permissions", "external_reference", "integration_ext_id", "integration_ext_type",
                "integration_provider");
        json.put("total_count", projects.size());
        return json;
    }

    // --- clients ---

    List<Map<String, @Nullable Object>> clients(long workspaceId, @Nullable String status, @Nullable String name) {
        requireWorkspace(workspaceId);
        String wanted = status == null ? "active" : status;
        return clients.values()
            .stream()
            .filter(c -> "both".equals(wanted) || c.archived == "archived".equals(wanted))
            .filter(c -> matches(c.name, name))
            .sorted(Comparator.comparing((Client c) -> c.name.toLowerCase(Locale.ROOT)))
            .map(this::client)
            .toList();
    }

    Map<String, @Nullable Object> client(long workspaceId, long id) {
        requireWorkspace(workspaceId);
        return client(existingClient(id));
    }

    Map<String, @Nullable Object> createClient(long workspaceId, JsonNode body, Instant now) {
        requireWorkspace(workspaceId);
        String name = newName(body, clients.values().stream().map(c -> c.name), "Name has already been taken");
        Client client = addClient(name, body.hasNonNull("notes") ? body.path("notes").asString() : null, now);
        return client(client);
    }

    Map<String, @Nullable Object> updateClient(long workspaceId, long id, JsonNode body, Instant now) {
        requireWorkspace(workspaceId);
        Client client = existingClient(id);
        if (body.hasNonNull("name")) {
            client.name = requiredName(body);
        }
        if (body.has("notes")) {
            client.notes = body.path("notes").isNull() ? null : body.path("notes").asString();
        }
        client.at = now;
        return client(client);
    }

    long deleteClient(long workspaceId, long id) {
        requireWorkspace(workspaceId);
        existingClient(id);
        clients.remove(id);
        projects.values().stream().filter(p -> Long.valueOf(id).equals(p.clientId)).forEach(p -> p.clientId = null);
        return id;
    }

    /** Archives the client and its active projects; answers the ids of the projects archived. */
    List<Long> archiveClient(long workspaceId, long id, Instant now) {
        requireWorkspace(workspaceId);
        Client client = existingClient(id);
        client.archived = true;
        client.at = now;
        List<Long> archived = new ArrayList<>();
        for (Project project : projects.values()) {
            if (project.active && Long.valueOf(id).equals(project.clientId)) {
                project.active = false;
                project.at = now;
                archived.add(project.id);
            }
        }
        return archived;
    }

    Map<String, @Nullable Object> restoreClient(long workspaceId, long id, JsonNode body, Instant now) {
        requireWorkspace(workspaceId);
        Client client = existingClient(id);
        client.archived = false;
        client.at = now;
        if (body.path("restore_all_projects").asBoolean(false)) {
            projects.values().stream().filter(p -> Long.valueOf(id).equals(p.clientId)).forEach(p -> {
                p.active = true;
                p.at = now;
            });
        }
        return client(client);
    }

    private Client existingClient(long id) {
        Client client = clients.get(id);
        if (client == null) {
            throw new TogglError(404, "Client not found");
        }
        return client;
    }

    private Map<String, @Nullable Object> client(Client client) {
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("id", client.id);
        json.put("wid", WORKSPACE_ID);
        json.put("name", client.name);
        json.put("notes", client.notes);
        json.put("archived", client.archived);
        json.put("at", time(client.at));
        json.put("creator_id", userId);
        absent(json, "permissions", "external_reference", "integration_ext_id", "integration_ext_type",
                "integration_provider");
        json.put("total_count", clients.size());
        return json;
    }

    // --- tags ---

    List<Map<String, @Nullable Object>> tags(long workspaceId, @Nullable String page, @Nullable String perPage) {
        requireWorkspace(workspaceId);
        List<Tag> sorted = tags.values().stream().sorted(Comparator.comparing((Tag t) -> t.name)).toList();
        if (perPage != null) {
            int size = (int) Math.max(1, number(perPage, "per_page"));
            int pageNumber = page == null ? 1 : (int) Math.max(1, number(page, "page"));
            sorted = sorted.stream().skip((long) (pageNumber - 1) * size).limit(size).toList();
        }
        return sorted.stream().map(this::tag).toList();
    }

    Map<String, @Nullable Object> createTag(long workspaceId, JsonNode body, Instant now) {
        requireWorkspace(workspaceId);
        Tag tag = new Tag(nextId, newName(body, tags.values().stream().map(t -> t.name), "Tag already exists"), now);
        nextId++;
        tags.put(tag.id, tag);
        return tag(tag);
    }

    Map<String, @Nullable Object> updateTag(long workspaceId, long id, JsonNode body, Instant now) {
        requireWorkspace(workspaceId);
        Tag tag = existingTag(id);
        tag.name = requiredName(body);
        tag.at = now;
        return tag(tag);
    }

    void deleteTag(long workspaceId, long id) {
        requireWorkspace(workspaceId);
        existingTag(id);
        tags.remove(id);
    }

    private Tag existingTag(long id) {
        Tag tag = tags.get(id);
        if (tag == null) {
            throw new TogglError(404, "Tag not found");
        }
        return tag;
    }

    private Map<String, @Nullable Object> tag(Tag tag) {
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("id", tag.id);
        json.put("workspace_id", WORKSPACE_ID);
        json.put("name", tag.name);
        json.put("creator_id", userId);
        json.put("at", time(tag.at));
        absent(json, "deleted_at", "permissions", "integration_ext_id", "integration_ext_type", "integration_provider");
        return json;
    }

    /** Fields Toggl sends that the sandbox has no value for: present, as {@code null}. */
    private static void absent(Map<String, @Nullable Object> json, String... names) {
        for (String name : names) {
            json.put(name, null);
        }
    }

    // --- parsing ---

    private static String requiredName(JsonNode body) {
        String name = body.path("name").isString() ? body.path("name").asString().strip() : "";
        if (name.isEmpty()) {
            throw new TogglError(400, "Name must be present");
        }
        return name;
    }

    /** The body's name, unless one of {@code taken} has it already (names are unique regardless of case). */
    private static String newName(JsonNode body, Stream<String> taken, String whenTaken) {
        String name = requiredName(body);
        if (taken.anyMatch(name::equalsIgnoreCase)) {
            throw new TogglError(400, whenTaken);
        }
        return name;
    }

    /** Toggl's {@code name} filter: case-insensitive, anywhere in the name. */
    private static boolean matches(String name, @Nullable String filter) {
        return filter == null || name.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT));
    }

    private static long number(String value, String name) {
        try {
            return Long.parseLong(value.strip());
        }
        catch (NumberFormatException ex) {
            throw new TogglError(400, "Invalid " + name);
        }
    }

    /** An RFC 3339 time, or a date taken as the start of that day in the user's time zone. */
    private Instant instant(String value, String name) {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        }
        catch (DateTimeParseException ex) {
            throw new TogglError(400, "Invalid " + name);
        }
    }

    private static String time(Instant instant) {
        return TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
