package dev.togglbff.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MatonStub;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key vault through the HTTP API: a key Maton refuses is not stored, a good one is verified,
 * stored and shown only by fingerprint, and later upstream calls carry it with the chosen
 * connection. No key reaches a log line or a response body.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class MatonKeyApiTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    WireMockServer maton;
    TestUsers.SignedIn user;
    String goodKey;
    String badKey;
    final List<ApiClient.Response> responses = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        maton = MatonStub.server();
        user = TestUsers.register(api, "vault-api");
        goodKey = "test-key-" + UUID.randomUUID();
        badKey = "test-key-" + UUID.randomUUID();
        maton.stubFor(get(urlPathEqualTo("/connections")).withHeader("Authorization", equalTo("Bearer " + badKey))
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"invalid api key\"}")));
        maton.stubFor(get(urlPathEqualTo("/connections")).withHeader("Authorization", equalTo("Bearer " + goodKey))
            .willReturn(okJson("""
                    {"connections":[
                      {"connection_id":"conn-1","status":"ACTIVE","app":"toggl-track",
                       "creation_time":"2026-11-01T10:00:00.000000Z","last_updated_time":"2026-11-02T10:00:00.000000Z"},
                      {"connection_id":"conn-2","status":"ACTIVE","app":"toggl-track",
                       "creation_time":"2026-11-03T10:00:00.000000Z","last_updated_time":"2026-11-03T10:00:00.000000Z"}]}""")));
        maton.stubFor(get(urlPathEqualTo("/connections/conn-2"))
            .withHeader("Authorization", equalTo("Bearer " + goodKey))
            .willReturn(okJson("""
                    {"connection":{"connection_id":"conn-2","status":"ACTIVE","app":"toggl-track"}}""")));
        maton.stubFor(get(urlPathEqualTo("/toggl-track/api/v9/me/workspaces"))
            .withHeader("Authorization", equalTo("Bearer " + goodKey))
            .willReturn(okJson("""
                    [{"id":7001,"organization_id":55,"name":"Studio","premium":false,"admin":true}]""")));
    }

    @Test
    void rejectedKeyIsNotStored(CapturedOutput output) {
        ApiClient.Response rejected = call("PUT", "/api/v1/me/maton-key", "{\"apiKey\":\"" + badKey + "\"}");
        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.json().path("code").asString()).isEqualTo("MATON_KEY_REJECTED");
        assertThat(rows()).isZero();
        assertThat(call("GET", "/api/v1/me", null).json().path("matonKey").path("present").asBoolean()).isFalse();
        assertNoKeyLeaked(output);
    }

    @Test
    void verifiedKeyIsStoredShownByFingerprintAndUsedWithTheChosenConnection(CapturedOutput output) {
        ApiClient.Response stored = call("PUT", "/api/v1/me/maton-key",
                "{\"apiKey\":\"" + goodKey + "\",\"connectionId\":\"conn-1\"}");
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        JsonNode body = stored.json();
        assertThat(body.path("present").asBoolean()).isTrue();
        assertThat(body.path("fingerprint").asString()).isEqualTo("…" + goodKey.substring(goodKey.length() - 4));
        assertThat(body.path("verifiedAt").asString()).isNotBlank();
        assertThat(body.path("connections").valueStream().map(c -> c.path("connectionId").asString()))
            .containsExactly("conn-1", "conn-2");
        assertThat(rows()).isEqualTo(1);
        maton.verify(getRequestedFor(urlPathEqualTo("/connections")).withQueryParam("app", equalTo("toggl-track"))
            .withQueryParam("status", equalTo("ACTIVE"))
            .withHeader("Authorization", equalTo("Bearer " + goodKey)));

        JsonNode me = call("GET", "/api/v1/me", null).json().path("matonKey");
        assertThat(me.path("present").asBoolean()).isTrue();
        assertThat(me.path("fingerprint").asString()).isEqualTo(body.path("fingerprint").asString());
        assertThat(me.path("verifiedAt").asString()).isNotBlank();
        assertThat(me.path("connectionId").asString()).isEqualTo("conn-1");

        ApiClient.Response chosen = call("PUT", "/api/v1/me/maton-key/connection", "{\"connectionId\":\"conn-2\"}");
        assertThat(chosen.status()).as(chosen.body()).isEqualTo(200);
        assertThat(chosen.json().path("connectionId").asString()).isEqualTo("conn-2");

        ApiClient.Response team = call("POST", "/api/v1/teams", "{\"name\":\"Vaulted\",\"workspaceId\":7001}");
        assertThat(team.status()).as(team.body()).isEqualTo(201);
        maton.verify(getRequestedFor(urlPathEqualTo("/toggl-track/api/v9/me/workspaces"))
            .withHeader("Authorization", equalTo("Bearer " + goodKey))
            .withHeader("Maton-Connection", equalTo("conn-2")));

        assertThat(call("DELETE", "/api/v1/me/maton-key", null).status()).isEqualTo(204);
        assertThat(rows()).isZero();
        ApiClient.Response missing = call("POST", "/api/v1/teams", "{\"name\":\"Keyless\",\"workspaceId\":7001}");
        assertThat(missing.status()).isEqualTo(409);
        assertThat(missing.json().path("code").asString()).isEqualTo("MATON_KEY_MISSING");
        assertNoKeyLeaked(output);
    }

    @Test
    void unknownConnectionIsRefusedAndNothingStored(CapturedOutput output) {
        ApiClient.Response refused = call("PUT", "/api/v1/me/maton-key",
                "{\"apiKey\":\"" + goodKey + "\",\"connectionId\":\"conn-9\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("connectionId");
        assertThat(rows()).isZero();
        assertNoKeyLeaked(output);
    }

    @Test
    void malformedKeyIsAValidationErrorThatDoesNotEchoIt(CapturedOutput output) {
        String withSpace = goodKey + " and more";
        ApiClient.Response refused = call("PUT", "/api/v1/me/maton-key", "{\"apiKey\":\"" + withSpace + "\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain(goodKey);
        assertThat(rows()).isZero();
        assertNoKeyLeaked(output);
    }

    private ApiClient.Response call(String method, String path, String json) {
        ApiClient.Response response = api.send(method, path, json, user.bearer());
        responses.add(response);
        return response;
    }

    private long rows() {
        return jdbc.sql("SELECT COUNT(*) FROM maton_keys WHERE user_id = :id").param("id", user.id())
            .query(Long.class).single();
    }

    private void assertNoKeyLeaked(CapturedOutput output) {
        for (String key : List.of(goodKey, badKey)) {
            assertThat(output.getAll()).doesNotContain(key);
            assertThat(responses).allSatisfy(response -> assertThat(response.body()).doesNotContain(key));
        }
    }
}
