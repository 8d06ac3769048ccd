package dev.togglbff.auth;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens of an external OIDC issuer (its JWK set served by WireMock) are accepted beside the
 * service's own, and their user is provisioned once, on the first call.
 */
@IntegrationTest
class ExternalIssuerTests {

    static final String ISSUER = "https://idp.example.test/realms/staff";
    static final WireMockServer idp = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final RSAKey idpKey;

    static {
        try {
            idpKey = new RSAKeyGenerator(2048).keyID("idp-key-1").generate();
        }
        catch (Exception ex) {
            throw new ExceptionInInitializerError(ex);
        }
        idp.start();
        idp.stubFor(get("/protocol/openid-connect/certs").willReturn(aResponse().withHeader("Content-Type",
                "application/json").withBody(new JWKSet(idpKey.toPublicJWK()).toString())));
        // One request up front, so that WireMock's first-call warm-up does not count against
        // the service's JWK set read timeout.
        new ApiClient(idp.port()).get("/protocol/openid-connect/certs");
    }

    @DynamicPropertySource
    static void externalIssuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> idp.baseUrl() + "/protocol/openid-connect/certs");
    }

    @AfterAll
    static void stop() {
        idp.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void provisionsTheUserOnceAndKeepsAcceptingLocalTokens() throws Exception {
        ApiClient api = new ApiClient(port);
        String subject = UUID.randomUUID().toString();
        String token = externalToken(ISSUER, subject, "Grace.Hopper@Navy");

        ApiClient.Response first = api.get("/api/v1/me", "Authorization", "Bearer " + token);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("username").asString()).isEqualTo("grace.hopper-navy");
        assertThat(first.json().path("displayName").asString()).isEqualTo("Grace Hopper");

        ApiClient.Response second = api.get("/api/v1/me", "Authorization",
                "Bearer " + externalToken(ISSUER, subject, "Grace.Hopper@Navy"));
        assertThat(second.json().path("id").asString()).isEqualTo(first.json().path("id").asString());

        long rows = jdbc.sql("SELECT COUNT(*) FROM users WHERE external_issuer = :issuer AND external_subject = :sub")
            .param("issuer", ISSUER)
            .param("sub", subject)
            .query(Long.class)
            .single();
        assertThat(rows).isEqualTo(1);

        // The service's own tokens still work beside the external issuer's.
        ApiClient.Response local = api.post("/api/v1/auth/register",
                "{\"username\":\"" + dev.togglbff.support.TestUsers.uniqueName("local") + "\",\"password\":\""
                        + dev.togglbff.support.TestUsers.PASSWORD + "\"}");
        assertThat(local.status()).isEqualTo(201);
    }

    @Test
    void rejectsTokensOfOtherIssuersSignedWithTheSameKey() throws Exception {
        ApiClient api = new ApiClient(port);
        String token = externalToken("https://evil.example.test", UUID.randomUUID().toString(), "mallory");
        assertThat(api.get("/api/v1/me", "Authorization", "Bearer " + token).status()).isEqualTo(401);
    }

    private static String externalToken(String issuer, String subject, String preferredUsername) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
            .subject(subject)
            .claim("preferred_username", preferredUsername)
            .claim("name", "Grace Hopper")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(idpKey.getKeyID()).build(),
                claims);
        jwt.sign(new RSASSASigner(idpKey));
        return jwt.serialize();
    }
}
