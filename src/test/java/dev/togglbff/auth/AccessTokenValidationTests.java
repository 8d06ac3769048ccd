package dev.togglbff.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Access tokens that must not open the API, each answered 401 {@code UNAUTHENTICATED}. */
@IntegrationTest
class AccessTokenValidationTests {

    @LocalServerPort
    int port;

    @Autowired
    RSAKey signingKey;

    ApiClient api;
    TestUsers.SignedIn user;

    @BeforeEach
    void signIn() {
        api = new ApiClient(port);
        user = TestUsers.register(api, "tokens");
    }

    @Test
    void aFreshTokenWorks() throws Exception {
        assertThat(meWith(user.accessToken()).status()).isEqualTo(200);
        assertThat(meWith(sign(signingKey, claims("toggl-bff", Instant.now().plusSeconds(300)))).status())
            .isEqualTo(200);
    }

    @Test
    void expiredToken() throws Exception {
        assertRejected(sign(signingKey, claims("toggl-bff", Instant.now().minus(5, ChronoUnit.MINUTES))));
    }

    @Test
    void tamperedSignature() {
        String token = user.accessToken();
        int dot = token.lastIndexOf('.');
        char last = token.charAt(dot + 5);
        String tampered = token.substring(0, dot + 5) + (last == 'A' ? 'B' : 'A') + token.substring(dot + 6);
        assertRejected(tampered);
    }

    @Test
    void tamperedClaims() {
        String[] parts = user.accessToken().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace(user.id().toString(), UUID.randomUUID().toString());
        assertRejected(parts[0] + "." + base64(claims) + "." + parts[2]);
    }

    @Test
    void algNone() {
        String[] parts = user.accessToken().split("\\.");
        assertRejected(base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
    }

    @Test
    void signedByAnotherKey() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
        assertRejected(sign(other, claims("toggl-bff", Instant.now().plusSeconds(300))));
    }

    @Test
    void wrongIssuer() throws Exception {
        assertRejected(sign(signingKey, claims("https://someone-else.example", Instant.now().plusSeconds(300))));
    }

    @Test
    void refreshTokenUsedAsAccessToken() {
        assertRejected(user.refreshToken());
    }

    @Test
    void garbageAndMissingScheme() {
        assertRejected("not-a-token");
        ApiClient.Response basic = api.get("/api/v1/me", "Authorization", "Basic dXNlcjpwYXNz");
        assertThat(basic.status()).isEqualTo(401);
    }

    private JWTClaimsSet claims(String issuer, Instant expiresAt) {
        return new JWTClaimsSet.Builder().issuer(issuer)
            .subject(user.id().toString())
            .claim("preferred_username", user.username())
            .issueTime(java.util.Date.from(expiresAt.minus(15, ChronoUnit.MINUTES)))
            .expirationTime(java.util.Date.from(expiresAt))
            .build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private ApiClient.Response meWith(String token) {
        return api.get("/api/v1/me", "Authorization", "Bearer " + token);
    }

    private void assertRejected(String token) {
        ApiClient.Response response = meWith(token);
        assertThat(response.status()).as(token).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.body()).doesNotContain(token);
    }
}
