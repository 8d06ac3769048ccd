package dev.togglbff.web;

import java.util.UUID;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import testroutes.ThingsController;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every 200 JSON GET under /api carries a strong ETag, and If-None-Match turns a repeat into 304. */
@IntegrationTest
@Import(ThingsController.class)
@TestPropertySource(properties = ThingsController.SHORT_WAIT)
class EtagTests {

    @LocalServerPort
    int port;

    @Autowired
    ThingsController things;

    ApiClient api;
    TestUsers.SignedIn user;
    String path;
    String scope;

    @BeforeEach
    void signIn() {
        api = new ApiClient(port);
        user = TestUsers.register(api, "etag");
        scope = UUID.randomUUID().toString();
        path = "/api/v1/test-things/" + scope;
    }

    @Test
    void getSendsAStrongEtagAndPrivateNoCache() {
        ApiClient.Response response = api.get(path, user.bearer());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("ETag")).hasValueSatisfying(tag -> assertThat(tag).matches("\"[A-Za-z0-9_-]{22}\""));
        assertThat(response.header("Cache-Control")).contains("private, no-cache");
        assertThat(response.headers().allValues("Cache-Control")).hasSize(1);
        assertThat(response.header("Pragma")).isEmpty();
        assertThat(response.header("Expires")).isEmpty();
        assertThat(api.get(path, user.bearer()).header("ETag")).isEqualTo(response.header("ETag"));
    }

    @Test
    void matchingIfNoneMatchIsNotModifiedWithoutABodyButWithTheHandlersHeaders() {
        String etag = api.get(path, user.bearer()).header("ETag").orElseThrow();

        ApiClient.Response response = api.get(path, withBearer("If-None-Match", etag));

        assertThat(response.status()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("ETag")).contains(etag);
        assertThat(response.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit");
        assertThat(response.header("X-Toggl-Quota-Remaining")).contains("42");
        assertThat(response.header("Cache-Control")).contains("private, no-cache");
        assertThat(response.header("X-Request-Id")).isPresent();
    }

    @Test
    void ifNoneMatchComparesWeaklyAndAcceptsListsAndTheWildcard() {
        String etag = api.get(path, user.bearer()).header("ETag").orElseThrow();

        assertThat(api.get(path, withBearer("If-None-Match", "W/" + etag)).status()).isEqualTo(304);
        assertThat(api.get(path, withBearer("If-None-Match", "\"other\", W/\"more\", " + etag)).status())
            .isEqualTo(304);
        assertThat(api.get(path, withBearer("If-None-Match", "*")).status()).isEqualTo(304);
        assertThat(api.get(path, withBearer("If-None-Match", "\"other\"")).status()).isEqualTo(200);
    }

    @Test
    void aChangedBodyGetsANewEtagAndA200() {
        String before = api.get(path, user.bearer()).header("ETag").orElseThrow();
        things.rename(scope, "second");

        ApiClient.Response response = api.get(path, withBearer("If-None-Match", before));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("name").asString()).isEqualTo("second");
        assertThat(response.header("ETag").orElseThrow()).isNotEqualTo(before);
    }

    @Test
    void headGetsTheSameEtagAndHonoursIfNoneMatch() {
        String etag = api.get(path, user.bearer()).header("ETag").orElseThrow();

        ApiClient.Response head = api.send("HEAD", path, null, user.bearer());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("ETag")).contains(etag);
        assertThat(api.send("HEAD", path, null, withBearer("If-None-Match", etag)).status()).isEqualTo(304);
    }

    @Test
    void errorsCarryNoEtagAndStayUncacheable() {
        ApiClient.Response missing = api.get(path + "/missing", withBearer("If-None-Match", "*"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.header("ETag")).isEmpty();
        assertThat(missing.header("Cache-Control").orElse("")).contains("no-store");

        ApiClient.Response unauthenticated = api.get(path);
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.header("ETag")).isEmpty();
    }

    @Test
    void otherMethodsAndPathsOutsideTheApiAreLeftAlone() {
        ApiClient.Response created = api.post(path, "{}", user.bearer());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("ETag")).isEmpty();
        assertThat(created.header("Cache-Control").orElse("")).contains("no-store");

        assertThat(api.get("/actuator/health").header("ETag")).isEmpty();
    }

    @Test
    void realApiReadsGetAnEtagToo() {
        ApiClient.Response me = api.get("/api/v1/me", user.bearer());
        assertThat(me.status()).isEqualTo(200);
        String etag = me.header("ETag").orElseThrow();
        assertThat(api.get("/api/v1/me", withBearer("If-None-Match", etag)).status()).isEqualTo(304);
    }

    private String[] withBearer(String name, String value) {
        return new String[] { "Authorization", "Bearer " + user.accessToken(), name, value };
    }
}
