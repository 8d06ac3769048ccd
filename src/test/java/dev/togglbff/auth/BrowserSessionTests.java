package dev.togglbff.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cookie mode as a web frontend meets it: the cookie's exact attributes, no token anywhere,
 * the CSRF header, CORS preflights, a new session id at every sign-in, the idle and absolute
 * time-outs on the service's clock, sign-out, and listing and revoking sessions; a 401 without a
 * bearer challenge for cookie callers; the OIDC endpoints absent while no provider is configured.
 */
@IntegrationTest
@Import({ MutableClockConfiguration.class, SessionReadCounter.class })
// No OIDC provider configured here: its endpoints answer 404.
@TestPropertySource(properties = { "bff.web.cors.allowed-origins=https://app.example", "test.oidc=off" })
// A context of its own (clock and allowed origin): closed afterwards to free its connection pool.
@DirtiesContext
class BrowserSessionTests {

    static final String COOKIE = "__Host-bff-session";
    static final Pattern SET_COOKIE = Pattern.compile(COOKIE + "=([A-Za-z0-9+/=_-]+); Path=/; Secure; HttpOnly; SameSite=Lax");

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    TestUsers.SignedIn user;

    @BeforeEach
    void user() {
        clock.set(Instant.parse("2026-11-26T12:00:00Z"));
        api = new ApiClient(port);
        user = TestUsers.register(api, "browser");
    }

    /** A signed-in browser: its cookie value and the sign-in answer. */
    record Browser(String session, ApiClient.Response signIn) {

        String[] cookie(String... more) {
            String[] headers = new String[more.length + 4];
            headers[0] = "Cookie";
            headers[1] = COOKIE + "=" + session;
            headers[2] = "X-CSRF";
            headers[3] = "1";
            System.arraycopy(more, 0, headers, 4, more.length);
            return headers;
        }

        String[] cookieWithoutCsrf() {
            return new String[] { "Cookie", COOKIE + "=" + session };
        }
    }

    Browser signIn(String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "X-CSRF";
        all[1] = "1";
        System.arraycopy(headers, 0, all, 2, headers.length);
        ApiClient.Response response = api.post("/api/v1/auth/session", credentials(), all);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> cookies = response.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        Matcher cookie = SET_COOKIE.matcher(cookies.get(0));
        assertThat(cookie.matches()).as(cookies.get(0)).isTrue();
        return new Browser(cookie.group(1), response);
    }

    String credentials() {
        return "{\"username\":\"" + user.username() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}";
    }

    @Test
    void signingInSetsAHostOnlyHttpOnlySecureSameSiteCookieAndNothingElse() {
        Browser browser = signIn("User-Agent", "TestBrowser/1.0");
        String setCookie = browser.signIn().header("Set-Cookie").orElseThrow();
        assertThat(setCookie).isEqualTo(COOKIE + "=" + browser.session() + "; Path=/; Secure; HttpOnly; SameSite=Lax");
        JsonNode body = browser.signIn().json();
        assertThat(body.path("user").path("username").asString()).isEqualTo(user.username());
        assertThat(body.path("session").path("userAgent").asString()).isEqualTo("TestBrowser/1.0");
        assertThat(body.path("session").path("current").asBoolean()).isTrue();
        assertThat(body.path("session").path("createdAt").asString()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(body.path("session").path("expiresAt").asString()).isEqualTo("2026-11-26T12:30:00Z");

        ApiClient.Response me = api.get("/api/v1/me", browser.cookie());
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().path("username").asString()).isEqualTo(user.username());
    }

    @Test
    void noTokenOrSessionIdAppearsInAnyAnswerOfTheCookieFlow() {
        Browser browser = signIn();
        List<ApiClient.Response> answers = List.of(browser.signIn(),
                api.get("/api/v1/auth/session", browser.cookie()),
                api.get("/api/v1/me", browser.cookie()),
                api.get("/api/v1/auth/sessions", browser.cookie()),
                api.send("DELETE", "/api/v1/auth/session", null, browser.cookie()));
        for (ApiClient.Response answer : answers) {
            assertThat(answer.status()).as(answer.body()).isLessThan(300);
            String everything = answer.headers().map().entrySet().stream()
                .filter(header -> !header.getKey().equalsIgnoreCase("set-cookie"))
                .map(Object::toString)
                .reduce(answer.body(), String::concat);
            assertThat(everything).doesNotContain("eyJ").doesNotContainIgnoringCase("token")
                .doesNotContain(browser.session()).doesNotContain(decoded(browser.session()));
        }
    }

    @Test
    void aCookieCallWithoutTheCsrfHeaderIsRefusedAndChangesNothing() {
        Browser browser = signIn();
        ApiClient.Response revokeAll = api.send("DELETE", "/api/v1/auth/sessions", null, browser.cookieWithoutCsrf());
        assertThat(revokeAll.status()).isEqualTo(403);
        assertThat(revokeAll.contentType()).startsWith("application/problem+json");
        assertThat(revokeAll.json().path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(revokeAll.json().path("detail").asString()).contains("X-CSRF: 1");

        ApiClient.Response read = api.get("/api/v1/me", browser.cookieWithoutCsrf());
        assertThat(read.status()).isEqualTo(403);
        ApiClient.Response wrongValue = api.get("/api/v1/me", "Cookie", COOKIE + "=" + browser.session(), "X-CSRF", "0");
        assertThat(wrongValue.status()).isEqualTo(403);

        assertThat(api.get("/api/v1/auth/session", browser.cookie()).status()).isEqualTo(200);
        ApiClient.Response signIn = api.post("/api/v1/auth/session", credentials());
        assertThat(signIn.status()).isEqualTo(403);
        assertThat(signIn.header("Set-Cookie")).isEmpty();
    }

    @Test
    void bearerCallsNeedNoCsrfHeader() {
        Browser browser = signIn();
        ApiClient.Response me = api.get("/api/v1/me", concat(user.bearer(), browser.cookieWithoutCsrf()));
        assertThat(me.status()).as(me.body()).isEqualTo(200);
    }

    @Test
    void onlyAnAllowedOriginsPreflightLetsTheCookieAndCsrfHeaderThrough() {
        ApiClient.Response allowed = api.send("OPTIONS", "/api/v1/auth/session", null, "Origin", "https://app.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-csrf");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).hasValue("https://app.example");
        assertThat(allowed.header("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(allowed.header("Access-Control-Allow-Headers").orElse("").toLowerCase()).contains("x-csrf");

        ApiClient.Response refused = api.send("OPTIONS", "/api/v1/auth/session", null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-csrf");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Access-Control-Allow-Origin")).isEmpty();
        assertThat(refused.header("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void everySignInGetsANewSessionIdAndEndsTheOneItBrought() {
        Browser first = signIn();
        Browser second = signIn("Cookie", COOKIE + "=" + first.session());
        assertThat(second.session()).isNotEqualTo(first.session());
        assertThat(api.get("/api/v1/me", first.cookie()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", second.cookie()).status()).isEqualTo(200);

        String planted = java.util.Base64.getEncoder().encodeToString("00000000-0000-0000-0000-000000000001".getBytes());
        Browser third = signIn("Cookie", COOKIE + "=" + planted);
        assertThat(third.session()).isNotEqualTo(planted);
    }

    @Test
    void aSessionEndsWhenIdleForTheIdleTimeout() {
        Browser browser = signIn();
        clock.advance(Duration.ofMinutes(29));
        ApiClient.Response active = api.get("/api/v1/me", browser.cookie());
        assertThat(active.status()).isEqualTo(200);
        assertThat(active.header("Set-Cookie")).as("the session id stays the same between sign-ins").isEmpty();
        clock.advance(Duration.ofMinutes(29));
        assertThat(api.get("/api/v1/me", browser.cookie()).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(30));
        ApiClient.Response expired = api.get("/api/v1/me", browser.cookie());
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.contentType()).startsWith("application/problem+json");
        TestUsers.SignedIn now = TestUsers.signIn(api, user.username(), user.id());
        assertThat(api.get("/api/v1/auth/sessions", now.bearer()).json()).isEmpty();
    }

    @Test
    void aBusySessionStoresItsLastCallAboutOnceAMinuteNotOnEveryCall() {
        Browser laptop = signIn("User-Agent", "Laptop/1");
        clock.advance(Duration.ofSeconds(30));
        assertThat(api.get("/api/v1/me", laptop.cookie()).status()).isEqualTo(200);
        assertThat(laptopLastSeen()).as("30 s after sign-in: not stored again").isEqualTo("2026-11-26T12:00:00Z");
        clock.advance(Duration.ofSeconds(40));
        assertThat(api.get("/api/v1/me", laptop.cookie()).status()).isEqualTo(200);
        assertThat(laptopLastSeen()).as("70 s after: stored").isEqualTo("2026-11-26T12:01:10Z");
        clock.advance(Duration.ofMinutes(29).plusSeconds(50));
        assertThat(api.get("/api/v1/me", laptop.cookie()).status()).as("idle for 29:50 since the stored call")
            .isEqualTo(200);
    }

    @Test
    void aCookieCallWritesNothingToTheSessionStoreWhileOnlyItsAccessTimeMoved() {
        Browser browser = signIn();
        List<Long> written = storedAccessTimes();
        assertThat(written).hasSize(1);
        for (int call = 0; call < 3; call++) {
            clock.advance(Duration.ofSeconds(10));
            assertThat(api.get("/api/v1/me", browser.cookie()).status()).isEqualTo(200);
        }
        assertThat(storedAccessTimes()).as("the stored last access of the session").isEqualTo(written);
        clock.advance(Duration.ofSeconds(40));
        assertThat(api.get("/api/v1/me", browser.cookie()).status()).isEqualTo(200);
        assertThat(storedAccessTimes().get(0)).as("written with the last-seen time, 70 s after sign-in")
            .isGreaterThan(written.get(0));
        assertThat(storedMaxInactive()).as("the store's expiry: idle time-out 30 min plus its 1 min of lag")
            .containsExactly(31 * 60);
    }

    /**
     * Answers written before the request ends (a handler's JSON, a problem, a stored read) have Spring
     * Session save the session twice; the second time it looks the session up again unless the
     * request scope gives it the one the call already read.
     */
    @Test
    void aCookieCallReadsItsSessionFromTheStoreOnce() {
        Browser browser = signIn();
        for (int call = 1; call <= 3; call++) {
            int before = SessionReadCounter.reads();
            ApiClient.Response refused = api.send("PUT", "/api/v1/me/maton-key", "{}", browser.cookie());
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(SessionReadCounter.reads() - before).as("session reads of call %d (a problem)", call).isEqualTo(1);

            before = SessionReadCounter.reads();
            assertThat(api.get("/api/v1/me", browser.cookie()).status()).isEqualTo(200);
            assertThat(SessionReadCounter.reads() - before).as("session reads of call %d (a read)", call).isEqualTo(1);
        }
    }

    private List<Long> storedAccessTimes() {
        return jdbc.sql("SELECT last_access_time FROM spring_session WHERE principal_name = ?")
            .param(user.id().toString())
            .query(Long.class)
            .list();
    }

    private List<Integer> storedMaxInactive() {
        return jdbc.sql("SELECT max_inactive_interval FROM spring_session WHERE principal_name = ?")
            .param(user.id().toString())
            .query(Integer.class)
            .list();
    }

    /** The last call of the Laptop/1 session, as the listing of its user's sessions shows it. */
    private String laptopLastSeen() {
        TestUsers.SignedIn other = TestUsers.signIn(api, user.username(), user.id());
        for (JsonNode session : api.get("/api/v1/auth/sessions", other.bearer()).json()) {
            if (session.path("userAgent").asString().equals("Laptop/1")) {
                return session.path("lastSeenAt").asString();
            }
        }
        throw new AssertionError("the session is not listed");
    }

    @Test
    void aSessionEndsAtTheAbsoluteTimeoutHoweverBusy() {
        Browser browser = signIn();
        for (int minutes = 20; minutes < 12 * 60; minutes += 20) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(api.get("/api/v1/auth/session", browser.cookie()).status()).as("after %d min", minutes).isEqualTo(200);
        }
        clock.set(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(api.get("/api/v1/auth/session", browser.cookie()).status()).isEqualTo(401);
    }

    @Test
    void signingOutEndsTheSessionAndClearsTheCookie() {
        Browser browser = signIn();
        ApiClient.Response out = api.send("DELETE", "/api/v1/auth/session", null, browser.cookie());
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie").orElseThrow()).startsWith(COOKIE + "=; Max-Age=0; Expires=")
            .contains("; Path=/; Secure; HttpOnly; SameSite=Lax");
        ApiClient.Response after = api.get("/api/v1/auth/session", browser.cookie());
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void aCookieCallerWithoutALiveSessionGets401WithoutABearerChallenge() {
        Browser browser = signIn();
        api.send("DELETE", "/api/v1/auth/session", null, browser.cookie());
        ApiClient.Response cookie = api.get("/api/v1/me", browser.cookie());
        assertThat(cookie.status()).isEqualTo(401);
        assertThat(cookie.contentType()).startsWith("application/problem+json");
        assertThat(cookie.header("WWW-Authenticate")).isEmpty();

        ApiClient.Response nothing = api.get("/api/v1/me");
        assertThat(nothing.status()).isEqualTo(401);
        assertThat(nothing.header("WWW-Authenticate")).hasValue("Bearer");
        ApiClient.Response badBearer = api.get("/api/v1/me", concat(
                new String[] { "Authorization", "Bearer " + user.accessToken() + "x" }, browser.cookieWithoutCsrf()));
        assertThat(badBearer.status()).isEqualTo(401);
        assertThat(badBearer.header("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void withoutAConfiguredProviderTheOidcEndpointsAnswer404() {
        List<ApiClient.Response> answers = List.of(api.get("/api/v1/auth/oidc/login"),
                api.get("/api/v1/auth/oidc/callback?code=c&state=s"),
                api.post("/api/v1/auth/oidc/backchannel-logout", "logout_token=x.y.z", "Content-Type",
                        "application/x-www-form-urlencoded"));
        for (ApiClient.Response answer : answers) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().path("code").asString()).isEqualTo("NOT_FOUND");
            assertThat(answer.header("Location")).isEmpty();
            assertThat(answer.header("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void withoutASessionTheCurrentSessionIs401() {
        ApiClient.Response none = api.get("/api/v1/auth/session", "X-CSRF", "1");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/auth/session", user.bearer()).status()).isEqualTo(401);
    }

    @Test
    void aUserListsTheirSessionsAndRevokesOneOrAll() {
        Browser laptop = signIn("User-Agent", "Laptop/1");
        clock.advance(Duration.ofMinutes(1));
        Browser phone = signIn("User-Agent", "Phone/2");
        TestUsers.SignedIn other = TestUsers.register(api, "browser-other");

        JsonNode listed = api.get("/api/v1/auth/sessions", phone.cookie()).json();
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).path("userAgent").asString()).isEqualTo("Phone/2");
        assertThat(listed.get(0).path("current").asBoolean()).isTrue();
        assertThat(listed.get(0).path("createdAt").asString()).isEqualTo("2026-11-26T12:01:00Z");
        assertThat(listed.get(1).path("userAgent").asString()).isEqualTo("Laptop/1");
        assertThat(listed.get(1).path("current").asBoolean()).isFalse();
        assertThat(listed.get(1).path("lastSeenAt").asString()).isEqualTo("2026-11-26T12:00:00Z");
        String laptopId = listed.get(1).path("id").asString();

        assertThat(api.send("DELETE", "/api/v1/auth/sessions/" + laptopId, null, other.bearer()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/me", laptop.cookie()).status()).isEqualTo(200);

        assertThat(api.send("DELETE", "/api/v1/auth/sessions/" + laptopId, null, phone.cookie()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/me", laptop.cookie()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", phone.cookie()).status()).isEqualTo(200);

        Browser tablet = signIn("User-Agent", "Tablet/3");
        assertThat(api.send("DELETE", "/api/v1/auth/sessions", null, user.bearer()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/me", phone.cookie()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", tablet.cookie()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/auth/sessions", user.bearer()).json()).isEmpty();
    }

    private static String decoded(String cookieValue) {
        return new String(java.util.Base64.getDecoder().decode(cookieValue), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
