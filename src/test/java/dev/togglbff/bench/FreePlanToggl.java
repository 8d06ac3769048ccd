package dev.togglbff.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful stand-in for Maton and Toggl on Toggl's Free plan, for the quota-day benchmark: one
 * shared workspace with projects and tags, time entries per Maton key (each key is one person),
 * and Toggl's hourly quota enforced on the benchmark's clock: 30 requests per sliding hour in each
 * person's user bucket ({@code /me…}) and workspace bucket, {@code 402} with quota headers past it.
 * Every request is logged with its key, bucket and (benchmark) time.
 */
final class FreePlanToggl implements AutoCloseable {

    static final long WORKSPACE = 9001;
    static final long ORGANIZATION = 9901;
    static final int LIMIT = 30;
    private static final String API = "/toggl-track/api/v9";
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Pattern ENTRY = Pattern.compile(API + "/workspaces/\\d+/time_entries/(\\d+)(/stop)?");

    /** One request as the stand-in saw it. */
    record Request(String key, String bucket, Instant at, String method, String path, int status) {
    }

    private final HttpServer server;
    private final Supplier<Instant> clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicLong ids = new AtomicLong(5_000_000);
    private final List<Request> log = new ArrayList<>();
    private final Map<String, Map<Long, ObjectNode>> entries = new ConcurrentHashMap<>();
    private final Map<Long, ObjectNode> projects = new LinkedHashMap<>();
    private final Map<Long, ObjectNode> tags = new LinkedHashMap<>();

    FreePlanToggl(Supplier<Instant> clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        for (String name : List.of("Website", "Backend", "Mobile app", "Support", "Internal")) {
            long id = ids.incrementAndGet();
            projects.put(id, project(id, name));
        }
        for (String name : List.of("meetings", "deep work", "review")) {
            long id = ids.incrementAndGet();
            tags.put(id, json.createObjectNode().put("id", id).put("workspace_id", WORKSPACE).put("name", name));
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<Request> requests() {
        return List.copyOf(log);
    }

    /** A person's week so far: one or two entries on each working day before today. */
    synchronized void seed(String key, LocalDate monday, LocalDate today) {
        Map<Long, ObjectNode> mine = entries.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        List<Long> projectIds = new ArrayList<>(projects.keySet());
        for (LocalDate day = monday.minusWeeks(1); day.isBefore(today); day = day.plusDays(1)) {
            if (day.getDayOfWeek().getValue() > 5) {
                continue;
            }
            Instant start = day.atTime(9, 0).atZone(ZONE).toInstant();
            long id = ids.incrementAndGet();
            mine.put(id, entry(id, projectIds.get((int) (id % projectIds.size())), "Work", start, start.plusSeconds(3 * 3600)));
            Instant afternoon = day.atTime(13, 30).atZone(ZONE).toInstant();
            id = ids.incrementAndGet();
            mine.put(id, entry(id, null, "Support", afternoon, afternoon.plusSeconds(2 * 3600)));
        }
    }

    /** A change made in Toggl itself, not through the service: the person's running entry is stopped. */
    synchronized boolean stopElsewhere(String key) {
        for (ObjectNode entry : entries.getOrDefault(key, Map.of()).values()) {
            if (entry.path("stop").isNull()) {
                stop(entry);
                return true;
            }
        }
        return false;
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String key = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        String method = exchange.getRequestMethod();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (key == null) {
            send(exchange, 401, "");
            return;
        }
        if (path.equals("/connections")) {
            send(exchange, 200, "{\"connections\":[]}");
            return;
        }
        String bucket = path.startsWith(API + "/me") ? "user" : "organization:" + ORGANIZATION;
        Instant now = clock.get();
        long used = log.stream()
            .filter(r -> r.key().equals(key) && r.bucket().equals(bucket) && r.status() != 402
                    && r.at().isAfter(now.minus(Duration.ofHours(1))))
            .count();
        Instant oldest = log.stream()
            .filter(r -> r.key().equals(key) && r.bucket().equals(bucket) && r.status() != 402
                    && r.at().isAfter(now.minus(Duration.ofHours(1))))
            .map(Request::at)
            .findFirst()
            .orElse(now);
        long resetsIn = Math.max(1, Duration.between(now, oldest.plus(Duration.ofHours(1))).toSeconds());
        exchange.getResponseHeaders().add("X-Toggl-Quota-Resets-In", Long.toString(resetsIn));
        if (used >= LIMIT) {
            exchange.getResponseHeaders().add("X-Toggl-Quota-Remaining", "0");
            log.add(new Request(key, bucket, now, method, path, 402));
            send(exchange, 402, "\"You have hit your hourly quota\"");
            return;
        }
        exchange.getResponseHeaders().add("X-Toggl-Quota-Remaining", Long.toString(LIMIT - used - 1));
        String answer = answer(key, method, path, uri.getRawQuery(), body);
        int status = answer == null ? 404 : 200;
        log.add(new Request(key, bucket, now, method, path, status));
        send(exchange, status, answer == null ? "\"not found\"" : answer);
    }

    private String answer(String key, String method, String path, String query, byte[] body) {
        Map<Long, ObjectNode> mine = entries.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        Map<String, String> params = params(query);
        String ws = API + "/workspaces/" + WORKSPACE;
        if (method.equals("GET")) {
            switch (path) {
                case API + "/me":
                    return "{\"id\":" + Math.abs(key.hashCode()) + ",\"email\":\"someone@example.test\",\"fullname\":\"Someone\","
                            + "\"timezone\":\"Europe/Berlin\",\"default_workspace_id\":" + WORKSPACE + ",\"beginning_of_week\":1}";
                case API + "/me/workspaces":
                    return "[{\"id\":" + WORKSPACE + ",\"organization_id\":" + ORGANIZATION + ",\"name\":\"Team\",\"premium\":false}]";
                case API + "/me/time_entries":
                    return write(timeEntries(mine, params));
                case API + "/me/time_entries/current":
                    return mine.values().stream().filter(e -> e.path("stop").isNull()).findFirst()
                        .map(this::write).orElse("null");
                default:
                    break;
            }
            if (path.equals(ws)) {
                return "{\"id\":" + WORKSPACE + ",\"organization_id\":" + ORGANIZATION + ",\"name\":\"Team\",\"premium\":false}";
            }
            if (path.equals(ws + "/users")) {
                return "[{\"id\":1,\"email\":\"a@example.test\",\"fullname\":\"A\"}]";
            }
            if (path.equals(ws + "/projects")) {
                int page = Integer.parseInt(params.getOrDefault("page", "1"));
                int per = Integer.parseInt(params.getOrDefault("per_page", "151"));
                return write(projects.values().stream().skip((long) (page - 1) * per).limit(per).toList());
            }
            if (path.equals(ws + "/clients")) {
                return "[]";
            }
            if (path.equals(ws + "/tags")) {
                return write(List.copyOf(tags.values()));
            }
            return null;
        }
        JsonNode input = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        if (method.equals("POST") && path.equals(ws + "/time_entries")) {
            long id = ids.incrementAndGet();
            Instant start = OffsetDateTime.parse(input.path("start").asString()).toInstant();
            ObjectNode created = entry(id, input.path("project_id").isNumber() ? input.path("project_id").asLong() : null,
                    input.path("description").asString(""), start, null);
            if (input.path("duration").asLong(-1) < 0) {
                mine.values().stream().filter(e -> e.path("stop").isNull()).forEach(this::stop);
            }
            mine.put(id, created);
            return write(created);
        }
        if (method.equals("POST") && path.equals(ws + "/projects")) {
            long id = ids.incrementAndGet();
            ObjectNode created = project(id, input.path("name").asString());
            projects.put(id, created);
            return write(created);
        }
        Matcher entry = ENTRY.matcher(path);
        if (entry.matches()) {
            ObjectNode existing = mine.get(Long.parseLong(entry.group(1)));
            if (existing == null) {
                return null;
            }
            if (entry.group(2) != null && method.equals("PATCH")) {
                stop(existing);
            }
            else if (method.equals("PUT")) {
                if (input.has("description")) {
                    existing.put("description", input.path("description").asString());
                }
                existing.put("at", now());
            }
            return write(existing);
        }
        return null;
    }

    private List<ObjectNode> timeEntries(Map<Long, ObjectNode> mine, Map<String, String> params) {
        if (params.containsKey("since")) {
            Instant since = Instant.ofEpochSecond(Long.parseLong(params.get("since")));
            return mine.values().stream()
                .filter(e -> !OffsetDateTime.parse(e.path("at").asString()).toInstant().isBefore(since))
                .toList();
        }
        Instant from = LocalDate.parse(params.get("start_date")).atStartOfDay(ZONE).toInstant();
        Instant to = LocalDate.parse(params.get("end_date")).atStartOfDay(ZONE).toInstant();
        return mine.values().stream().filter(e -> {
            Instant start = OffsetDateTime.parse(e.path("start").asString()).toInstant();
            return !start.isBefore(from) && start.isBefore(to);
        }).toList();
    }

    private ObjectNode entry(long id, Long projectId, String description, Instant start, Instant stop) {
        ObjectNode node = json.createObjectNode()
            .put("id", id)
            .put("workspace_id", WORKSPACE)
            .put("user_id", 1)
            .put("description", description)
            .put("billable", false)
            .put("start", start.atOffset(ZoneOffset.UTC).toString())
            .put("at", now());
        if (projectId == null) {
            node.putNull("project_id");
        }
        else {
            node.put("project_id", projectId.longValue());
        }
        node.set("tag_ids", json.createArrayNode());
        node.putNull("tags");
        if (stop == null) {
            node.putNull("stop");
            node.put("duration", -start.getEpochSecond());
        }
        else {
            node.put("stop", stop.atOffset(ZoneOffset.UTC).toString());
            node.put("duration", Duration.between(start, stop).toSeconds());
        }
        return node;
    }

    private void stop(ObjectNode entry) {
        Instant start = OffsetDateTime.parse(entry.path("start").asString()).toInstant();
        Instant now = clock.get();
        entry.put("stop", now.atOffset(ZoneOffset.UTC).toString());
        entry.put("duration", Math.max(0, Duration.between(start, now).toSeconds()));
        entry.put("at", now());
    }

    private ObjectNode project(long id, String name) {
        return json.createObjectNode().put("id", id).put("workspace_id", WORKSPACE).put("name", name)
            .put("active", true).put("is_private", false).put("color", "#06aaf5").put("billable", false);
    }

    private String now() {
        return clock.get().atOffset(ZoneOffset.UTC).toString();
    }

    private String write(Object value) {
        return json.writeValueAsString(value);
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                params.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
