package dev.togglbff.sandbox;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.togglbff.upstream.MatonCredentials;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The sandbox accounts, one per sandbox key, created (and seeded) on the key's first request and
 * kept in memory; past {@code bff.sandbox.max-accounts} the least recently used one is dropped
 * (its key starts over with a fresh account). Accounts are found by the key's SHA-256, never by
 * the key; logs name the key by its fingerprint only.
 */
@Component
@Profile("!prod")
@ConditionalOnBooleanProperty("bff.sandbox.enabled")
class SandboxAccounts {

    private static final String BEARER = "Bearer ";
    private static final Logger log = LoggerFactory.getLogger(SandboxAccounts.class);

    private final Cache<String, SandboxAccount> accounts;
    private final SandboxProperties properties;
    private final Clock clock;

    SandboxAccounts(SandboxProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.accounts = Caffeine.newBuilder().maximumSize(properties.maxAccounts()).build();
    }

    /** The account of the bearer key in an {@code Authorization} header; {@code null} unless it is a sandbox key. */
    @Nullable SandboxAccount forAuthorization(@Nullable String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return null;
        }
        String key = authorization.substring(BEARER.length()).strip();
        MatonCredentials credentials = MatonCredentials.of(key, null);
        if (!credentials.sandbox()) {
            return null;
        }
        return accounts.get(credentials.keyHash(), hash -> {
            long seed = ByteBuffer.wrap(HexFormat.of().parseHex(hash.substring(0, 16))).getLong();
            String connectionId = UUID.nameUUIDFromBytes(HexFormat.of().parseHex(hash)).toString();
            log.info("Sandbox account created for key {}", credentials.fingerprint());
            return new SandboxAccount(seed, connectionId, properties.defaultPlan(), clock.instant());
        });
    }
}
