package dev.togglbff.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.togglbff.sandbox.SandboxAccount.Bucket;
import dev.togglbff.sandbox.SandboxAccount.Spend;
import dev.togglbff.web.QuotaHeaders;
import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The sandbox's Maton: {@code /connections} and Toggl Track v9 under {@code /toggl-track/api/v9},
 * at the same paths below {@code /sandbox/maton} as below {@code https://api.maton.ai}. Callers
 * authenticate as with Maton, with their (sandbox) key as bearer token. Every Toggl answer carries
 * the quota headers of its bucket; a spent bucket answers {@code 402}; queued faults answer first.
 * Not part of the API's OpenAPI description.
 */
@Hidden
@RestController
@RequestMapping(SandboxUpstreamController.BASE)
@Profile("!prod")
@ConditionalOnBooleanProperty("bff.sandbox.enabled")
class SandboxUpstreamController {

    static final String BASE = "/sandbox/maton";
    private static final String API = "/toggl-track/api/v9";
    private static final String WS = API + "/workspaces/{workspaceId}";
    private static final String CONNECTION_HEADER = "Maton-Connection";

    /** An answer before it is sent: status and JSON text. */
    private record Answer(int status, String body) {
    }

    private final SandboxAccounts accounts;
    private final SandboxProperties properties;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    SandboxUpstreamController(SandboxAccounts accounts, SandboxProperties properties, Clock clock) {
        this.accounts = accounts;
        this.properties = properties;
        this.clock = clock;
    }

    // --- Maton's connections (no Toggl quota, no faults) ---

    @GetMapping("/connections")
    ResponseEntity<String> connections(@RequestHeader HttpHeaders headers,
            @RequestParam(required = false) @Nullable String status) {
        return maton(headers, account -> {
            List<Map<String, Object>> list = account.connections()
                .entrySet()
                .stream()
                .filter(c -> status == null || "ACTIVE".equalsIgnoreCase(status))
                .map(c -> connection(c.getKey(), "ACTIVE", c.getValue()))
                .toList();
            return Map.of("connections", list);
        });
    }

    @PostMapping("/connections")
    ResponseEntity<String> createConnection(@RequestHeader HttpHeaders headers) {
        return maton(headers, account -> {
            String id = UUID.randomUUID().toString();
            Instant now = clock.instant();
            account.connections().put(id, now);
            return Map.of("connection", connection(id, "PENDING", now));
        });
    }

    @GetMapping("/connections/{connectionId}")
    ResponseEntity<String> connection(@RequestHeader HttpHeaders headers, @PathVariable String connectionId) {
        return maton(headers, account -> {
            Instant created = account.connections().get(connectionId);
            if (created == null) {
                throw new TogglError(404, "Connection not found");
            }
            return Map.of("connection", connection(connectionId, "ACTIVE", created));
        });
    }

    @DeleteMapping("/connections/{connectionId}")
    ResponseEntity<String> deleteConnection(@RequestHeader HttpHeaders headers, @PathVariable String connectionId) {
        return maton(headers, account -> {
            if (account.connections().remove(connectionId) == null) {
                throw new TogglError(404, "Connection not found");
            }
            return Map.of();
        });
    }

    /** Where a new connection's {@code url} points: in the sandbox, every connection is authorized at once. */
    @GetMapping(path = "/connect/{connectionId}", produces = MediaType.TEXT_PLAIN_VALUE)
    String connect(@PathVariable String connectionId) {
        return "This sandbox connection is authorized; you can close this page.";
    }

    private Map<String, Object> connection(String id, String status, Instant created) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("connection_id", id);
        connection.put("status", status);
        connection.put("creation_time", created.atOffset(ZoneOffset.UTC).toString());
        connection.put("last_updated_time", created.atOffset(ZoneOffset.UTC).toString());
        connection.put("url", ServletUriComponentsBuilder.fromCurrentContextPath()
            .path(BASE + "/connect/{id}")
            .buildAndExpand(id)
            .toUriString());
        connection.put("app", "toggl-track");
        connection.put("method", "OAUTH2");
        connection.put("metadata", Map.of());
        return connection;
    }

    private ResponseEntity<String> maton(HttpHeaders headers, Function<SandboxAccount, Object> operation) {
        SandboxAccount account = accounts.forAuthorization(headers.getFirst(HttpHeaders.AUTHORIZATION));
        if (account == null) {
            return respond(new Answer(401, "{\"error\":{\"message\":\"Invalid API key\"}}"), new HttpHeaders());
        }
        Answer answer;
        synchronized (account) {
            try {
                answer = new Answer(200, json.writeValueAsString(operation.apply(account)));
            }
            catch (TogglError ex) {
                answer = new Answer(ex.status(), json.writeValueAsString(Map.of("error", Map.of("message",
                        ex.getMessage()))));
            }
        }
        return respond(answer, new HttpHeaders());
    }

    // --- Toggl: the user ---

    @GetMapping(API + "/me")
    CompletableFuture<ResponseEntity<String>> me(@RequestHeader HttpHeaders headers) {
        return toggl(headers, Bucket.USER, account -> account.toggl().me());
    }

    @GetMapping(API + "/me/workspaces")
    CompletableFuture<ResponseEntity<String>> myWorkspaces(@RequestHeader HttpHeaders headers) {
        return toggl(headers, Bucket.USER,
                account -> List.of(account.toggl().workspace(SandboxToggl.WORKSPACE_ID, account.plan(), true)));
    }

    @GetMapping(API + "/me/quota")
    CompletableFuture<ResponseEntity<String>> quota(@RequestHeader HttpHeaders headers) {
        return toggl(headers, Bucket.USER, account -> {
            Instant now = clock.instant();
            return List.of(quota(null, account, Bucket.USER, now),
                    quota(SandboxToggl.ORGANIZATION_ID, account, Bucket.WORKSPACE, now));
        });
    }

    private static Map<String, @Nullable Object> quota(@Nullable Long organization, SandboxAccount account,
            Bucket bucket, Instant now) {
        Spend left = account.peek(bucket, now);
        Map<String, @Nullable Object> quota = new LinkedHashMap<>();
        quota.put("organization_id", organization);
        quota.put("remaining", left.remaining());
        quota.put("resets_in_secs", left.resetsInSeconds());
        quota.put("total", account.limit(bucket));
        return quota;
    }

    @GetMapping(API + "/me/time_entries")
    CompletableFuture<ResponseEntity<String>> timeEntries(@RequestHeader HttpHeaders headers,
            @RequestParam(required = false) @Nullable String since,
            @RequestParam(required = false) @Nullable String before,
            @RequestParam(name = "start_date", required = false) @Nullable String startDate,
            @RequestParam(name = "end_date", required = false) @Nullable String endDate) {
        return toggl(headers, Bucket.USER,
                account -> account.toggl().timeEntries(since, before, startDate, endDate, clock.instant()));
    }

    @GetMapping(API + "/me/time_entries/current")
    CompletableFuture<ResponseEntity<String>> currentEntry(@RequestHeader HttpHeaders headers) {
        return toggl(headers, Bucket.USER, account -> account.toggl().currentEntry());
    }

    @GetMapping(API + "/me/time_entries/{entryId}")
    CompletableFuture<ResponseEntity<String>> timeEntry(@RequestHeader HttpHeaders headers,
            @PathVariable long entryId) {
        return toggl(headers, Bucket.USER, account -> account.toggl().timeEntry(entryId));
    }

    // --- Toggl: the workspace ---

    @GetMapping(WS)
    CompletableFuture<ResponseEntity<String>> workspace(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().workspace(workspaceId, account.plan(), false));
    }

    @GetMapping(WS + "/users")
    CompletableFuture<ResponseEntity<String>> workspaceUsers(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId) {
        return toggl(headers, Bucket.WORKSPACE, account -> account.toggl().workspaceUsers(workspaceId));
    }

    @PostMapping(WS + "/time_entries")
    CompletableFuture<ResponseEntity<String>> createEntry(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @RequestBody(required = false) @Nullable String body) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().createEntry(workspaceId, parse(body), clock.instant()));
    }

    @PutMapping(WS + "/time_entries/{entryId}")
    CompletableFuture<ResponseEntity<String>> updateEntry(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long entryId,
            @RequestBody(required = false) @Nullable String body) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().updateEntry(workspaceId, entryId, parse(body), clock.instant()));
    }

    @PatchMapping(WS + "/time_entries/{entryId}/stop")
    CompletableFuture<ResponseEntity<String>> stopEntry(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long entryId) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().stopEntry(workspaceId, entryId, clock.instant()));
    }

    @DeleteMapping(WS + "/time_entries/{entryId}")
    CompletableFuture<ResponseEntity<String>> deleteEntry(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long entryId) {
        return toggl(headers, Bucket.WORKSPACE, account -> {
            account.toggl().deleteEntry(workspaceId, entryId, clock.instant());
            return Empty.BODY;
        });
    }

    @GetMapping(WS + "/projects")
    CompletableFuture<ResponseEntity<String>> projects(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @RequestParam(required = false) @Nullable String active,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String since,
            @RequestParam(required = false) @Nullable String page,
            @RequestParam(name = "per_page", required = false) @Nullable String perPage) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().projects(workspaceId, active, name, since, page, perPage));
    }

    @GetMapping(WS + "/projects/{projectId}")
    CompletableFuture<ResponseEntity<String>> project(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long projectId) {
        return toggl(headers, Bucket.WORKSPACE, account -> account.toggl().project(workspaceId, projectId));
    }

    @PostMapping(WS + "/projects")
    CompletableFuture<ResponseEntity<String>> createProject(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @RequestBody(required = false) @Nullable String body) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().createProject(workspaceId, parse(body), clock.instant()));
    }

    @PutMapping(WS + "/projects/{projectId}")
    CompletableFuture<ResponseEntity<String>> updateProject(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long projectId,
            @RequestBody(required = false) @Nullable String body) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().updateProject(workspaceId, projectId, parse(body), clock.instant()));
    }

    @DeleteMapping(WS + "/projects/{projectId}")
    CompletableFuture<ResponseEntity<String>> deleteProject(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long projectId) {
        return toggl(headers, Bucket.WORKSPACE, account -> account.toggl().deleteProject(workspaceId, projectId));
    }

    @GetMapping(WS + "/clients")
    CompletableFuture<ResponseEntity<String>> clients(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String name) {
        return toggl(headers, Bucket.WORKSPACE, account -> account.toggl().clients(workspaceId, status, name));
    }

    @GetMapping(WS + "/clients/{clientId}")
    CompletableFuture<ResponseEntity<String>> client(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long clientId) {
        return toggl(headers, Bucket.WORKSPACE, account -> account.toggl().client(workspaceId, clientId));
    }

    @PostMapping(WS + "/clients")
    CompletableFuture<ResponseEntity<String>> createClient(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @RequestBody(required = false) @Nullable String body) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().createClient(workspaceId, parse(body), clock.instant()));
    }

    @PutMapping(WS + "/clients/{clientId}")
    CompletableFuture<ResponseEntity<String>> updateClient(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long clientId,
            @RequestBody(required = false) @Nullable String body) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().updateClient(workspaceId, clientId, parse(body), clock.instant()));
    }

    @DeleteMapping(WS + "/clients/{clientId}")
    CompletableFuture<ResponseEntity<String>> deleteClient(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long clientId) {
        return toggl(headers, Bucket.WORKSPACE, account -> account.toggl().deleteClient(workspaceId, clientId));
    }

    @PostMapping(WS + "/clients/{clientId}/archive")
    CompletableFuture<ResponseEntity<String>> archiveClient(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long clientId) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().archiveClient(workspaceId, clientId, clock.instant()));
    }

    @PostMapping(WS + "/clients/{clientId}/restore")
    CompletableFuture<ResponseEntity<String>> restoreClient(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long clientId,
            @RequestBody(required = false) @Nullable String body) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().restoreClient(workspaceId, clientId, parse(body), clock.instant()));
    }

    @GetMapping(WS + "/tags")
    CompletableFuture<ResponseEntity<String>> tags(@RequestHeader HttpHeaders headers, @PathVariable long workspaceId,
            @RequestParam(required = false) @Nullable String page,
            @RequestParam(name = "per_page", required = false) @Nullable String perPage) {
        return toggl(headers, Bucket.WORKSPACE, account -> account.toggl().tags(workspaceId, page, perPage));
    }

    @PostMapping(WS + "/tags")
    CompletableFuture<ResponseEntity<String>> createTag(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @RequestBody(required = false) @Nullable String body) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().createTag(workspaceId, parse(body), clock.instant()));
    }

    @PutMapping(WS + "/tags/{tagId}")
    CompletableFuture<ResponseEntity<String>> updateTag(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long tagId,
            @RequestBody(required = false) @Nullable String body) {
        return toggl(headers, Bucket.WORKSPACE,
                account -> account.toggl().updateTag(workspaceId, tagId, parse(body), clock.instant()));
    }

    @DeleteMapping(WS + "/tags/{tagId}")
    CompletableFuture<ResponseEntity<String>> deleteTag(@RequestHeader HttpHeaders headers,
            @PathVariable long workspaceId, @PathVariable long tagId) {
        return toggl(headers, Bucket.WORKSPACE, account -> {
            account.toggl().deleteTag(workspaceId, tagId);
            return Empty.BODY;
        });
    }

    // --- plumbing ---

    /** The answer of an operation that Toggl answers with an empty body. */
    private enum Empty {
        BODY
    }

    /**
     * Answers one Toggl call of the caller's account: a queued fault if there is one, else
     * {@code 402} when the bucket is spent, else the operation's result (or Toggl's error) with
     * the bucket's quota headers; a queued stall holds the answer back.
     */
    private CompletableFuture<ResponseEntity<String>> toggl(HttpHeaders request, Bucket bucket,
            Function<SandboxAccount, @Nullable Object> operation) {
        SandboxAccount account = accounts.forAuthorization(request.getFirst(HttpHeaders.AUTHORIZATION));
        if (account == null) {
            HttpHeaders missing = new HttpHeaders();
            missing.set("X-Authorization-Missing", "true");
            return CompletableFuture.completedFuture(ResponseEntity.status(401).headers(missing).build());
        }
        HttpHeaders headers = new HttpHeaders();
        Answer answer;
        Fault fault;
        synchronized (account) {
            String connection = request.getFirst(CONNECTION_HEADER);
            if (connection != null && !account.connections().containsKey(connection)) {
                return CompletableFuture.completedFuture(respond(
                        new Answer(400, "{\"error\":{\"message\":\"Connection not found\"}}"), headers));
            }
            fault = account.nextFault();
            if (fault != null && fault.type() != Fault.Type.STALL) {
                return CompletableFuture.completedFuture(faulted(fault));
            }
            Instant now = clock.instant();
            Spend spend = account.spend(bucket, now);
            headers.set(QuotaHeaders.REMAINING, Long.toString(spend.remaining()));
            headers.set(QuotaHeaders.RESETS_IN, Long.toString(spend.resetsInSeconds()));
            if (!spend.allowed()) {
                answer = new Answer(402, json.writeValueAsString("You have hit your hourly limit for API calls. "
                        + "Your quota will reset in " + spend.resetsInSeconds() + " seconds."));
            }
            else {
                answer = run(account, operation);
            }
        }
        ResponseEntity<String> response = respond(answer, headers);
        if (fault == null) {
            return CompletableFuture.completedFuture(response);
        }
        return CompletableFuture.supplyAsync(() -> response,
                CompletableFuture.delayedExecutor(properties.stall().toMillis(), TimeUnit.MILLISECONDS));
    }

    private Answer run(SandboxAccount account, Function<SandboxAccount, @Nullable Object> operation) {
        try {
            Object result = operation.apply(account);
            return new Answer(200, result == Empty.BODY ? "" : json.writeValueAsString(result));
        }
        catch (TogglError ex) {
            return new Answer(ex.status(), json.writeValueAsString(ex.getMessage()));
        }
    }

    private ResponseEntity<String> faulted(Fault fault) {
        HttpHeaders headers = new HttpHeaders();
        return switch (fault.type()) {
            case RATE_LIMIT -> {
                if (fault.retryAfterSeconds() != null) {
                    headers.set(HttpHeaders.RETRY_AFTER, fault.retryAfterSeconds().toString());
                }
                yield ResponseEntity.status(429).headers(headers).contentType(MediaType.TEXT_HTML)
                    .body("<html><body><h1>429 Too Many Requests</h1></body></html>");
            }
            case SERVER_ERROR -> ResponseEntity.status(fault.status()).contentType(MediaType.TEXT_HTML)
                .body("<html><body><h1>" + fault.status() + " Server Error</h1></body></html>");
            case PLAN_LIMIT -> respond(new Answer(402,
                    json.writeValueAsString("This feature is not available on the workspace's current plan")),
                    headers);
            case STALL -> throw new IllegalStateException("a stall is answered late, not instead");
        };
    }

    private static ResponseEntity<String> respond(Answer answer, HttpHeaders headers) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(answer.status()).headers(headers);
        return answer.body().isEmpty() ? builder.build()
                : builder.contentType(MediaType.APPLICATION_JSON).body(answer.body());
    }

    private JsonNode parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (!node.isObject()) {
                throw new TogglError(400, "JSON is not valid");
            }
            return node;
        }
        catch (tools.jackson.core.JacksonException ex) {
            throw new TogglError(400, "JSON is not valid");
        }
    }
}
