package dev.togglbff.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IdentityProviderStub;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.togglbff.auth.AuthFlowTests.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every sign-in flow with debug logging on and checks that no password, password hash,
 * access token or refresh token reaches the log; nor, in the cookie mode (password and OIDC
 * sign-in), the session cookie's value or the session id it carries, the identity provider's
 * tokens, the client secret or the PKCE verifier.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "logging.level.dev.togglbff=DEBUG", "logging.level.org.springframework.security=DEBUG",
        "logging.level.org.springframework.web=DEBUG" })
class AuthLoggingTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void noSecretReachesTheLog(CapturedOutput output) {
        ApiClient api = new ApiClient(port);
        List<String> secrets = new ArrayList<>();
        secrets.add(TestUsers.PASSWORD);

        TestUsers.SignedIn user = TestUsers.register(api, "logs");
        secrets.add(user.accessToken());
        secrets.add(user.refreshToken());
        secrets.add(jdbc.sql("SELECT password_hash FROM users WHERE id = :id").param("id", user.id())
            .query(String.class).single());

        String wrong = "wrong-password-" + System.nanoTime();
        secrets.add(wrong);
        api.post("/api/v1/auth/token", json(Map.of("username", user.username(), "password", wrong)));
        api.post("/api/v1/auth/token", json(Map.of("username", TestUsers.uniqueName("nobody"), "password", wrong)));
        api.post("/api/v1/auth/register", json(Map.of("username", "x", "password", wrong)));
        api.get("/api/v1/me", user.bearer());
        api.get("/api/v1/me", "Authorization", "Bearer " + user.accessToken() + "x");

        ApiClient.Response refreshed = api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", user.refreshToken())));
        secrets.add(refreshed.json().path("accessToken").asString());
        String next = refreshed.json().path("refreshToken").asString();
        secrets.add(next);
        api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", user.refreshToken())));
        api.post("/api/v1/auth/logout", json(Map.of("refreshToken", next)));

        assertThat(output.getAll()).contains("Registered user " + user.id());
        for (String secret : secrets) {
            assertThat(output.getAll()).doesNotContain(secret);
        }
        // No fragment of a token long enough to matter either (JWT signatures are the last part).
        assertThat(output.getAll()).doesNotContain(user.accessToken().substring(user.accessToken().lastIndexOf('.') + 1));
    }

    private static final Pattern SESSION = Pattern.compile("__Host-bff-session=([^;]+);");

    @Test
    void noSessionIdOrProviderSecretReachesTheLogInTheCookieMode(CapturedOutput output) {
        ApiClient api = new ApiClient(port);
        List<String> secrets = new ArrayList<>();
        secrets.add(TestUsers.PASSWORD);

        // Password sign-in for a cookie, cookie calls, a refused one, sign-out.
        TestUsers.SignedIn user = TestUsers.register(api, "cookie-logs");
        ApiClient.Response signIn = api.post("/api/v1/auth/session",
                json(Map.of("username", user.username(), "password", TestUsers.PASSWORD)), "X-CSRF", "1");
        String session = cookie(signIn);
        secrets.addAll(sessionSecrets(session));
        String[] cookie = { "Cookie", "__Host-bff-session=" + session, "X-CSRF", "1" };
        api.get("/api/v1/me", cookie);
        api.get("/api/v1/auth/sessions", cookie);
        api.get("/api/v1/me", "Cookie", "__Host-bff-session=" + session);
        api.send("DELETE", "/api/v1/auth/session", null, cookie);
        api.get("/api/v1/me", cookie);

        // OIDC sign-in, a call, sign-out, back-channel logout.
        ApiClient.Response login = api.get("/api/v1/auth/oidc/login");
        String pending = cookie(login);
        secrets.addAll(sessionSecrets(pending));
        Map<String, String> authorization = IdentityProviderStub.query(login.header("Location").orElseThrow());
        String subject = UUID.randomUUID().toString();
        IdentityProviderStub.Issued issued = IdentityProviderStub.issue(authorization.get("nonce"), subject, "sid-logs",
                TestUsers.uniqueName("oidc-logs"), "Log Reader", claims -> {
                });
        // Not the authorization code: at DEBUG, Spring prints request lines with their query, the
        // callback's too. The code is single-use and worthless without the PKCE verifier, which is.
        secrets.addAll(List.of(issued.idToken(), issued.accessToken(), issued.refreshToken(),
                IdentityProviderStub.CLIENT_SECRET));
        ApiClient.Response callback = api.get("/api/v1/auth/oidc/callback?code=" + issued.code() + "&state="
                + authorization.get("state"), "Cookie", "__Host-bff-session=" + pending);
        assertThat(callback.status()).as(callback.body()).isEqualTo(302);
        LoggedRequest exchange = IdentityProviderStub.server()
            .findAll(postRequestedFor(urlEqualTo(IdentityProviderStub.TOKEN_PATH)))
            .stream()
            .filter(request -> request.getBodyAsString().contains(issued.code()))
            .findFirst()
            .orElseThrow();
        secrets.add(IdentityProviderStub.query("http://x/?" + exchange.getBodyAsString()).get("code_verifier"));
        String oidcSession = cookie(callback);
        secrets.addAll(sessionSecrets(oidcSession));
        String[] oidcCookie = { "Cookie", "__Host-bff-session=" + oidcSession, "X-CSRF", "1" };
        assertThat(api.get("/api/v1/me", oidcCookie).status()).isEqualTo(200);
        String logoutToken = IdentityProviderStub.logoutToken(subject, "sid-logs", claims -> {
        });
        secrets.add(logoutToken);
        api.post("/api/v1/auth/oidc/backchannel-logout", "logout_token=" + logoutToken.substring(1), "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(api.post("/api/v1/auth/oidc/backchannel-logout", "logout_token=" + logoutToken, "Content-Type",
                "application/x-www-form-urlencoded").status()).isEqualTo(200);

        assertThat(output.getAll()).contains("Back-channel logout from");
        for (String secret : secrets) {
            assertThat(output.getAll()).doesNotContain(secret);
        }
        for (String token : List.of(issued.idToken(), logoutToken)) {
            assertThat(output.getAll()).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
    }

    private static String cookie(ApiClient.Response response) {
        Matcher session = SESSION.matcher(response.header("Set-Cookie").orElseThrow());
        assertThat(session.find()).isTrue();
        return session.group(1);
    }

    /** The cookie's value and the session id it carries (base64 of it). */
    private static List<String> sessionSecrets(String cookie) {
        return List.of(cookie, new String(java.util.Base64.getDecoder().decode(cookie),
                java.nio.charset.StandardCharsets.UTF_8));
    }
}
