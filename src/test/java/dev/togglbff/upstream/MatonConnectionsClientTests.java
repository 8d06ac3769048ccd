package dev.togglbff.upstream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.togglbff.web.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.togglbff.upstream.UpstreamFixture.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Maton's connection API: outside the Toggl path, no quota, no {@code Maton-Connection}. */
class MatonConnectionsClientTests {

    @RegisterExtension
    static WireMockExtension wm = UpstreamFixture.wireMock();

    static final String CONNECTION = """
            {"connection_id": "c-1", "status": "ACTIVE", "creation_time": "2026-02-13T19:31:31.452264Z",
             "last_updated_time": "2026-02-13T19:36:10.489069Z", "url": "https://connect.maton.ai/?session_token=t",
             "app": "toggl-track", "metadata": {}}""";

    UpstreamFixture upstream;
    MatonCredentials credentials = UpstreamFixture.key("chosen");

    @BeforeEach
    void client() {
        upstream = UpstreamFixture.with(wm).build();
    }

    @Test
    void listFiltersByAppAndStatus() {
        wm.stubFor(get(urlEqualTo("/connections?app=toggl-track&status=ACTIVE"))
            .willReturn(okJson("{\"connections\": [" + CONNECTION + "]}")));
        wm.stubFor(get(urlEqualTo("/connections?app=toggl-track")).willReturn(okJson("[" + CONNECTION + "]")));
        assertThat(upstream.connections.list(credentials, "ACTIVE")).extracting(MatonConnection::connectionId)
            .containsExactly("c-1");
        assertThat(upstream.connections.list(credentials, null)).hasSize(1);
        wm.verify(1, getRequestedFor(urlEqualTo("/connections?app=toggl-track&status=ACTIVE"))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withHeader("Maton-Connection", absent()));
        wm.verify(1, getRequestedFor(urlEqualTo("/connections?app=toggl-track")));
    }

    @Test
    void createAsksForATogglTrackConnectionAndReturnsItsUrl() {
        wm.stubFor(post(urlEqualTo("/connections"))
            .willReturn(okJson("{\"connection\": " + CONNECTION.replace("ACTIVE", "PENDING") + "}")));
        MatonConnection created = upstream.connections.create(credentials);
        assertThat(created.connectionId()).isEqualTo("c-1");
        assertThat(created.status()).isEqualTo("PENDING");
        assertThat(created.url()).startsWith("https://connect.maton.ai/");
        wm.verify(1, postRequestedFor(urlEqualTo("/connections"))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withHeader("Content-Type", equalTo("application/json"))
            .withHeader("Maton-Connection", absent())
            .withRequestBody(equalToJson("{\"app\": \"toggl-track\"}")));
    }

    @Test
    void getAndDelete() {
        wm.stubFor(get(urlEqualTo("/connections/c-1")).willReturn(okJson("{\"connection\": " + CONNECTION + "}")));
        wm.stubFor(delete(urlEqualTo("/connections/c-1")).willReturn(okJson("{}")));
        assertThat(upstream.connections.get(credentials, "c-1").app()).isEqualTo("toggl-track");
        upstream.connections.delete(credentials, "c-1");
        wm.verify(1, getRequestedFor(urlEqualTo("/connections/c-1"))
            .withHeader("Authorization", equalTo("Bearer " + KEY)).withHeader("Maton-Connection", absent()));
        wm.verify(1, deleteRequestedFor(urlEqualTo("/connections/c-1"))
            .withHeader("Authorization", equalTo("Bearer " + KEY)).withHeader("Maton-Connection", absent()));
    }

    @Test
    void rejectedKeyIsMatonKeyInvalid() {
        wm.stubFor(get(urlEqualTo("/connections?app=toggl-track"))
            .willReturn(aResponse().withStatus(401).withBody("{\"error\": \"Invalid API key\"}")));
        assertThatThrownBy(() -> upstream.connections.list(credentials, null))
            .isInstanceOfSatisfying(UpstreamException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.MATON_KEY_INVALID);
                assertThat(ex.status()).isEqualTo(409);
            });
    }
}
