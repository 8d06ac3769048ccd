package dev.togglbff.tracking;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same table of team routes, roles and answers as {@link AuthorizationMatrixTests}, with
 * every signed-in caller using a browser session cookie and the CSRF header instead of a
 * bearer token.
 */
class CookieAuthorizationMatrixTests extends AuthorizationMatrixTests {

    private static final Pattern SESSION = Pattern.compile("(__Host-bff-session=[^;]+);");

    private final Map<Caller, String> cookies = new EnumMap<>(Caller.class);

    @BeforeAll
    void browserSessions() {
        users.forEach((caller, user) -> cookies.put(caller, signInWithCookie(user)));
    }

    @Override
    String[] credentials(TestUsers.SignedIn user) {
        String cookie = users.entrySet().stream()
            .filter(entry -> entry.getValue().equals(user))
            .map(entry -> cookies.get(entry.getKey()))
            .findFirst()
            .orElseThrow();
        return new String[] { "Cookie", cookie, "X-CSRF", "1" };
    }

    /** The table-coverage check runs once, in {@link AuthorizationMatrixTests}. */
    @Override
    protected java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> theTableCoversEveryTeamRoute() {
        return java.util.stream.Stream.empty();
    }

    private String signInWithCookie(TestUsers.SignedIn user) {
        ApiClient.Response signIn = api.post("/api/v1/auth/session",
                "{\"username\":\"" + user.username() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}", "X-CSRF", "1");
        assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);
        Matcher cookie = SESSION.matcher(signIn.header("Set-Cookie").orElseThrow());
        assertThat(cookie.find()).isTrue();
        return cookie.group(1);
    }
}
