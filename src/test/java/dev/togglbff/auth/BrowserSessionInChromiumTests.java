package dev.togglbff.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cookie mode in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) loads a tiny page from another origin that CORS allows, signs in,
 * reads {@code /api/v1/me} with the cookie, starts and stops a sandbox timer and signs out; a
 * page from an origin CORS does not allow, in the same browser and with the cookie present,
 * can neither read nor change anything. Skipped (not passed) where no Chromium is installed.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// A context of its own (its allowed origin is the page server's port): closed afterwards, so that its
// connection pool does not stay open beside the shared contexts for the rest of the run.
@DirtiesContext
class BrowserSessionInChromiumTests {

    private static final String PAGE = "<!doctype html><html><head><title>frontend</title></head><body>frontend</body></html>";
    private static final HttpServer ALLOWED = page();
    private static final HttpServer OTHER = page();

    /** The JavaScript a frontend runs: one fetch, with the cookie and (optionally) the CSRF header. */
    private static final String CALL = """
            const [url, method, body, csrf, done] = arguments;
            const headers = {};
            if (csrf) headers['X-CSRF'] = '1';
            if (body !== null) headers['Content-Type'] = 'application/json';
            fetch(url, {method, body, headers, credentials: 'include'})
              .then(r => r.text().then(text => done({status: r.status, body: text,
                    headers: [...r.headers.entries()].map(h => h.join(': ')).join('\\n')})))
              .catch(e => done({error: String(e)}));
            """;

    @LocalServerPort
    int port;

    ChromeDriver browser;

    @DynamicPropertySource
    static void allowedOrigin(DynamicPropertyRegistry registry) {
        registry.add("bff.web.cors.allowed-origins", () -> origin(ALLOWED));
    }

    @BeforeAll
    void chromium() {
        Optional<Path> chromium = executable("chromium", "chromium-browser");
        Optional<Path> driver = executable("chromedriver", "chromium-driver");
        if (chromium.isEmpty() || driver.isEmpty()) {
            return; // each test then reports itself skipped (an assumption here would hide it)
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
            .usingAnyFreePort()
            .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.quit();
        }
        ALLOWED.stop(0);
        OTHER.stop(0);
    }

    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(browser != null,
                "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
    }

    @Test
    void aPageOnAnAllowedOriginSignsInWorksAndSignsOutWhileAnotherOriginCanDoNothing() {
        ApiClient api = new ApiClient(port);
        String username = TestUsers.register(api, "chromium").username();
        String credentials = "{\"username\":\"" + username + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}";

        browser.get(origin(ALLOWED) + "/");
        Map<String, Object> signIn = call("POST", "/api/v1/auth/session", credentials, true);
        assertThat(signIn.get("status")).as(signIn.toString()).isEqualTo(200L);
        assertThat(signIn.get("body") + "\n" + signIn.get("headers")).doesNotContainIgnoringCase("token")
            .doesNotContain("eyJ").doesNotContain("__Host-");
        assertThat(browser.executeScript("return document.cookie")).isEqualTo("");

        Map<String, Object> me = call("GET", "/api/v1/me", null, true);
        assertThat(me.get("status")).as(me.toString()).isEqualTo(200L);
        assertThat((String) me.get("body")).contains("\"username\":\"" + username + "\"");

        // The sandbox Toggl: store a sandbox key, make a team on its workspace, start and stop a timer.
        assertThat(call("PUT", "/api/v1/me/maton-key", "{\"apiKey\":\"sandbox_" + username + "\"}", true).get("status"))
            .isEqualTo(200L);
        String workspaces = (String) call("GET", "/api/v1/me/workspaces", null, true).get("body");
        String workspaceId = workspaces.replaceAll("(?s)^\\[\\{\"id\":(\\d+).*", "$1");
        Map<String, Object> team = call("POST", "/api/v1/teams", "{\"name\":\"Web\",\"workspaceId\":" + workspaceId + "}", true);
        assertThat(team.get("status")).as(team.toString()).isEqualTo(201L);
        String teamPath = "/api/v1/teams/" + ((String) team.get("body")).replaceAll("(?s)^\\{\"id\":\"?([^\",]+).*", "$1");
        Map<String, Object> started = call("POST", teamPath + "/timer/start", "{\"description\":\"from the browser\"}", true);
        assertThat(started.get("status")).as(started.toString()).isEqualTo(201L);
        assertThat(call("GET", teamPath + "/timer", null, true).get("body").toString()).contains("from the browser");

        // Another origin, same browser, cookie present: nothing readable, nothing changed.
        browser.get(origin(OTHER) + "/");
        assertThat(call("GET", "/api/v1/me", null, true)).containsKey("error");
        assertThat(call("GET", "/api/v1/me", null, false)).containsKey("error");
        assertThat(call("POST", teamPath + "/timer/stop", null, true)).containsKey("error");
        assertThat(call("POST", teamPath + "/timer/stop", null, false)).containsKey("error");
        assertThat(call("DELETE", "/api/v1/auth/session", null, true)).containsKey("error");

        browser.get(origin(ALLOWED) + "/");
        assertThat(call("GET", teamPath + "/timer", null, true).get("status")).as("still running, still signed in")
            .isEqualTo(200L);
        assertThat(call("POST", teamPath + "/timer/stop", null, true).get("status")).isEqualTo(200L);

        assertThat(call("DELETE", "/api/v1/auth/session", null, true).get("status")).isEqualTo(204L);
        assertThat(call("GET", "/api/v1/me", null, true).get("status")).isEqualTo(401L);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(String method, String path, String body, boolean csrf) {
        Object result = ((JavascriptExecutor) browser).executeAsyncScript(CALL, "http://localhost:" + port + path, method,
                body, csrf);
        return (Map<String, Object>) result;
    }

    private static HttpServer page() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] html = PAGE.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, html.length);
                exchange.getResponseBody().write(html);
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String origin(HttpServer server) {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private static Optional<Path> executable(String... names) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Stream.of(names)
            .flatMap(name -> Stream.of(path.split(":")).map(dir -> Path.of(dir, name)))
            .filter(Files::isExecutable)
            .findFirst();
    }
}
