package dev.togglbff.shared;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.UUID;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TogglStubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Losing Redis mid-run (a {@code redis-server} of this test's own, never the machine's shared one)
 * degrades the instance to its own state: reads with a copy keep answering, PostgreSQL writes go
 * on, health shows Redis DOWN while readiness stays UP, and shared state resumes when Redis is
 * back, without a restart.
 */
@IntegrationTest
// Closed after the class: its connections to the shared PostgreSQL are not held for the rest of the run.
@DirtiesContext
class RedisOutageTests {

    static final String PREFIX = "outage-" + UUID.randomUUID();
    static final long WORKSPACE = 8851;

    static int redisPort;
    static Process redis;

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redisTemplate;

    @DynamicPropertySource
    static void ownRedis(DynamicPropertyRegistry registry) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            redisPort = free.getLocalPort();
        }
        startRedis();
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> redisPort);
        registry.add("bff.shared.key-prefix", () -> PREFIX);
        registry.add("bff.shared.retry-after", () -> "100ms");
        registry.add("management.health.redis.enabled", () -> "true");
    }

    static void startRedis() throws IOException {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        await().ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", redisPort)) {
                return socket.isConnected();
            }
        });
    }

    static void stopRedis() throws InterruptedException {
        redis.destroy();
        redis.waitFor();
    }

    @AfterAll
    static void stopOwnRedis() throws InterruptedException {
        if (redis != null && redis.isAlive()) {
            stopRedis();
        }
    }

    @Test
    void anOutageDegradesToTheInstancesOwnStateAndSharedStateResumes() throws Exception {
        ApiClient api = new ApiClient(port);
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(api, "outage", WORKSPACE, 9851);
        TogglStubs toggl = owner.toggl();
        String tags = toggl.workspacePath() + "/tags";
        toggl.stub(get(urlPathEqualTo(tags)), okJson("[" + TogglStubs.tag(601, WORKSPACE, "meetings") + "]"));
        toggl.stub(post(urlPathEqualTo(tags)), okJson(TogglStubs.tag(602, WORKSPACE, "calls")));
        assertThat(api.get(owner.teamPath() + "/tags", owner.user().bearer()).status()).isEqualTo(200);
        assertThat(redisTemplate.keys(PREFIX + ":cache:*")).as(() -> redisTemplate.keys("*").toString()).isNotEmpty();

        stopRedis();

        ApiClient.Response copy = api.get(owner.teamPath() + "/tags", owner.user().bearer());
        assertThat(copy.status()).isEqualTo(200);
        assertThat(copy.body()).contains("meetings");
        assertThat(api.post(owner.teamPath() + "/tags", "{\"name\":\"calls\"}", owner.user().bearer()).status())
            .isEqualTo(201);
        // PostgreSQL goes on: a new team is stored and listed.
        TogglStubs.TeamOwner other = TogglStubs.teamOwner(api, "outage-db", WORKSPACE + 1, 9852);
        assertThat(api.get("/api/v1/teams", other.user().bearer()).body()).contains(other.teamPath().substring(14));
        await().untilAsserted(() -> {
            ApiClient.Response health = api.get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().path("components").path("redis").path("status").asString()).isEqualTo("DOWN");
        });
        ApiClient.Response readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("status").asString()).isEqualTo("UP");
        assertThat(toggl.countGets(tags)).isEqualTo(1);

        startRedis();

        await().untilAsserted(() -> assertThat(api.get("/actuator/health").status()).isEqualTo(200));
        // Shared again: the next read finds nothing in the new Redis, fetches once and stores its copy there.
        await().ignoreExceptions().untilAsserted(() -> {
            assertThat(api.get(owner.teamPath() + "/tags", owner.user().bearer()).status()).isEqualTo(200);
            assertThat(redisTemplate.keys(PREFIX + ":cache:*")).isNotEmpty();
        });
    }
}
