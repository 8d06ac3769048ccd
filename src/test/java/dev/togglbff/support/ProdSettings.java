package dev.togglbff.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.togglbff.TogglBffApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The settings an operator gives the {@code prod} profile, pointing at the tests' PostgreSQL
 * and Redis, with a freshly generated token signing key pair and master key.
 */
public final class ProdSettings {

    private ProdSettings() {
    }

    /** Every required setting; {@code keysDir} receives the PEM files of the signing key. */
    public static Map<String, Object> complete(Path keysDir) {
        TestServices.Postgres postgres = TestServices.postgres();
        TestServices.Redis redis = TestServices.redis();
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.datasource.url", postgres.url());
        settings.put("spring.datasource.username", postgres.username());
        settings.put("spring.datasource.password", postgres.password());
        settings.put("spring.flyway.default-schema", postgres.schema());
        settings.put("spring.data.redis.host", redis.host());
        settings.put("spring.data.redis.port", redis.port());
        // The machine's Redis is shared: this run's keys under a prefix of their own.
        settings.put("bff.shared.key-prefix", "test-prod-" + java.util.UUID.randomUUID());
        settings.put("bff.data-dir", keysDir.toString());
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            settings.put("bff.auth.jwt.private-key-location",
                    "file:" + pem(keysDir.resolve("jwt.pem"), "PRIVATE KEY", pair.getPrivate().getEncoded()));
            settings.put("bff.auth.jwt.public-key-location",
                    "file:" + pem(keysDir.resolve("jwt.pub.pem"), "PUBLIC KEY", pair.getPublic().getEncoded()));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        byte[] masterKey = new byte[32];
        new java.security.SecureRandom().nextBytes(masterKey);
        settings.put("bff.vault.master-key", Base64.getEncoder().encodeToString(masterKey));
        return settings;
    }

    /**
     * The application on a free port with the given settings in front of everything else, as an
     * operator's environment variables would be.
     */
    public static SpringApplicationBuilder application(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> all = new HashMap<>(settings);
        all.put("server.port", 0);
        environment.getPropertySources().addFirst(new MapPropertySource("test-settings", all));
        return new SpringApplicationBuilder(TogglBffApplication.class).environment(environment);
    }

    private static Path pem(Path file, String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der);
        try {
            Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return file;
    }
}
