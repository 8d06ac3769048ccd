package dev.togglbff.upstream;

import java.net.URI;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.togglbff.web.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.togglbff.upstream.UpstreamFixture.API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sandbox keys go to the sandbox and nowhere else; every other key goes to Maton. */
class MatonRoutingTests {

    @RegisterExtension
    static WireMockExtension maton = UpstreamFixture.wireMock();

    @RegisterExtension
    static WireMockExtension sandbox = UpstreamFixture.wireMock();

    static final MatonCredentials SANDBOX_KEY = MatonCredentials.of("sandbox_routing-test", null);

    @Test
    void withoutASandboxASandboxKeyIsRefusedBeforeAnythingIsSent() {
        UpstreamFixture upstream = UpstreamFixture.with(maton).build();
        assertThatThrownBy(() -> upstream.toggl.me(SANDBOX_KEY)).isInstanceOfSatisfying(UpstreamException.class,
                ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.MATON_KEY_INVALID);
                    assertThat(ex.upstreamStatus()).isZero();
                    assertThat(ex.getMessage()).contains("bff.sandbox.enabled").doesNotContain("routing-test");
                });
        maton.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aSandboxKeyGoesToTheSandboxAndOtherKeysToMaton() {
        maton.stubFor(get(urlEqualTo(API + "/me")).willReturn(okJson("{\"id\":1}")));
        sandbox.stubFor(get(urlEqualTo("/sandbox/maton" + API + "/me")).willReturn(okJson("{\"id\":2}")));
        MatonRouting routing = new MatonRouting(URI.create(maton.baseUrl()),
                () -> () -> URI.create(sandbox.baseUrl() + "/sandbox/maton"));
        UpstreamFixture upstream = UpstreamFixture.with(maton).routing(routing).build();

        assertThat(upstream.toggl.me(SANDBOX_KEY).id()).isEqualTo(2);
        assertThat(upstream.toggl.me(UpstreamFixture.key()).id()).isEqualTo(1);

        maton.verify(1, anyRequestedFor(anyUrl()));
        sandbox.verify(1, anyRequestedFor(anyUrl()));
    }
}
