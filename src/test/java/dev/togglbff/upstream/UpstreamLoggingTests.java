package dev.togglbff.upstream;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.togglbff.upstream.UpstreamFixture.API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** With every upstream logger at its most verbose, the key never reaches the log. */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamLoggingTests {

    @RegisterExtension
    static WireMockExtension wm = UpstreamFixture.wireMock();

    static final String[] LOGGERS = { "dev.togglbff.upstream", "org.springframework.web.reactive.function.client",
            "org.springframework.http", "reactor.netty.http.client" };

    @BeforeEach
    void verbose() {
        for (String name : LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.TRACE);
        }
    }

    @AfterEach
    void quiet() {
        for (String name : LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(null);
        }
    }

    @Test
    void theKeyNeverAppearsInTheLog(CapturedOutput output) {
        UpstreamFixture upstream = UpstreamFixture.with(wm).responseTimeout(Duration.ofMillis(500)).build();
        MatonCredentials credentials = UpstreamFixture.key("conn-1");
        wm.stubFor(get(urlEqualTo(API + "/me")).willReturn(okJson("{\"id\": 1}")));
        wm.stubFor(get(urlEqualTo(API + "/me/workspaces")).willReturn(aResponse().withStatus(429)));
        wm.stubFor(get(urlEqualTo(API + "/workspaces/1/users")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(get(urlEqualTo(API + "/workspaces/1")).willReturn(okJson("{}").withFixedDelay(1000)));
        wm.stubFor(post(urlEqualTo(API + "/workspaces/1/tags")).willReturn(aResponse().withStatus(400)
            .withBody("\"bad key " + UpstreamFixture.KEY + "\"")));
        wm.stubFor(get(urlEqualTo(API + "/workspaces/1/projects")).willReturn(aResponse().withStatus(402)
            .withHeader("X-Toggl-Quota-Resets-In", "60")));

        UpstreamFixture.with(wm).build().toggl.me(credentials); // warms up the HTTP client outside the short timeout
        upstream.toggl.me(credentials);
        catchThrowable(() -> upstream.toggl.workspaces(credentials));
        catchThrowable(() -> upstream.toggl.workspaceUsers(credentials, 1));
        catchThrowable(() -> upstream.toggl.workspace(credentials, 1));
        Throwable badRequest = catchThrowable(() -> upstream.toggl.createTag(credentials, 1, "x"));
        catchThrowable(() -> upstream.toggl.projects(credentials, 1, UpstreamFixture.ALL_PROJECTS));

        assertThat(output.getAll()).contains("/toggl-track/api/v9/me").doesNotContain(UpstreamFixture.KEY);
        assertThat(badRequest.getMessage()).doesNotContain(UpstreamFixture.KEY).contains(credentials.fingerprint());
        assertThat(credentials.toString()).doesNotContain(UpstreamFixture.KEY);
    }
}
