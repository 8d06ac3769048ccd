package dev.togglbff.sandbox;

import java.time.LocalDate;
import java.time.ZoneId;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import dev.togglbff.support.TestUsers;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start, step by step, against the built-in sandbox through the real upstream
 * client: register, sign in, store a sandbox key, create a team on the sandbox workspace, start
 * and stop the timer, read the time entries, the summary and the dashboard.
 */
@IntegrationTest
@Import(MutableClockConfiguration.class)
class SandboxQuickStartTests {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Test
    void theQuickStartRunsAgainstTheSandbox() {
        ApiClient api = new ApiClient(port);

        // 1-2. Register and sign in.
        TestUsers.SignedIn me = TestUsers.register(api, "quickstart");

        // 3. Store a sandbox key: verified against the sandbox's Maton, which knows the key.
        String key = "sandbox_" + me.username();
        ApiClient.Response stored = api.send("PUT", "/api/v1/me/maton-key", "{\"apiKey\":\"" + key + "\"}",
                me.bearer());
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.body()).doesNotContain(key);
        assertThat(stored.json().path("connections").size()).isEqualTo(1);

        // 4. The sandbox workspace, then a team on it.
        ApiClient.Response workspaces = api.get("/api/v1/me/workspaces", me.bearer());
        assertThat(workspaces.status()).as(workspaces.body()).isEqualTo(200);
        assertThat(workspaces.json().get(0).path("id").asLong()).isEqualTo(SandboxUser.WORKSPACE);
        ApiClient.Response team = api.post("/api/v1/teams",
                "{\"name\":\"Demo team\",\"workspaceId\":" + SandboxUser.WORKSPACE + "}", me.bearer());
        assertThat(team.status()).as(team.body()).isEqualTo(201);
        assertThat(team.json().path("workspaceName").asString()).isEqualTo("Sandbox Workspace");
        String teamPath = "/api/v1/teams/" + team.json().path("id").asString();

        // 5. Nothing runs yet; start the timer on a seeded project.
        assertThat(api.get(teamPath + "/timer", me.bearer()).status()).isEqualTo(204);
        ApiClient.Response projects = api.get(teamPath + "/projects", me.bearer());
        assertThat(projects.status()).as(projects.body()).isEqualTo(200);
        assertThat(projects.json().path("items").size()).isGreaterThanOrEqualTo(3);
        long projectId = projects.json().path("items").get(0).path("id").asLong();
        ApiClient.Response started = api.post(teamPath + "/timer/start",
                "{\"description\":\"Trying the sandbox\",\"projectId\":" + projectId + "}", me.bearer());
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(started.json().path("running").asBoolean()).isTrue();
        ApiClient.Response running = api.get(teamPath + "/timer", me.bearer());
        assertThat(running.status()).as(running.body()).isEqualTo(200);
        assertThat(running.json().path("id").asLong()).isEqualTo(started.json().path("id").asLong());

        // 6. Stop it.
        ApiClient.Response stopped = api.post(teamPath + "/timer/stop", null, me.bearer());
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().path("running").asBoolean()).isFalse();
        assertThat(api.get(teamPath + "/timer", me.bearer()).status()).isEqualTo(204);

        // 7. This week's entries: the seeded week and the new one.
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin"));
        String week = "?from=" + today.minusDays(7) + "&to=" + today;
        ApiClient.Response entries = api.get(teamPath + "/time-entries" + week, me.bearer());
        assertThat(entries.status()).as(entries.body()).isEqualTo(200);
        JsonNode list = entries.json();
        assertThat(list.get(0).path("description").asString()).isEqualTo("Trying the sandbox");
        assertThat(list.get(0).path("project").path("id").asLong()).isEqualTo(projectId);

        // 8. The summary of the week by project.
        ApiClient.Response summary = api.get(teamPath + "/summary" + week + "&groupBy=project", me.bearer());
        assertThat(summary.status()).as(summary.body()).isEqualTo(200);
        assertThat(summary.json().path("groups").size()).isPositive();

        // 9. The dashboard: the timer (none now), today's entries with the new one, the week, projects and tags.
        ApiClient.Response dashboard = api.get(teamPath + "/dashboard", me.bearer());
        assertThat(dashboard.status()).as(dashboard.body()).isEqualTo(200);
        assertThat(dashboard.json().path("timer").isNull()).isTrue();
        assertThat(dashboard.json().path("today").get(0).path("description").asString()).isEqualTo("Trying the sandbox");
        assertThat(dashboard.json().path("week").path("totalSeconds").asLong()).isPositive();
        assertThat(dashboard.json().path("projects").size()).isGreaterThanOrEqualTo(3);
        assertThat(dashboard.json().path("tags").size()).isPositive();

        // Nothing of this reached Maton.
        assertThat(SandboxUser.requestsSeenByMaton(key)).isZero();
    }
}
