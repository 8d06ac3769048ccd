package dev.togglbff.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import dev.togglbff.support.TestUsers;
import dev.togglbff.support.TogglStubs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every team route, called by an OWNER, an ADMIN, a MEMBER, a signed-in non-member and an
 * anonymous caller, against one table of the lowest role each route needs. Each call gets a
 * fresh team, so that a route that changes or deletes things cannot affect the next call.
 */
@IntegrationTest
@Import(MutableClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTests {

    static final long WORKSPACE = 8401;

    enum Caller {
        OWNER, ADMIN, MEMBER, NON_MEMBER, ANONYMOUS
    }

    enum Needs {
        MEMBER, ADMIN, OWNER
    }

    /** One route: method, path below the team (with {target} for another member's id), body, who may, what success is. */
    record Route(String method, String path, String body, Needs needs, int success) {

        String pattern() {
            return "/api/v1/teams/{teamId}" + path.replaceAll("\\?.*", "")
                .replace("{target}", "{userId}")
                .replaceAll("/501$", "/{projectId}")
                .replaceAll("/301(/|$)", "/{clientId}$1")
                .replaceAll("/601$", "/{tagId}")
                .replaceAll("/7001$", "/{entryId}");
        }
    }

    static final List<Route> ROUTES = List.of(
            new Route("GET", "", null, Needs.MEMBER, 200),
            new Route("PATCH", "", "{\"name\":\"Renamed\"}", Needs.OWNER, 200),
            new Route("DELETE", "", null, Needs.OWNER, 204),
            new Route("GET", "/members", null, Needs.MEMBER, 200),
            new Route("POST", "/members", "{\"username\":\"{candidate}\",\"role\":\"MEMBER\"}", Needs.ADMIN, 201),
            new Route("PATCH", "/members/{target}", "{\"role\":\"ADMIN\"}", Needs.ADMIN, 200),
            new Route("DELETE", "/members/{target}", null, Needs.ADMIN, 204),
            new Route("GET", "/workspace", null, Needs.MEMBER, 200),
            new Route("GET", "/workspace/users", null, Needs.MEMBER, 200),
            new Route("GET", "/projects", null, Needs.MEMBER, 200),
            new Route("GET", "/projects/501", null, Needs.MEMBER, 200),
            new Route("POST", "/projects", "{\"name\":\"New project\"}", Needs.ADMIN, 201),
            new Route("PATCH", "/projects/501", "{\"name\":\"Renamed\"}", Needs.ADMIN, 200),
            new Route("DELETE", "/projects/501", null, Needs.ADMIN, 204),
            new Route("GET", "/clients", null, Needs.MEMBER, 200),
            new Route("GET", "/clients/301", null, Needs.MEMBER, 200),
            new Route("POST", "/clients", "{\"name\":\"New client\"}", Needs.ADMIN, 201),
            new Route("PATCH", "/clients/301", "{\"name\":\"Renamed\"}", Needs.ADMIN, 200),
            new Route("DELETE", "/clients/301", null, Needs.ADMIN, 204),
            new Route("POST", "/clients/301/archive", null, Needs.ADMIN, 204),
            new Route("POST", "/clients/301/restore", "{\"restoreAllProjects\":true}", Needs.ADMIN, 200),
            new Route("GET", "/tags", null, Needs.MEMBER, 200),
            new Route("POST", "/tags", "{\"name\":\"new tag\"}", Needs.ADMIN, 201),
            new Route("PATCH", "/tags/601", "{\"name\":\"renamed\"}", Needs.ADMIN, 200),
            new Route("DELETE", "/tags/601", null, Needs.ADMIN, 204),
            new Route("GET", "/time-entries?from=2026-11-23&to=2026-11-29", null, Needs.MEMBER, 200),
            new Route("GET", "/time-entries/7001", null, Needs.MEMBER, 200),
            new Route("POST", "/time-entries", "{\"start\":\"2026-11-23T09:00:00Z\",\"durationSeconds\":60}", Needs.MEMBER, 201),
            new Route("PATCH", "/time-entries/7001", "{\"description\":\"changed\"}", Needs.MEMBER, 200),
            new Route("DELETE", "/time-entries/7001", null, Needs.MEMBER, 204),
            new Route("GET", "/timer", null, Needs.MEMBER, 200),
            new Route("POST", "/timer/start", "{}", Needs.MEMBER, 201),
            new Route("POST", "/timer/stop", null, Needs.MEMBER, 200),
            new Route("GET", "/summary?from=2026-11-23&to=2026-11-29", null, Needs.MEMBER, 200),
            new Route("GET", "/dashboard", null, Needs.MEMBER, 200));

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    MutableClock clock;

    ApiClient api;
    Map<Caller, TestUsers.SignedIn> users;
    TestUsers.SignedIn target;
    TestUsers.SignedIn candidate;

    @BeforeAll
    void users() {
        // The week the stubbed entries are in: the time-entry mirror holds it.
        clock.set(java.time.Instant.parse("2026-11-26T12:00:00Z"));
        api = new ApiClient(port);
        users = new java.util.EnumMap<>(Caller.class);
        for (Caller caller : List.of(Caller.OWNER, Caller.ADMIN, Caller.MEMBER, Caller.NON_MEMBER)) {
            TestUsers.SignedIn user = TestUsers.register(api, "matrix-" + caller.name().toLowerCase().replace('_', '-'));
            stubEverything(TogglStubs.forNewKey(WORKSPACE, 9401)).storeKey(api, user);
            users.put(caller, user);
        }
        target = TestUsers.register(api, "matrix-target");
        candidate = TestUsers.register(api, "matrix-candidate");
    }

    @TestFactory
    Stream<DynamicTest> everyRouteForEveryCaller() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Route route : ROUTES) {
            for (Caller caller : Caller.values()) {
                int expected = expected(route, caller);
                tests.add(DynamicTest.dynamicTest(route.method() + " " + route.pattern() + " as " + caller + " → " + expected,
                        () -> {
                            String teamId = freshTeam();
                            String path = "/api/v1/teams/" + teamId + route.path().replace("{target}", target.id().toString());
                            String body = route.body() == null ? null : route.body().replace("{candidate}", candidate.username());
                            ApiClient.Response response = caller == Caller.ANONYMOUS
                                    ? api.send(route.method(), path, body)
                                    : api.send(route.method(), path, body, credentials(users.get(caller)));
                            assertThat(response.status()).as(response.body()).isEqualTo(expected);
                            if (expected >= 400) {
                                assertThat(response.contentType()).startsWith("application/problem+json");
                            }
                        }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    protected Stream<DynamicTest> theTableCoversEveryTeamRoute() {
        List<String> table = ROUTES.stream().map(route -> route.method() + " " + route.pattern()).toList();
        return mappings.getHandlerMethods()
            .entrySet()
            .stream()
            .filter(entry -> entry.getKey().getPatternValues().stream().anyMatch(p -> p.startsWith("/api/v1/teams/{teamId}")))
            .flatMap(entry -> routesOf(entry.getKey(), entry.getValue()))
            .map(route -> DynamicTest.dynamicTest(route, () -> assertThat(table).contains(route)));
    }

    private static Stream<String> routesOf(RequestMappingInfo info, HandlerMethod handler) {
        return info.getMethodsCondition().getMethods().stream()
            .flatMap(method -> info.getPatternValues().stream().map(pattern -> method.name() + " " + pattern));
    }

    /** How a signed-in caller proves who it is on the routes under test: its bearer token here. */
    String[] credentials(TestUsers.SignedIn user) {
        return user.bearer();
    }

    private static int expected(Route route, Caller caller) {
        return switch (caller) {
            case ANONYMOUS -> 401;
            case NON_MEMBER -> 404;
            case OWNER -> route.success();
            case ADMIN -> route.needs() == Needs.OWNER ? 403 : route.success();
            case MEMBER -> route.needs() == Needs.MEMBER ? route.success() : 403;
        };
    }

    private String freshTeam() {
        TestUsers.SignedIn owner = users.get(Caller.OWNER);
        ApiClient.Response team = api.post("/api/v1/teams", "{\"name\":\"Matrix\",\"workspaceId\":" + WORKSPACE + "}",
                owner.bearer());
        assertThat(team.status()).as(team.body()).isEqualTo(201);
        String teamId = team.json().path("id").asString();
        add(teamId, owner, users.get(Caller.ADMIN), "ADMIN");
        add(teamId, owner, users.get(Caller.MEMBER), "MEMBER");
        add(teamId, owner, target, "MEMBER");
        return teamId;
    }

    private void add(String teamId, TestUsers.SignedIn owner, TestUsers.SignedIn user, String role) {
        ApiClient.Response added = api.post("/api/v1/teams/" + teamId + "/members",
                "{\"username\":\"" + user.username() + "\",\"role\":\"" + role + "\"}", owner.bearer());
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    private static TogglStubs stubEverything(TogglStubs toggl) {
        String ws = toggl.workspacePath();
        String project = TogglStubs.project(501, WORKSPACE, "Website", "#06aaf5", 301L);
        String client = TogglStubs.client(301, WORKSPACE, "ACME");
        String tag = TogglStubs.tag(601, WORKSPACE, "meetings");
        String entry = TogglStubs.timeEntry(7001, WORKSPACE, 501L, "2026-11-23T09:00:00Z", "2026-11-23T10:00:00Z", 3600, "[601]");
        String running = TogglStubs.timeEntry(7002, WORKSPACE, 501L, "2026-11-23T11:00:00Z", null, -1763895600L, "[]");
        Map<com.github.tomakehurst.wiremock.client.MappingBuilder, String> answers = new java.util.LinkedHashMap<>();
        answers.put(get(urlPathEqualTo(ws)), "{\"id\":" + WORKSPACE + ",\"organization_id\":9401,\"name\":\"Matrix\"}");
        answers.put(get(urlPathEqualTo(ws + "/users")), "[{\"id\":1,\"email\":\"a@example.test\",\"fullname\":\"A\"}]");
        answers.put(get(urlPathEqualTo(ws + "/projects")), "[" + project + "]");
        answers.put(get(urlPathEqualTo(ws + "/projects/501")), project);
        answers.put(post(urlPathEqualTo(ws + "/projects")), project);
        answers.put(put(urlPathEqualTo(ws + "/projects/501")), project);
        answers.put(delete(urlPathEqualTo(ws + "/projects/501")), "501");
        answers.put(get(urlPathEqualTo(ws + "/clients")), "[" + client + "]");
        answers.put(get(urlPathEqualTo(ws + "/clients/301")), client);
        answers.put(post(urlPathEqualTo(ws + "/clients")), client);
        answers.put(put(urlPathEqualTo(ws + "/clients/301")), client);
        answers.put(delete(urlPathEqualTo(ws + "/clients/301")), "301");
        answers.put(post(urlPathEqualTo(ws + "/clients/301/archive")), "[501]");
        answers.put(post(urlPathEqualTo(ws + "/clients/301/restore")), client);
        answers.put(get(urlPathEqualTo(ws + "/tags")), "[" + tag + "]");
        answers.put(post(urlPathEqualTo(ws + "/tags")), tag);
        answers.put(put(urlPathEqualTo(ws + "/tags/601")), tag);
        answers.put(delete(urlPathEqualTo(ws + "/tags/601")), "");
        answers.put(get(urlPathEqualTo(TogglStubs.API + "/me/time_entries")), "[" + entry + "," + running + "]");
        answers.put(get(urlPathEqualTo(TogglStubs.API + "/me/time_entries/7001")), entry);
        answers.put(post(urlPathEqualTo(ws + "/time_entries")), entry);
        answers.put(put(urlPathEqualTo(ws + "/time_entries/7001")), entry);
        answers.put(delete(urlPathEqualTo(ws + "/time_entries/7001")), "");
        answers.put(get(urlPathEqualTo(TogglStubs.API + "/me/time_entries/current")), running);
        answers.put(patch(urlPathMatching(ws + "/time_entries/[0-9]+/stop")), entry);
        answers.forEach((request, body) -> toggl.stub(request, okJson(body)));
        return toggl;
    }
}
