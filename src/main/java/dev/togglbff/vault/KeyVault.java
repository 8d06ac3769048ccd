package dev.togglbff.vault;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.togglbff.upstream.MatonCredentials;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The key vault: stores each user's Maton API key envelope-encrypted (see {@link EnvelopeCipher})
 * and hands it out only as {@link MatonCredentials}. The plaintext key exists in memory for the
 * length of one call; it is never logged, put in an exception message or returned by a
 * {@code toString()}.
 * <p>
 * A stored record that cannot be decrypted (moved to another user, altered, or wrapped by a
 * master key this instance does not know) is reported once at WARN, naming the user and the
 * master key id, and is then treated as missing. Replacing or deleting a key, or changing its
 * connection, publishes {@link MatonKeyChanged}.
 */
@Service
public class KeyVault {

    private static final Logger log = LoggerFactory.getLogger(KeyVault.class);

    /** Timestamps are kept at the database's precision so that what is read equals what was written. */
    private static final ChronoUnit STORED_PRECISION = ChronoUnit.MICROS;

    private final MatonKeyRepository repository;
    private final EnvelopeCipher cipher;
    private final TransactionOperations transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();

    KeyVault(MatonKeyRepository repository, EnvelopeCipher cipher, TransactionOperations transactions,
            ApplicationEventPublisher events, Clock clock) {
        this.repository = repository;
        this.cipher = cipher;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores the user's key (already verified against Maton at {@code verifiedAt}), replacing any
     * key stored before, under a new data key.
     *
     * @throws IllegalArgumentException when the key is blank
     */
    MatonKeyStatus store(UUID userId, String apiKey, @Nullable String connectionId, Instant verifiedAt) {
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("A Maton API key must not be blank");
        }
        try {
            return storeOnce(userId, apiKey, connectionId, verifiedAt);
        }
        catch (DuplicateKeyException ex) {
            // A concurrent first store for the same user won the insert: replace that one instead.
            return storeOnce(userId, apiKey, connectionId, verifiedAt);
        }
    }

    private MatonKeyStatus storeOnce(UUID userId, String apiKey, @Nullable String connectionId,
            Instant verifiedAt) {
        return Objects.requireNonNull(transactions.execute(tx -> {
            Optional<MatonKeyRecord> old = repository.findForUpdate(userId);
            Instant now = now();
            byte[] plaintext = apiKey.getBytes(StandardCharsets.UTF_8);
            SealedSecret sealed;
            try {
                sealed = cipher.seal(plaintext, userId);
            }
            finally {
                Arrays.fill(plaintext, (byte) 0);
            }
            MatonKeyRecord record = new MatonKeyRecord(userId, sealed,
                    MatonCredentials.of(apiKey, connectionId).fingerprint(), connectionId,
                    verifiedAt.truncatedTo(STORED_PRECISION), old.map(MatonKeyRecord::createdAt).orElse(now), now);
            if (old.isPresent()) {
                repository.replace(record);
                events.publishEvent(new MatonKeyChanged(userId, keyHashOf(old.get())));
            }
            else {
                repository.insert(record);
            }
            return status(record);
        }));
    }

    /** What may be shown about the user's key, without decrypting it; empty when none is stored. */
    public Optional<MatonKeyStatus> status(UUID userId) {
        return repository.find(userId).map(KeyVault::status);
    }

    /** The user's key for the upstream client; empty when none is stored or it cannot be decrypted. */
    public Optional<MatonCredentials> credentials(UUID userId) {
        return repository.find(userId).flatMap(this::decrypt);
    }

    /**
     * The user's key for a call that cannot do without one.
     *
     * @throws ApiException {@code 409 MATON_KEY_MISSING} when none is stored (or it cannot be decrypted)
     */
    public MatonCredentials requireCredentials(UUID userId) {
        return credentials(userId).orElseThrow(() -> new ApiException(ErrorCode.MATON_KEY_MISSING,
                "Store a Maton API key first (PUT /api/v1/me/maton-key)."));
    }

    /** Deletes the user's key; {@code false} when there was none. */
    boolean delete(UUID userId) {
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            Optional<MatonKeyRecord> old = repository.findForUpdate(userId);
            if (old.isEmpty()) {
                return false;
            }
            repository.delete(userId);
            events.publishEvent(new MatonKeyChanged(userId, keyHashOf(old.get())));
            return true;
        }));
    }

    /**
     * Chooses the Maton connection later calls use ({@code null}: Maton's default); {@code false}
     * when the user has no stored key.
     */
    boolean selectConnection(UUID userId, @Nullable String connectionId) {
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            Optional<MatonKeyRecord> old = repository.findForUpdate(userId);
            if (old.isEmpty()) {
                return false;
            }
            if (!Objects.equals(old.get().connectionId(), connectionId)) {
                repository.updateConnection(userId, connectionId, now());
                events.publishEvent(new MatonKeyChanged(userId, keyHashOf(old.get())));
            }
            return true;
        }));
    }

    private Optional<MatonCredentials> decrypt(MatonKeyRecord record) {
        byte[] plaintext;
        try {
            plaintext = cipher.open(record.sealed(), record.userId());
        }
        catch (VaultDecryptionException ex) {
            reportUndecryptable(record, ex);
            return Optional.empty();
        }
        try {
            String apiKey = new String(plaintext, StandardCharsets.UTF_8);
            return Optional.of(MatonCredentials.of(apiKey, record.connectionId()));
        }
        finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private @Nullable String keyHashOf(MatonKeyRecord record) {
        return decrypt(record).map(MatonCredentials::keyHash).orElse(null);
    }

    private void reportUndecryptable(MatonKeyRecord record, VaultDecryptionException ex) {
        String masterKeyId = record.sealed().masterKeyId();
        String failure = record.userId() + "/" + masterKeyId + "/" + record.updatedAt();
        if (reportedFailures.add(failure)) {
            log.warn("The stored Maton key of user {} cannot be decrypted and is treated as missing (stored under "
                    + "master key {}, current master key {}): {}", record.userId(), masterKeyId,
                    cipher.currentMasterKeyId(), ex.getMessage());
        }
        else {
            log.debug("The stored Maton key of user {} still cannot be decrypted (master key {})", record.userId(),
                    masterKeyId);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(STORED_PRECISION);
    }

    private static MatonKeyStatus status(MatonKeyRecord record) {
        return new MatonKeyStatus(record.fingerprint(), record.verifiedAt(), record.connectionId(),
                record.updatedAt());
    }
}
