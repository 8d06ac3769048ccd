package dev.togglbff.support;

import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Toggl-shaped WireMock answers (field names as in Toggl's v9 OpenAPI document) for one Maton
 * key, and a user of the service who holds that key and a team on the stubbed workspace.
 */
public final class TogglStubs {

    public static final String API = "/toggl-track/api/v9";

    private final WireMockServer maton = MatonStub.server();
    private final String key;
    private final long workspaceId;
    private final long organizationId;

    private TogglStubs(String key, long workspaceId, long organizationId) {
        this.key = key;
        this.workspaceId = workspaceId;
        this.organizationId = organizationId;
    }

    /** Stubs a new key that can see the given workspace (and passes Maton's key check). */
    public static TogglStubs forNewKey(long workspaceId, long organizationId) {
        TogglStubs stubs = new TogglStubs("test-key-" + UUID.randomUUID(), workspaceId, organizationId);
        stubs.stub(get(urlPathEqualTo("/connections")), okJson("{\"connections\":[]}"));
        stubs.stub(get(urlPathEqualTo(API + "/me/workspaces")), okJson("[{\"id\":" + workspaceId
                + ",\"organization_id\":" + organizationId + ",\"name\":\"Workspace " + workspaceId + "\",\"premium\":false}]"));
        stubs.stub(get(urlPathEqualTo(API + "/me")), okJson("""
                {"id":424242,"email":"someone@example.test","fullname":"Some One","timezone":"Europe/Berlin",
                 "default_workspace_id":%d,"beginning_of_week":1}""".formatted(workspaceId)));
        return stubs;
    }

    public String key() {
        return key;
    }

    public long workspaceId() {
        return workspaceId;
    }

    public String workspacePath() {
        return API + "/workspaces/" + workspaceId;
    }

    /** Adds a stub that only answers this key. */
    public void stub(MappingBuilder request, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        maton.stubFor(request.withHeader("Authorization", equalTo("Bearer " + key)).willReturn(answer));
    }

    /** Adds a stub that only answers this key, at a priority (1 wins over the default 5). */
    public void stub(MappingBuilder request, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer,
            int priority) {
        maton.stubFor(request.withHeader("Authorization", equalTo("Bearer " + key)).atPriority(priority)
            .willReturn(answer));
    }

    /** How many requests with this key matched the pattern. */
    public int count(RequestPatternBuilder pattern) {
        return maton.countRequestsMatching(pattern.withHeader("Authorization", equalTo("Bearer " + key)).build())
            .getCount();
    }

    /** Requests with this key that spend Toggl's user bucket ({@code /me…}). */
    public int userBucket() {
        return count(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(API + "/me(/.*)?")));
    }

    /** Requests with this key that spend a workspace's bucket ({@code /workspaces/…}). */
    public int workspaceBucket() {
        return count(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(API + "/workspaces/.*")));
    }

    public int countGets(String path) {
        return count(getRequestedFor(urlPathEqualTo(path)));
    }

    /** A registered user who stored a new key for the workspace and owns a team on it. */
    public record TeamOwner(TestUsers.SignedIn user, TogglStubs toggl, String teamPath) {
    }

    /** Registers a user, stubs a new key for the workspace, stores it and creates a team. */
    public static TeamOwner teamOwner(ApiClient api, String prefix, long workspaceId, long organizationId) {
        TestUsers.SignedIn user = TestUsers.register(api, prefix);
        TogglStubs toggl = forNewKey(workspaceId, organizationId);
        return new TeamOwner(user, toggl, "/api/v1/teams/" + toggl.keyAndTeam(api, user));
    }

    /** Stores this key for the user through the API and creates a team on the workspace; returns the team id. */
    public String keyAndTeam(ApiClient api, TestUsers.SignedIn user) {
        storeKey(api, user);
        ApiClient.Response team = api.post("/api/v1/teams",
                "{\"name\":\"Team " + UUID.randomUUID().toString().substring(0, 8) + "\",\"workspaceId\":" + workspaceId + "}",
                user.bearer());
        if (team.status() != 201) {
            throw new IllegalStateException("Team not created: " + team.status() + " " + team.body());
        }
        return team.json().path("id").asString();
    }

    public void storeKey(ApiClient api, TestUsers.SignedIn user) {
        ApiClient.Response stored = api.send("PUT", "/api/v1/me/maton-key", "{\"apiKey\":\"" + key + "\"}",
                user.bearer());
        if (stored.status() != 200) {
            throw new IllegalStateException("Key not stored: " + stored.status() + " " + stored.body());
        }
    }

    /**
     * The workspace's lists for tests of read answers: the projects Website (of the client ACME)
     * and Backoffice, the client ACME, the tag "meetings"; creating a tag answers "billable".
     */
    public void stubProjectsClientAndTags() {
        stub(get(urlPathEqualTo(workspacePath() + "/projects")),
                okJson("[" + project(701, workspaceId, "Website", "#06aaf5", 301L) + ","
                        + project(702, workspaceId, "Backoffice", "#c56bff", null) + "]"));
        stub(get(urlPathEqualTo(workspacePath() + "/clients")), okJson("[" + client(301, workspaceId, "ACME") + "]"));
        stub(get(urlPathEqualTo(workspacePath() + "/tags")), okJson("[" + tag(601, workspaceId, "meetings") + "]"));
        stub(post(urlPathEqualTo(workspacePath() + "/tags")), okJson(tag(602, workspaceId, "billable")));
    }

    public static String project(long id, long workspaceId, String name, String color, Long clientId) {
        return """
                {"id":%d,"workspace_id":%d,"client_id":%s,"name":"%s","is_private":false,"active":true,"color":"%s",
                 "billable":true,"actual_seconds":0,"created_at":"2026-01-05T10:00:00+00:00","at":"2026-01-05T10:00:00+00:00"}"""
            .formatted(id, workspaceId, clientId == null ? "null" : clientId.toString(), name, color);
    }

    public static String client(long id, long workspaceId, String name) {
        return """
                {"id":%d,"wid":%d,"name":"%s","notes":null,"archived":false,"creator_id":1,"at":"2026-01-05T10:00:00+00:00"}"""
            .formatted(id, workspaceId, name);
    }

    public static String tag(long id, long workspaceId, String name) {
        return """
                {"id":%d,"workspace_id":%d,"name":"%s","creator_id":1,"at":"2026-01-05T10:00:00+00:00","deleted_at":null}"""
            .formatted(id, workspaceId, name);
    }

    public static String timeEntry(long id, long workspaceId, Long projectId, String start, String stop, long duration,
            String tagIds) {
        return """
                {"id":%d,"workspace_id":%d,"project_id":%s,"task_id":null,"user_id":424242,"description":"Entry %d",
                 "billable":false,"start":"%s","stop":%s,"duration":%d,"tags":null,"tag_ids":%s,"at":"%s"}"""
            .formatted(id, workspaceId, projectId == null ? "null" : projectId.toString(), id, start,
                    stop == null ? "null" : "\"" + stop + "\"", duration, tagIds, start);
    }
}
