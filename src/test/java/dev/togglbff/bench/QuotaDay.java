package dev.togglbff.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.MutableClock;
import dev.togglbff.support.TestUsers;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * One replay of the quota day: a team of three through a working day (08:00–18:00, compressed onto
 * a clock the replay moves minute by minute), against {@link FreePlanToggl}. Each person keeps the
 * web dashboard open (a refresh every 5 minutes), polls the timer from a phone every minute for four
 * hours, starts and stops the timer six times and edits two entries; one creates a project their
 * teammates then see, and one has a timer stopped in Toggl itself.
 * <p>
 * Every call goes to one of the given instances, as a load balancer would send it: always the first
 * ({@link Spread#ONE}), in turn ({@link Spread#ROUND_ROBIN}, nginx's default), or at random with a
 * fixed seed ({@link Spread#RANDOM}).
 */
final class QuotaDay {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    static final Instant MORNING = DAY.atTime(8, 0).atZone(BERLIN).toInstant();
    static final int MINUTES = 10 * 60;
    static final int BUDGET = 24;

    enum Screen {
        /** The web dashboard as five calls: timer, today's entries, projects, tags, the week's summary. */
        FIVE_CALLS("five calls"),
        /** The web dashboard as one call to {@code /dashboard}. */
        DASHBOARD("one `/dashboard` call");

        final String label;

        Screen(String label) {
            this.label = label;
        }
    }

    /** How calls are spread over the instances. */
    enum Spread {
        ONE, ROUND_ROBIN, RANDOM
    }

    /** One running instance of the service: where it answers and its meters. */
    record Instance(int port, MeterRegistry meters) {
    }

    /**
     * What a day cost and how it looked to the team. {@code maxPerHour}: the most requests one key
     * sent within any 60 minutes, all and reads alone, to the user bucket and the workspace bucket.
     */
    record Result(int reads, int withoutToggl, int upstream, int upstreamReads, int[] maxPerHour, int errors,
            long payments, long projectLag, long stopLag) {

        double share() {
            return 100.0 * withoutToggl / reads;
        }
    }

    private record Person(TestUsers.SignedIn user, String key, String team) {
    }

    private final FreePlanToggl toggl;
    private final MutableClock clock;
    private final List<Instance> instances;
    private final List<ApiClient> apis = new ArrayList<>();
    private final Spread spread;
    private final Random random = new Random(20261126);
    private int turn;

    QuotaDay(FreePlanToggl toggl, MutableClock clock, List<Instance> instances, Spread spread) {
        this.toggl = toggl;
        this.clock = clock;
        this.instances = instances;
        this.spread = spread;
        for (Instance instance : instances) {
            apis.add(new ApiClient(instance.port()));
        }
    }

    /** The instance the next call goes to. */
    private ApiClient api() {
        return switch (spread) {
            case ONE -> apis.get(0);
            case ROUND_ROBIN -> apis.get(turn++ % apis.size());
            case RANDOM -> apis.get(random.nextInt(apis.size()));
        };
    }

    /** Replays the day; {@code run} names its users, team and request log. */
    Result day(Screen screen, String run) {
        clock.set(MORNING);
        List<Person> people = new ArrayList<>();
        String teamId = null;
        for (int p = 0; p < 3; p++) {
            TestUsers.SignedIn user = TestUsers.register(api(), "bench-" + run + "-" + p);
            String key = "bench-key-" + UUID.randomUUID();
            toggl.seed(key, MONDAY, DAY);
            check(api().send("PUT", "/api/v1/me/maton-key", "{\"apiKey\":\"" + key + "\"}", user.bearer()), 200);
            if (teamId == null) {
                teamId = check(api().post("/api/v1/teams", "{\"name\":\"Bench " + run + "\",\"workspaceId\":"
                        + FreePlanToggl.WORKSPACE + "}", user.bearer()), 201).json().path("id").asString();
            }
            else {
                check(api().post("/api/v1/teams/" + teamId + "/members", "{\"username\":\"" + user.username()
                        + "\",\"role\":\"ADMIN\"}", people.get(0).user().bearer()), 201);
            }
            people.add(new Person(user, key, "/api/v1/teams/" + teamId));
        }
        int sentBefore = toggl.requests().size();

        int reads = 0;
        int withoutToggl = 0;
        int errors = 0;
        Instant projectCreated = null;
        long projectLag = 0;
        Instant stoppedElsewhere = null;
        long stopLag = -1;
        Map<Integer, List<Long>> lastEntries = new HashMap<>();
        for (int minute = 0; minute < MINUTES; minute++) {
            LocalTime time = LocalTime.of(8, 0).plusMinutes(minute);
            for (int p = 0; p < people.size(); p++) {
                Person person = people.get(p);
                LocalTime mine = time.minusMinutes(7L * p);
                List<String> paths = new ArrayList<>();
                if ((minute + p) % 5 == 0) {
                    if (screen == Screen.DASHBOARD) {
                        paths.add("/dashboard");
                    }
                    else {
                        paths.add("/timer");
                        paths.add("/time-entries?from=" + DAY + "&to=" + DAY);
                        paths.add("/projects");
                        paths.add("/tags");
                        paths.add("/summary?from=" + MONDAY + "&to=" + MONDAY.plusDays(6));
                    }
                }
                boolean phone = (!time.isBefore(LocalTime.of(10, 0)) && time.isBefore(LocalTime.of(12, 0)))
                        || (!time.isBefore(LocalTime.of(14, 0)) && time.isBefore(LocalTime.of(16, 0)));
                if (phone) {
                    paths.add("/timer");
                }
                for (String path : paths) {
                    ApiClient.Response response = api().get(person.team() + path, person.user().bearer());
                    reads++;
                    // Answered from a copy (fresh, or while a background refresh runs): no upstream request waited for.
                    if (response.header("Cache-Status").orElse("").startsWith("toggl-bff; hit")) {
                        withoutToggl++;
                    }
                    if (response.status() >= 400) {
                        errors++;
                        continue;
                    }
                    if (path.startsWith("/time-entries")) {
                        lastEntries.put(p, response.json().valueStream()
                            .filter(e -> !e.path("running").asBoolean())
                            .map(e -> e.path("id").asLong())
                            .toList());
                    }
                    Boolean shows = projectCreated != null && p > 0 ? showsProject(screen, path, response) : null;
                    if (Boolean.FALSE.equals(shows)) {
                        projectLag = Math.max(projectLag, Duration.between(projectCreated, clock.instant()).toSeconds());
                    }
                    if (stoppedElsewhere != null && p == 2 && stopLag < 0 && path.equals("/timer")
                            && response.status() == 204) {
                        stopLag = Duration.between(stoppedElsewhere, clock.instant()).toSeconds();
                    }
                    if (stoppedElsewhere != null && p == 2 && path.equals("/dashboard") && stopLag < 0
                            && response.json().path("timer").isNull()) {
                        stopLag = Duration.between(stoppedElsewhere, clock.instant()).toSeconds();
                    }
                }
                errors += writes(person, mine, lastEntries.getOrDefault(p, List.of()));
            }
            if (time.equals(LocalTime.of(11, 20))) {
                check(api().post(people.get(0).team() + "/projects", "{\"name\":\"Launch " + run + "\"}",
                        people.get(0).user().bearer()), 201);
                projectCreated = clock.instant();
            }
            if (time.equals(LocalTime.of(16, 0)) && toggl.stopElsewhere(people.get(2).key())) {
                stoppedElsewhere = clock.instant();
            }
            // Background refreshes take milliseconds in real time: let them finish within the simulated minute.
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                .until(() -> instances.stream()
                    .allMatch(instance -> instance.meters().get("bff.refreshes.pending").gauge().value() == 0));
            clock.advance(Duration.ofMinutes(1));
        }

        List<FreePlanToggl.Request> sent = toggl.requests().subList(sentBefore, toggl.requests().size());
        log(run, people, sent);
        long payments = sent.stream().filter(r -> r.status() == 402).count();
        int[] max = new int[4];
        String organization = "organization:" + FreePlanToggl.ORGANIZATION;
        for (Person person : people) {
            max[0] = Math.max(max[0], maxPerHour(sent, person.key(), "user", false));
            max[1] = Math.max(max[1], maxPerHour(sent, person.key(), "user", true));
            max[2] = Math.max(max[2], maxPerHour(sent, person.key(), organization, false));
            max[3] = Math.max(max[3], maxPerHour(sent, person.key(), organization, true));
        }
        int upstreamReads = (int) sent.stream().filter(r -> r.method().equals("GET")).count();
        return new Result(reads, withoutToggl, sent.size(), upstreamReads, max, errors, payments, projectLag, stopLag);
    }

    /** Whether a read listing projects shows the teammate's new one; {@code null} for reads that list none. */
    private static Boolean showsProject(Screen screen, String path, ApiClient.Response response) {
        JsonNode list = screen == Screen.DASHBOARD && path.equals("/dashboard") ? response.json().path("projects")
                : path.equals("/projects") ? response.json().path("items") : null;
        return list == null ? null
                : list.valueStream().anyMatch(project -> project.path("name").asString().startsWith("Launch"));
    }

    /** The person's writes at this minute of their day; returns the number of failed writes. */
    private int writes(Person person, LocalTime time, List<Long> entries) {
        int failed = 0;
        if (List.of(LocalTime.of(9, 0), LocalTime.of(10, 45), LocalTime.of(13, 0)).contains(time)) {
            failed += api().post(person.team() + "/timer/start", "{\"description\":\"Work\"}", person.user().bearer())
                .status() == 201 ? 0 : 1;
        }
        if (List.of(LocalTime.of(10, 30), LocalTime.of(12, 15), LocalTime.of(17, 0)).contains(time)) {
            int status = api().post(person.team() + "/timer/stop", null, person.user().bearer()).status();
            failed += status == 200 || status == 409 ? 0 : 1;
        }
        if ((time.equals(LocalTime.of(11, 0)) || time.equals(LocalTime.of(15, 30))) && !entries.isEmpty()) {
            failed += api().send("PATCH", person.team() + "/time-entries/" + entries.get(0),
                    "{\"description\":\"Edited at " + time + "\"}", person.user().bearer()).status() == 200 ? 0 : 1;
        }
        return failed;
    }

    /** Every request the stand-in saw in the run, for a look at where the quota went. */
    private static void log(String run, List<Person> people, List<FreePlanToggl.Request> sent) {
        StringBuilder csv = new StringBuilder("person,bucket,time,method,path,status\n");
        for (FreePlanToggl.Request request : sent) {
            int person = people.stream().map(Person::key).toList().indexOf(request.key());
            csv.append(person).append(',').append(request.bucket()).append(',')
                .append(request.at().atZone(BERLIN).toLocalTime()).append(',').append(request.method()).append(',')
                .append(request.path()).append(',').append(request.status()).append('\n');
        }
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "quota-day-" + run + ".csv"), csv);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The most requests (or reads alone) the key sent to the bucket within any 60 minutes. */
    private static int maxPerHour(List<FreePlanToggl.Request> sent, String key, String bucket, boolean readsOnly) {
        List<Instant> times = sent.stream()
            .filter(r -> r.key().equals(key) && r.bucket().equals(bucket) && (!readsOnly || r.method().equals("GET")))
            .map(FreePlanToggl.Request::at)
            .sorted()
            .toList();
        int max = 0;
        int first = 0;
        for (int last = 0; last < times.size(); last++) {
            while (!times.get(first).isAfter(times.get(last).minus(Duration.ofHours(1)))) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }

    private static ApiClient.Response check(ApiClient.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("Setup call answered " + response.status() + ": " + response.body());
        }
        return response;
    }

    /** Writes a report (markdown) where {@code bench.output} (or {@code fallback} under target/) says. */
    static void report(String property, String fallback, List<String> rows) {
        String report = String.join("\n", rows) + "\n";
        System.out.println(report);
        Path output = Path.of(System.getProperty(property, "target/" + fallback));
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, report);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static String formatted(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
