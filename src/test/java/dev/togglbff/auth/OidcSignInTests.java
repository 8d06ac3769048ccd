package dev.togglbff.auth;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IdentityProviderStub;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in through an OpenID Connect provider (a WireMock stand-in with discovery, JWK set, token
 * and userinfo endpoints and tokens signed by a test RSA key), as a browser and the provider meet
 * it: the redirect with PKCE S256, state and nonce; the callback that sets the same session cookie
 * as the password sign-in and hands no token to the page; a refused wrong state or nonce; sign-out
 * with the provider's end-session URL; and back-channel logout, refused for any token that does
 * not check out.
 */
@IntegrationTest
class OidcSignInTests {

    static final String COOKIE = "__Host-bff-session";
    static final Pattern SESSION_COOKIE = Pattern
        .compile(COOKIE + "=([A-Za-z0-9+/=_-]+); Path=/; Secure; HttpOnly; SameSite=Lax");

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** A sign-in started by a browser: its pre-sign-in cookie and the provider's authorization request. */
    record Started(String cookie, Map<String, String> authorization, ApiClient.Response answer) {
    }

    /** A browser signed in through the provider. */
    record SignedIn(String session, String subject, String sid, String username, IdentityProviderStub.Issued issued,
            ApiClient.Response callback) {

        String[] cookie() {
            return new String[] { "Cookie", COOKIE + "=" + session, "X-CSRF", "1" };
        }
    }

    Started start() {
        ApiClient.Response login = api.get("/api/v1/auth/oidc/login");
        assertThat(login.status()).as(login.body()).isEqualTo(302);
        String location = login.header("Location").orElseThrow();
        assertThat(location).startsWith(IdentityProviderStub.issuer() + "/protocol/openid-connect/auth?");
        Matcher cookie = SESSION_COOKIE.matcher(login.header("Set-Cookie").orElseThrow());
        assertThat(cookie.matches()).as(login.header("Set-Cookie").orElseThrow()).isTrue();
        return new Started(cookie.group(1), IdentityProviderStub.query(location), login);
    }

    SignedIn signIn(String subject, String sid, String username) {
        return signIn(subject, sid, username, claims -> {
        });
    }

    SignedIn signIn(String subject, String sid, String username, Consumer<JWTClaimsSet.Builder> changes) {
        Started started = start();
        IdentityProviderStub.Issued issued = IdentityProviderStub.issue(started.authorization().get("nonce"), subject,
                sid, username, "Ada Lovelace", changes);
        ApiClient.Response callback = api.get("/api/v1/auth/oidc/callback?code=" + issued.code() + "&state="
                + started.authorization().get("state"), "Cookie", COOKIE + "=" + started.cookie());
        assertThat(callback.status()).as(callback.body()).isEqualTo(302);
        assertThat(callback.header("Location")).hasValue(IdentityProviderStub.FRONTEND);
        List<String> cookies = callback.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        assertThat(cookies.get(0)).isEqualTo(COOKIE + "=" + cookies.get(0).substring(COOKIE.length() + 1,
                cookies.get(0).indexOf(';')) + "; Path=/; Secure; HttpOnly; SameSite=Lax");
        Matcher cookie = SESSION_COOKIE.matcher(cookies.get(0));
        assertThat(cookie.matches()).isTrue();
        assertThat(cookie.group(1)).as("a new session id at sign-in").isNotEqualTo(started.cookie());
        assertThat(api.get("/api/v1/auth/session", "Cookie", COOKIE + "=" + started.cookie(), "X-CSRF", "1").status())
            .as("the session that carried the pending sign-in is gone").isEqualTo(401);
        return new SignedIn(cookie.group(1), subject, sid, username, issued, callback);
    }

    static String subject() {
        return UUID.randomUUID().toString();
    }

    @Test
    void theSignInRedirectCarriesPkceS256StateAndNonce() {
        Started started = start();
        Map<String, String> request = started.authorization();
        assertThat(request).containsEntry("response_type", "code")
            .containsEntry("client_id", IdentityProviderStub.CLIENT_ID)
            .containsEntry("code_challenge_method", "S256")
            .containsEntry("redirect_uri", "http://127.0.0.1:" + port + "/api/v1/auth/oidc/callback");
        assertThat(request.get("scope").split(" ")).contains("openid", "profile", "email");
        assertThat(request.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(request.get("state")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(request.get("nonce")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(started.answer().body()).isEmpty();

        Started again = start();
        assertThat(again.authorization().get("state")).isNotEqualTo(request.get("state"));
        assertThat(again.authorization().get("code_challenge")).isNotEqualTo(request.get("code_challenge"));
    }

    @Test
    void theCallbackExchangesTheCodeWithTheVerifierAndSignsTheBrowserIn() {
        String username = TestUsers.uniqueName("ada");
        SignedIn browser = signIn(subject(), "sid-" + UUID.randomUUID(), username);

        List<LoggedRequest> tokenRequests = IdentityProviderStub.server()
            .findAll(postRequestedFor(urlEqualTo(IdentityProviderStub.TOKEN_PATH)));
        LoggedRequest exchange = tokenRequests.stream()
            .filter(request -> request.getBodyAsString().contains("code=" + browser.issued().code()))
            .findFirst()
            .orElseThrow();
        Map<String, String> form = IdentityProviderStub.query("http://x/?" + exchange.getBodyAsString());
        assertThat(form).containsEntry("grant_type", "authorization_code")
            .containsEntry("redirect_uri", "http://127.0.0.1:" + port + "/api/v1/auth/oidc/callback");
        assertThat(form.get("code_verifier")).matches("[A-Za-z0-9._~-]{43,128}");
        assertThat(exchange.getHeader("Authorization")).startsWith("Basic ");

        ApiClient.Response session = api.get("/api/v1/auth/session", browser.cookie());
        assertThat(session.status()).as(session.body()).isEqualTo(200);
        assertThat(session.json().path("user").path("username").asString()).isEqualTo(username);
        assertThat(session.json().path("user").path("displayName").asString()).isEqualTo("Ada Lovelace");
        assertThat(session.json().path("session").path("current").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/me", browser.cookie()).json().path("username").asString()).isEqualTo(username);

        // No token of the provider in anything that reaches the page.
        for (ApiClient.Response answer : List.of(browser.callback(), session,
                api.get("/api/v1/auth/sessions", browser.cookie()))) {
            String everything = answer.headers().map().toString() + answer.body();
            assertThat(everything).doesNotContain(browser.issued().idToken())
                .doesNotContain(browser.issued().accessToken())
                .doesNotContain(browser.issued().refreshToken())
                .doesNotContain("eyJ");
        }
    }

    @Test
    void theVerifierSentIsTheOneTheChallengeWasMadeFrom() {
        Started started = start();
        IdentityProviderStub.Issued issued = IdentityProviderStub.issue(started.authorization().get("nonce"), subject(),
                "sid-pkce", TestUsers.uniqueName("pkce"), "P K", claims -> {
                });
        ApiClient.Response callback = api.get("/api/v1/auth/oidc/callback?code=" + issued.code() + "&state="
                + started.authorization().get("state"), "Cookie", COOKIE + "=" + started.cookie());
        assertThat(callback.status()).isEqualTo(302);
        String body = IdentityProviderStub.server()
            .findAll(postRequestedFor(urlEqualTo(IdentityProviderStub.TOKEN_PATH)))
            .stream()
            .map(LoggedRequest::getBodyAsString)
            .filter(text -> text.contains("code=" + issued.code()))
            .findFirst()
            .orElseThrow();
        String verifier = IdentityProviderStub.query("http://x/?" + body).get("code_verifier");
        assertThat(IdentityProviderStub.s256(verifier)).isEqualTo(started.authorization().get("code_challenge"));
    }

    @Test
    void aWrongStateIsRefusedAndTheRightOneStillWorks() {
        Started started = start();
        IdentityProviderStub.Issued issued = IdentityProviderStub.issue(started.authorization().get("nonce"), subject(),
                "sid-state", TestUsers.uniqueName("state"), "S", claims -> {
                });
        ApiClient.Response wrong = api.get("/api/v1/auth/oidc/callback?code=" + issued.code() + "&state=forged-state",
                "Cookie", COOKIE + "=" + started.cookie());
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(wrong.json().path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(wrong.header("Set-Cookie")).isEmpty();
        assertThat(wrong.header("Location")).isEmpty();

        // The right state from another browser (no pending sign-in of its own) is refused too.
        ApiClient.Response otherBrowser = api.get("/api/v1/auth/oidc/callback?code=" + issued.code() + "&state="
                + started.authorization().get("state"));
        assertThat(otherBrowser.status()).isEqualTo(400);
        assertThat(IdentityProviderStub.server()
            .findAll(postRequestedFor(urlEqualTo(IdentityProviderStub.TOKEN_PATH)))
            .stream()
            .anyMatch(request -> request.getBodyAsString().contains("code=" + issued.code())))
            .as("no code exchanged for a refused callback").isFalse();

        ApiClient.Response right = api.get("/api/v1/auth/oidc/callback?code=" + issued.code() + "&state="
                + started.authorization().get("state"), "Cookie", COOKIE + "=" + started.cookie());
        assertThat(right.status()).as(right.body()).isEqualTo(302);
        ApiClient.Response replay = api.get("/api/v1/auth/oidc/callback?code=" + issued.code() + "&state="
                + started.authorization().get("state"), "Cookie", COOKIE + "=" + started.cookie());
        assertThat(replay.status()).as("a state is used once").isEqualTo(400);
    }

    @Test
    void anIdTokenForAnotherNonceOrAudienceIsRefused() {
        for (Consumer<JWTClaimsSet.Builder> spoil : List.<Consumer<JWTClaimsSet.Builder>>of(
                claims -> claims.claim("nonce", "another-nonce"), claims -> claims.audience("another-client"))) {
            Started started = start();
            IdentityProviderStub.Issued issued = IdentityProviderStub.issue(started.authorization().get("nonce"),
                    subject(), "sid-x", TestUsers.uniqueName("nonce"), "N", spoil);
            ApiClient.Response callback = api.get("/api/v1/auth/oidc/callback?code=" + issued.code() + "&state="
                    + started.authorization().get("state"), "Cookie", COOKIE + "=" + started.cookie());
            assertThat(callback.status()).as(callback.body()).isEqualTo(401);
            assertThat(callback.contentType()).startsWith("application/problem+json");
            assertThat(callback.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
            assertThat(callback.header("Set-Cookie")).isEmpty();
            assertThat(callback.body()).doesNotContain(issued.idToken());
        }
    }

    @Test
    void theProviderSayingNoIsRefused() {
        Started started = start();
        ApiClient.Response denied = api.get("/api/v1/auth/oidc/callback?error=access_denied&state="
                + started.authorization().get("state"), "Cookie", COOKIE + "=" + started.cookie());
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.json().path("detail").asString()).contains("access_denied");
    }

    @Test
    void theSameProviderUserIsTheSameLocalUserEverySignIn() {
        String subject = subject();
        String username = TestUsers.uniqueName("same");
        SignedIn first = signIn(subject, "sid-1-" + subject, username);
        SignedIn second = signIn(subject, "sid-2-" + subject, username);
        String firstId = api.get("/api/v1/auth/session", first.cookie()).json().path("user").path("id").asString();
        JsonNode sessions = api.get("/api/v1/auth/sessions", second.cookie()).json();
        assertThat(api.get("/api/v1/auth/session", second.cookie()).json().path("user").path("id").asString())
            .isEqualTo(firstId);
        assertThat(sessions).hasSize(2);
    }

    @Test
    void signingOutEndsTheLocalSessionAndGivesTheProvidersEndSessionUrl() {
        SignedIn browser = signIn(subject(), "sid-out", TestUsers.uniqueName("out"));
        ApiClient.Response out = api.send("DELETE", "/api/v1/auth/session", null, browser.cookie());
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie").orElseThrow()).startsWith(COOKIE + "=; Max-Age=0;");
        String location = out.header("Location").orElseThrow();
        assertThat(location).startsWith(IdentityProviderStub.issuer() + "/protocol/openid-connect/logout?");
        assertThat(IdentityProviderStub.query(location)).containsOnly(
                Map.entry("client_id", IdentityProviderStub.CLIENT_ID),
                Map.entry("post_logout_redirect_uri", IdentityProviderStub.FRONTEND));
        assertThat(location).doesNotContain(browser.issued().idToken()).doesNotContain("eyJ");
        assertThat(api.get("/api/v1/auth/session", browser.cookie()).status()).isEqualTo(401);

        // A password session's sign-out has nothing more to do.
        TestUsers.SignedIn local = TestUsers.register(api, "local-out");
        ApiClient.Response signIn = api.post("/api/v1/auth/session", "{\"username\":\"" + local.username()
                + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}", "X-CSRF", "1");
        Matcher cookie = SESSION_COOKIE.matcher(signIn.header("Set-Cookie").orElseThrow());
        assertThat(cookie.matches()).isTrue();
        ApiClient.Response localOut = api.send("DELETE", "/api/v1/auth/session", null, "Cookie",
                COOKIE + "=" + cookie.group(1), "X-CSRF", "1");
        assertThat(localOut.status()).isEqualTo(204);
        assertThat(localOut.header("Location")).isEmpty();
    }

    // --- back-channel logout ----------------------------------------------------------------------

    ApiClient.Response backChannel(String logoutToken) {
        return api.post("/api/v1/auth/oidc/backchannel-logout", "logout_token=" + logoutToken, "Content-Type",
                "application/x-www-form-urlencoded");
    }

    boolean live(SignedIn browser) {
        return api.get("/api/v1/auth/session", browser.cookie()).status() == 200;
    }

    @Test
    void aValidLogoutTokenEndsTheSessionsOfItsSidAndNoOther() {
        String subject = subject();
        String username = TestUsers.uniqueName("bcl");
        SignedIn laptop = signIn(subject, "sid-laptop-" + subject, username);
        SignedIn phone = signIn(subject, "sid-phone-" + subject, username);
        SignedIn someoneElse = signIn(subject(), "sid-laptop-" + subject + "-other", TestUsers.uniqueName("else"));

        ApiClient.Response logout = backChannel(IdentityProviderStub.logoutToken(subject, laptop.sid(), claims -> {
        }));
        assertThat(logout.status()).as(logout.body()).isEqualTo(200);
        assertThat(logout.json().path("sessionsEnded").asInt()).isEqualTo(1);
        assertThat(logout.header("Cache-Control").orElse("")).contains("no-store");
        assertThat(live(laptop)).isFalse();
        assertThat(live(phone)).isTrue();
        assertThat(live(someoneElse)).isTrue();

        // Only a sub: every session of that user ends.
        ApiClient.Response everywhere = backChannel(IdentityProviderStub.logoutToken(subject, null, claims -> {
        }));
        assertThat(everywhere.status()).as(everywhere.body()).isEqualTo(200);
        assertThat(live(phone)).isFalse();
        assertThat(live(someoneElse)).isTrue();
    }

    @Test
    void aLogoutTokenReceivedAgainEndsNothingMore() {
        String subject = subject();
        String username = TestUsers.uniqueName("replay");
        SignedIn before = signIn(subject, "sid-before-" + subject, username);
        // Only a sub: it names every session of the user, also one begun after it.
        String token = IdentityProviderStub.logoutToken(subject, null, claims -> {
        });
        ApiClient.Response first = backChannel(token);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("sessionsEnded").asInt()).isEqualTo(1);
        assertThat(live(before)).isFalse();
        SignedIn after = signIn(subject, "sid-after-" + subject, username);

        ApiClient.Response again = backChannel(token);

        assertThat(again.status()).as("a delivery repeated by the provider is no error: " + again.body()).isEqualTo(200);
        assertThat(again.json().path("sessionsEnded").asInt()).isZero();
        assertThat(live(after)).as("the session begun after the token").isTrue();
        ApiClient.Response next = backChannel(IdentityProviderStub.logoutToken(subject, null, claims -> {
        }));
        assertThat(next.json().path("sessionsEnded").asInt()).as("a new token still ends it").isEqualTo(1);
        assertThat(live(after)).isFalse();
    }

    @Test
    void aLogoutTokenThatDoesNotCheckOutIsRefusedAndEndsNothing() throws Exception {
        String subject = subject();
        SignedIn browser = signIn(subject, "sid-keep-" + subject, TestUsers.uniqueName("keep"));
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID(IdentityProviderStub.key().getKeyID()).generate();
        Map<String, String> spoiled = new java.util.LinkedHashMap<>();
        spoiled.put("expired", IdentityProviderStub.logoutToken(subject, browser.sid(), claims -> claims
            .issueTime(new java.util.Date(System.currentTimeMillis() - 600_000))
            .expirationTime(new java.util.Date(System.currentTimeMillis() - 300_000))));
        spoiled.put("signed with another key", IdentityProviderStub.logoutToken(subject, browser.sid(), otherKey,
                claims -> {
                }));
        spoiled.put("for another audience", IdentityProviderStub.logoutToken(subject, browser.sid(),
                claims -> claims.audience("another-client")));
        spoiled.put("from another issuer", IdentityProviderStub.logoutToken(subject, browser.sid(),
                claims -> claims.issuer("https://evil.example.test")));
        spoiled.put("without the logout event", IdentityProviderStub.logoutToken(subject, browser.sid(),
                claims -> claims.claim("events", Map.of("http://schemas.openid.net/event/other", Map.of()))));
        spoiled.put("with a nonce", IdentityProviderStub.logoutToken(subject, browser.sid(),
                claims -> claims.claim("nonce", "n")));
        spoiled.put("without sid and sub", IdentityProviderStub.logoutToken(null, null, claims -> {
        }));
        spoiled.put("without iat", IdentityProviderStub.logoutToken(subject, browser.sid(),
                claims -> claims.issueTime(null)));
        spoiled.put("without jti", IdentityProviderStub.logoutToken(subject, browser.sid(),
                claims -> claims.jwtID(null)));
        String valid = IdentityProviderStub.logoutToken(subject, browser.sid(), claims -> {
        });
        spoiled.put("unsigned (alg none)", "eyJhbGciOiJub25lIn0." + valid.split("\\.")[1] + ".");
        spoiled.put("not a JWT", "not-a-token");

        for (Map.Entry<String, String> token : spoiled.entrySet()) {
            ApiClient.Response refused = backChannel(token.getValue());
            assertThat(refused.status()).as(token.getKey() + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("code").asString()).isEqualTo("VALIDATION_FAILED");
            assertThat(refused.body()).doesNotContain(token.getValue());
            assertThat(live(browser)).as(token.getKey()).isTrue();
        }
        ApiClient.Response missing = api.post("/api/v1/auth/oidc/backchannel-logout", "", "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(live(browser)).isTrue();

        assertThat(backChannel(valid).status()).isEqualTo(200);
        assertThat(live(browser)).isFalse();
    }
}
