package dev.togglbff.support;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Registers users with unique names through the public API and signs them in. */
public final class TestUsers {

    private static final AtomicInteger counter = new AtomicInteger();
    public static final String PASSWORD = "correct horse battery staple";

    /** A registered, signed-in user: its id, name and current tokens. */
    public record SignedIn(UUID id, String username, String accessToken, String refreshToken) {

        public String[] bearer() {
            return new String[] { "Authorization", "Bearer " + accessToken };
        }
    }

    private TestUsers() {
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36) + "-" + counter.incrementAndGet();
    }

    public static SignedIn register(ApiClient api, String prefix) {
        String username = uniqueName(prefix);
        ApiClient.Response created = api.post("/api/v1/auth/register",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return signIn(api, username, UUID.fromString(created.json().path("id").asString()));
    }

    public static SignedIn signIn(ApiClient api, String username, UUID id) {
        ApiClient.Response token = api.post("/api/v1/auth/token",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        JsonNode body = token.json();
        return new SignedIn(id, username, body.path("accessToken").asString(), body.path("refreshToken").asString());
    }
}
