package dev.togglbff.vault;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Users, random keys and master keys for the vault tests, and the forms a leaked key could take. */
final class VaultFixtures {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int KEY_LENGTH = 40;
    private static final int PREFIX_LENGTH = 12;

    private VaultFixtures() {
    }

    /** Inserts a user row (the auth module is not here yet) and returns its id. */
    static UUID insertUser(JdbcClient jdbc) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO users (id, username, display_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
            .params(id, "vault-test-" + id, "Vault test user", now, now)
            .update();
        return id;
    }

    static void deleteUsers(JdbcClient jdbc, List<UUID> users) {
        users.forEach(id -> jdbc.sql("DELETE FROM users WHERE id = ?").param(id).update());
    }

    /** A random Maton-like API key. */
    static String randomApiKey() {
        StringBuilder key = new StringBuilder("mtn_");
        for (int i = 0; i < KEY_LENGTH; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    static MasterKey randomMasterKey() {
        byte[] raw = new byte[MasterKey.KEY_BYTES];
        RANDOM.nextBytes(raw);
        return MasterKey.of(raw);
    }

    static String randomMasterKeyBase64() {
        byte[] raw = new byte[MasterKey.KEY_BYTES];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    static EnvelopeCipher cipher(MasterKey current, MasterKey... previous) {
        return new EnvelopeCipher(new MasterKeys(current, List.of(previous)), RANDOM);
    }

    static Instant verifiedAt() {
        return Instant.parse("2026-01-02T03:04:05.123456Z");
    }

    /**
     * Every form in which the key could be spotted: as is, its random part's prefix, base64
     * (standard and URL-safe, of its UTF-8 bytes) and hex in both cases.
     */
    static List<String> leakForms(String apiKey) {
        byte[] bytes = apiKey.getBytes(StandardCharsets.UTF_8);
        List<String> forms = new ArrayList<>();
        forms.add(apiKey);
        forms.add(apiKey.substring("mtn_".length(), "mtn_".length() + PREFIX_LENGTH));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        forms.add(HexFormat.of().formatHex(bytes));
        forms.add(HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT));
        return forms;
    }

    /** A stored column value in every way it could be read: as text, base64 and hex. */
    static List<String> renderings(Object value) {
        if (value instanceof byte[] bytes) {
            return List.of(new String(bytes, StandardCharsets.ISO_8859_1), new String(bytes, StandardCharsets.UTF_8),
                    Base64.getEncoder().encodeToString(bytes), Base64.getUrlEncoder().encodeToString(bytes),
                    HexFormat.of().formatHex(bytes), HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT));
        }
        return List.of(String.valueOf(value));
    }
}
