package dev.togglbff.auth;

import java.util.Map;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Registration, sign-in, refresh-token rotation and sign-out, through the HTTP API. */
@IntegrationTest
class AuthFlowTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void registerSignInReadMeRefreshAndSignOut() {
        String username = TestUsers.uniqueName("flow");
        ApiClient.Response registered = api.post("/api/v1/auth/register", json(Map.of("username", username,
                "password", TestUsers.PASSWORD, "displayName", "Flow Tester")));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().path("username").asString()).isEqualTo(username);
        assertThat(registered.json().path("displayName").asString()).isEqualTo("Flow Tester");
        assertThat(registered.body()).doesNotContain(TestUsers.PASSWORD);

        ApiClient.Response token = api.post("/api/v1/auth/token",
                json(Map.of("username", username, "password", TestUsers.PASSWORD)));
        assertThat(token.status()).isEqualTo(200);
        JsonNode pair = token.json();
        assertThat(pair.path("tokenType").asString()).isEqualTo("Bearer");
        assertThat(pair.path("expiresIn").asLong()).isEqualTo(900);
        String access = pair.path("accessToken").asString();
        String refresh = pair.path("refreshToken").asString();

        ApiClient.Response me = api.get("/api/v1/me", "Authorization", "Bearer " + access);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("id").asString()).isEqualTo(registered.json().path("id").asString());
        assertThat(me.json().path("username").asString()).isEqualTo(username);
        assertThat(me.json().path("matonKey").path("present").asBoolean()).isFalse();
        assertThat(me.json().path("teams").isArray()).isTrue();

        ApiClient.Response refreshed = api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", refresh)));
        assertThat(refreshed.status()).isEqualTo(200);
        String nextRefresh = refreshed.json().path("refreshToken").asString();
        String nextAccess = refreshed.json().path("accessToken").asString();
        assertThat(nextRefresh).isNotEqualTo(refresh);
        assertThat(api.get("/api/v1/me", "Authorization", "Bearer " + nextAccess).status()).isEqualTo(200);

        ApiClient.Response reused = api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", refresh)));
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");

        assertThat(api.post("/api/v1/auth/logout", json(Map.of("refreshToken", nextRefresh))).status())
            .isEqualTo(204);
        assertThat(api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", nextRefresh))).status())
            .isEqualTo(401);
    }

    @Test
    void onlyABcryptHashInTheDatabaseSignsIn() {
        TestUsers.SignedIn user = TestUsers.register(api, "hashes");
        String stored = jdbc.sql("SELECT password_hash FROM users WHERE id = ?").param(user.id()).query(String.class).single();
        assertThat(stored).startsWith("{bcrypt}$2");
        assertThat(api.post("/api/v1/auth/token", signIn(user)).status()).isEqualTo(200);

        String salted = "A".repeat(53);
        for (String other : new String[] { "{noop}" + TestUsers.PASSWORD, TestUsers.PASSWORD,
                "{sha256}" + TestUsers.PASSWORD, "{bcrypt}", "{bcrypt}garbage", "{bcrypt}$2a$99$" + salted,
                "{bcrypt}$2a$03$" + salted, "{bcrypt}$2a$31$" + salted }) {
            // A user of its own per stored value: five failures in a row throttle a username.
            TestUsers.SignedIn edited = TestUsers.register(api, "hashes");
            jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ?").params(other, edited.id()).update();
            ApiClient.Response refused = api.post("/api/v1/auth/token", signIn(edited));
            assertThat(refused.status()).as("stored as %s", other).isEqualTo(401);
            assertThat(refused.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
        }
    }

    private static String signIn(TestUsers.SignedIn user) {
        return json(Map.of("username", user.username(), "password", TestUsers.PASSWORD));
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeSession() {
        TestUsers.SignedIn user = TestUsers.register(api, "reuse");
        String second = api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", user.refreshToken())))
            .json()
            .path("refreshToken")
            .asString();

        assertThat(api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", user.refreshToken()))).status())
            .isEqualTo(401);
        // The thief's replay also signs out whoever holds the newer token of the same family.
        assertThat(api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", second))).status()).isEqualTo(401);
    }

    @Test
    void signOutRevokesOnlyThatSession() {
        TestUsers.SignedIn user = TestUsers.register(api, "logout");
        TestUsers.SignedIn otherDevice = TestUsers.signIn(api, user.username(), user.id());

        assertThat(api.post("/api/v1/auth/logout", json(Map.of("refreshToken", user.refreshToken()))).status())
            .isEqualTo(204);

        assertThat(api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", user.refreshToken()))).status())
            .isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", otherDevice.refreshToken())))
            .status()).isEqualTo(200);
    }

    @Test
    void refreshTokensAreStoredOnlyAsHashes() {
        TestUsers.SignedIn user = TestUsers.register(api, "hashed");
        long plain = jdbc.sql("SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = :token")
            .param("token", user.refreshToken())
            .query(Long.class)
            .single();
        long forUser = jdbc.sql("SELECT COUNT(*) FROM refresh_tokens WHERE user_id = :id")
            .param("id", user.id())
            .query(Long.class)
            .single();
        assertThat(plain).isZero();
        assertThat(forUser).isEqualTo(1);
        String hash = jdbc.sql("SELECT password_hash FROM users WHERE id = :id")
            .param("id", user.id())
            .query(String.class)
            .single();
        assertThat(hash).startsWith("{bcrypt}").doesNotContain(TestUsers.PASSWORD);
    }

    @Test
    void duplicateUsernameInAnyCaseIsAConflict() {
        String username = TestUsers.uniqueName("dup");
        assertThat(api.post("/api/v1/auth/register",
                json(Map.of("username", username, "password", TestUsers.PASSWORD))).status()).isEqualTo(201);

        ApiClient.Response again = api.post("/api/v1/auth/register",
                json(Map.of("username", username.toUpperCase(), "password", TestUsers.PASSWORD)));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asString()).isEqualTo("CONFLICT");
    }

    @Test
    void usernameIsCaseInsensitiveForSignIn() {
        TestUsers.SignedIn user = TestUsers.register(api, "casing");
        ApiClient.Response token = api.post("/api/v1/auth/token",
                json(Map.of("username", user.username().toUpperCase(), "password", TestUsers.PASSWORD)));
        assertThat(token.status()).isEqualTo(200);
    }

    @Test
    void badShapesNameEveryField() {
        ApiClient.Response response = api.post("/api/v1/auth/register",
                json(Map.of("username", "a b", "password", "short", "displayName", "x".repeat(200))));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.json().path("errors").valueStream().map(e -> e.path("field").asString()))
            .containsExactlyInAnyOrder("username", "password", "displayName");

        ApiClient.Response missing = api.post("/api/v1/auth/register", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("errors").valueStream().map(e -> e.path("field").asString()))
            .contains("username", "password");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        TestUsers.SignedIn user = TestUsers.register(api, "same401");
        ApiClient.Response wrongPassword = api.post("/api/v1/auth/token",
                json(Map.of("username", user.username(), "password", "not the password at all")));
        ApiClient.Response unknownUser = api.post("/api/v1/auth/token",
                json(Map.of("username", TestUsers.uniqueName("ghost"), "password", "not the password at all")));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownUser.body());
        assertThat(wrongPassword.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
    }

    static String json(Map<String, String> fields) {
        StringBuilder body = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (body.length() > 1) {
                body.append(',');
            }
            body.append('"').append(name).append("\":\"").append(value.replace("\"", "\\\"")).append('"');
        });
        return body.append('}').toString();
    }
}
