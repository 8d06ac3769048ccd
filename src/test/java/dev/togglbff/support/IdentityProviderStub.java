package dev.togglbff.support;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The OpenID Connect provider of the integration tests: one WireMock server on loopback for the
 * whole run serving the discovery document and the JWK set of a test RSA key; a test plays the
 * provider's part of a sign-in by stubbing the token and userinfo answers for one code
 * ({@link #issue}). {@link PostgresTestConfiguration} points {@code bff.auth.oidc.*} here (unless
 * a test class sets {@code test.oidc=off}).
 */
public final class IdentityProviderStub {

    public static final String REALM = "/realms/test";
    public static final String CLIENT_ID = "toggl-bff";
    public static final String CLIENT_SECRET = "test-client-secret";
    public static final String FRONTEND = "https://app.example/signed-in";
    public static final String TOKEN_PATH = REALM + "/protocol/openid-connect/token";
    public static final String LOGOUT_PATH = REALM + "/protocol/openid-connect/logout";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static WireMockServer server;
    private static RSAKey key;

    private IdentityProviderStub() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            try {
                key = new RSAKeyGenerator(2048).keyID("test-idp-key").generate();
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
            server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            String issuer = server.baseUrl() + REALM;
            Map<String, Object> discovery = new LinkedHashMap<>();
            discovery.put("issuer", issuer);
            discovery.put("authorization_endpoint", issuer + "/protocol/openid-connect/auth");
            discovery.put("token_endpoint", issuer + "/protocol/openid-connect/token");
            discovery.put("userinfo_endpoint", issuer + "/protocol/openid-connect/userinfo");
            discovery.put("jwks_uri", issuer + "/protocol/openid-connect/certs");
            discovery.put("end_session_endpoint", issuer + "/protocol/openid-connect/logout");
            discovery.put("response_types_supported", new String[] { "code" });
            discovery.put("subject_types_supported", new String[] { "public" });
            discovery.put("id_token_signing_alg_values_supported", new String[] { "RS256" });
            discovery.put("token_endpoint_auth_methods_supported", new String[] { "client_secret_basic" });
            discovery.put("code_challenge_methods_supported", new String[] { "S256" });
            discovery.put("backchannel_logout_supported", true);
            discovery.put("backchannel_logout_session_supported", true);
            server.stubFor(get(REALM + "/.well-known/openid-configuration").willReturn(json(JSON.writeValueAsString(discovery))));
            server.stubFor(get(REALM + "/protocol/openid-connect/certs")
                .willReturn(json(new JWKSet(key.toPublicJWK()).toString())));
        }
        return server;
    }

    public static String issuer() {
        return server().baseUrl() + REALM;
    }

    public static RSAKey key() {
        server();
        return key;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    /** What the provider handed out for one sign-in. */
    public record Issued(String code, String idToken, String accessToken, String refreshToken) {
    }

    /**
     * Plays the provider's side of one sign-in: a fresh code whose token answer carries an ID token
     * for {@code subject} (with the {@code nonce} of the authorization request and the given
     * {@code sid}) and whose access token opens the userinfo endpoint.
     */
    public static Issued issue(String nonce, String subject, String sid, String preferredUsername, String name,
            Consumer<JWTClaimsSet.Builder> idTokenChanges) {
        String code = "code-" + UUID.randomUUID();
        String accessToken = "access-" + UUID.randomUUID();
        String refreshToken = "refresh-" + UUID.randomUUID();
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer())
            .subject(subject)
            .audience(CLIENT_ID)
            .claim("azp", CLIENT_ID)
            .claim("nonce", nonce)
            .claim("sid", sid)
            .claim("preferred_username", preferredUsername)
            .claim("name", name)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)));
        idTokenChanges.accept(claims);
        String idToken = sign(claims.build(), key(), null);
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("access_token", accessToken);
        tokens.put("token_type", "Bearer");
        tokens.put("expires_in", 300);
        tokens.put("refresh_token", refreshToken);
        tokens.put("id_token", idToken);
        tokens.put("scope", "openid profile email");
        server().stubFor(post(TOKEN_PATH).withRequestBody(containing("code=" + code))
            .willReturn(json(JSON.writeValueAsString(tokens))));
        server().stubFor(get(REALM + "/protocol/openid-connect/userinfo")
            .withHeader("Authorization", equalTo("Bearer " + accessToken))
            .willReturn(json(JSON.writeValueAsString(Map.of("sub", subject, "preferred_username", preferredUsername,
                    "name", name, "email", preferredUsername + "@example.test")))));
        return new Issued(code, idToken, accessToken, refreshToken);
    }

    /** A back-channel logout token of the provider (valid unless {@code changes} spoil it). */
    public static String logoutToken(String subject, String sid, Consumer<JWTClaimsSet.Builder> changes) {
        return logoutToken(subject, sid, key(), changes);
    }

    /** A back-channel logout token signed with the given key. */
    public static String logoutToken(String subject, String sid, RSAKey signingKey,
            Consumer<JWTClaimsSet.Builder> changes) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer())
            .audience(CLIENT_ID)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(120)))
            .jwtID(UUID.randomUUID().toString())
            .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        if (subject != null) {
            claims.subject(subject);
        }
        if (sid != null) {
            claims.claim("sid", sid);
        }
        changes.accept(claims);
        return sign(claims.build(), signingKey, new JOSEObjectType("logout+jwt"));
    }

    private static String sign(JWTClaimsSet claims, RSAKey signingKey, JOSEObjectType type) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID());
            if (type != null) {
                header.type(type);
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The query parameters of a URL, decoded. */
    public static Map<String, String> query(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                parameters.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                        equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /** The PKCE S256 challenge of a verifier. */
    public static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
