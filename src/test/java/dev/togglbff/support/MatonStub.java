package dev.togglbff.support;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The Maton/Toggl stand-in of the integration tests: one WireMock server on loopback for the
 * whole run, which {@link IntegrationTest} contexts use as {@code bff.maton.base-url}. Tests
 * keep out of each other's way by stubbing per Maton key (each test user has its own key).
 */
public final class MatonStub {

    private static WireMockServer server;

    private MatonStub() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    public static String baseUrl() {
        return server().baseUrl();
    }
}
