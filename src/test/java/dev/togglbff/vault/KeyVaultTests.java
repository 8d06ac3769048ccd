package dev.togglbff.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.togglbff.support.IntegrationTest;
import dev.togglbff.upstream.MatonCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vault on the real PostgreSQL: what is stored, what decrypts and what does not, the
 * events, and that no key reaches the logs (vault and JDBC logging at TRACE to be sure).
 */
@IntegrationTest
@RecordApplicationEvents
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "logging.level.dev.togglbff.vault=TRACE", "logging.level.org.springframework.jdbc=TRACE" })
class KeyVaultTests {

    private static final List<String> COLUMNS = List.of("user_id", "ciphertext", "nonce", "wrapped_data_key",
            "data_key_nonce", "master_key_id", "fingerprint", "connection_id", "verified_at", "created_at",
            "updated_at");

    @Autowired
    KeyVault vault;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MatonKeyRepository repository;

    @Autowired
    TransactionOperations transactions;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    Clock clock;

    @Autowired
    EnvelopeCipher cipher;

    @Autowired
    ApplicationContext context;

    @Autowired
    ApplicationEvents events;

    private final List<UUID> users = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();

    @AfterEach
    void noKeyReachedTheLogs(CapturedOutput output) {
        String logs = output.getAll();
        for (String key : keys) {
            for (String form : VaultFixtures.leakForms(key)) {
                assertThat(logs).as("log output").doesNotContain(form);
            }
        }
        VaultFixtures.deleteUsers(jdbc, users);
    }

    @Test
    void theSameKeyStoredTwiceGivesTwoCiphertextsAndNoColumnRevealsIt() {
        String key = key();
        UUID first = user();
        UUID second = user();

        vault.store(first, key, "conn-1", VaultFixtures.verifiedAt());
        Map<String, Object> firstRow = row(first);
        vault.store(first, key, "conn-1", VaultFixtures.verifiedAt());
        Map<String, Object> replacedRow = row(first);
        vault.store(second, key, null, VaultFixtures.verifiedAt());
        Map<String, Object> secondRow = row(second);

        for (Map<String, Object> row : List.of(firstRow, replacedRow, secondRow)) {
            assertThat(row.keySet()).containsExactlyInAnyOrderElementsOf(COLUMNS);
            row.forEach((column, value) -> {
                for (String rendering : VaultFixtures.renderings(value)) {
                    for (String form : VaultFixtures.leakForms(key)) {
                        assertThat(rendering).as(column).doesNotContain(form);
                    }
                }
            });
            assertThat((byte[]) row.get("ciphertext")).isNotEmpty();
            assertThat((String) row.get("fingerprint")).isEqualTo("…" + key.substring(key.length() - 4));
            assertThat(row.get("master_key_id")).isEqualTo(cipher.currentMasterKeyId());
        }
        for (String column : List.of("ciphertext", "nonce", "wrapped_data_key", "data_key_nonce")) {
            assertThat((byte[]) firstRow.get(column)).as(column).isNotEqualTo(replacedRow.get(column))
                .isNotEqualTo(secondRow.get(column));
        }
        assertThat(firstRow.get("created_at")).isEqualTo(replacedRow.get("created_at"));
        assertThat(vault.credentials(first)).contains(MatonCredentials.of(key, "conn-1"));
        assertThat(vault.credentials(second)).contains(MatonCredentials.of(key, null));
    }

    @Test
    void statusShowsTheFingerprintButNeverTheKey() {
        String key = key();
        UUID user = user();
        assertThat(vault.status(user)).isEmpty();

        MatonKeyStatus stored = vault.store(user, key, "conn-7", VaultFixtures.verifiedAt());

        MatonKeyStatus status = vault.status(user).orElseThrow();
        assertThat(status).isEqualTo(stored);
        assertThat(status.fingerprint()).isEqualTo("…" + key.substring(key.length() - 4));
        assertThat(status.verifiedAt()).isEqualTo(VaultFixtures.verifiedAt());
        assertThat(status.connectionId()).isEqualTo("conn-7");
        assertThat(status.toString()).doesNotContain(key);
        assertThat(vault.credentials(user).orElseThrow().toString()).doesNotContain(key);
    }

    @Test
    void aRecordCopiedOntoAnotherUserDoesNotDecrypt(CapturedOutput output) {
        UUID owner = user();
        UUID other = user();
        vault.store(owner, key(), null, VaultFixtures.verifiedAt());
        vault.store(other, key(), null, VaultFixtures.verifiedAt());

        jdbc.sql("""
                UPDATE maton_keys SET
                    ciphertext = (SELECT ciphertext FROM maton_keys WHERE user_id = :owner),
                    nonce = (SELECT nonce FROM maton_keys WHERE user_id = :owner),
                    wrapped_data_key = (SELECT wrapped_data_key FROM maton_keys WHERE user_id = :owner),
                    data_key_nonce = (SELECT data_key_nonce FROM maton_keys WHERE user_id = :owner)
                WHERE user_id = :other""").param("owner", owner).param("other", other).update();

        assertThat(vault.credentials(other)).isEmpty();
        assertThat(vault.credentials(owner)).isPresent();
        assertThat(warningsAbout(output, other)).hasSize(1)
            .allSatisfy(line -> assertThat(line).contains(cipher.currentMasterKeyId()));
    }

    @Test
    void aFlippedByteInAnyEncryptedColumnFailsToDecrypt() {
        for (String column : List.of("ciphertext", "nonce", "wrapped_data_key", "data_key_nonce")) {
            UUID user = user();
            vault.store(user, key(), null, VaultFixtures.verifiedAt());
            byte[] value = jdbc.sql("SELECT " + column + " FROM maton_keys WHERE user_id = ?")
                .param(user)
                .query(byte[].class)
                .single();
            value[value.length / 2] ^= 0x01;
            jdbc.sql("UPDATE maton_keys SET " + column + " = ? WHERE user_id = ?").params(value, user).update();

            assertThat(vault.credentials(user)).as(column).isEmpty();
        }
    }

    @Test
    void aWrongMasterKeyFailsWithOneClearWarningAndNoPlaintext(CapturedOutput output) {
        UUID user = user();
        vault.store(user, key(), null, VaultFixtures.verifiedAt());
        KeyVault wrongKey = vaultWith(VaultFixtures.cipher(VaultFixtures.randomMasterKey()));

        assertThat(wrongKey.credentials(user)).isEmpty();
        assertThat(wrongKey.credentials(user)).isEmpty();

        assertThat(warningsAbout(output, user)).singleElement()
            .satisfies(line -> assertThat(line).contains(cipher.currentMasterKeyId())
                .contains("unknown master key")
                .contains("bff.vault.previous-master-keys"));
        assertThat(vault.credentials(user)).isPresent();
    }

    @Test
    void aKeyWrittenUnderAPreviousMasterKeyStillDecrypts() {
        String key = key();
        UUID user = user();
        MasterKey next = VaultFixtures.randomMasterKey();
        vault.store(user, key, null, VaultFixtures.verifiedAt());

        MasterKey current = currentMasterKey();
        KeyVault afterSwitch = vaultWith(VaultFixtures.cipher(next, current));

        assertThat(afterSwitch.credentials(user)).contains(MatonCredentials.of(key, null));
    }

    @Test
    void replacingDeletingAndReconnectingPublishTheOldKeyHash() {
        String first = key();
        String second = key();
        UUID user = user();

        vault.store(user, first, null, VaultFixtures.verifiedAt());
        assertThat(changes(user)).isEmpty();
        assertThat(vault.credentials(user).orElseThrow().keyHash()).isEqualTo(sha256Hex(first)).hasSize(64).doesNotContain(first);

        vault.store(user, second, null, VaultFixtures.verifiedAt());
        assertThat(changes(user)).containsExactly(new MatonKeyChanged(user, sha256Hex(first)));

        assertThat(vault.selectConnection(user, "conn-2")).isTrue();
        assertThat(vault.selectConnection(user, "conn-2")).isTrue();
        assertThat(vault.credentials(user)).contains(MatonCredentials.of(second, "conn-2"));
        assertThat(vault.status(user).orElseThrow().connectionId()).isEqualTo("conn-2");

        assertThat(vault.delete(user)).isTrue();
        assertThat(changes(user)).containsExactly(new MatonKeyChanged(user, sha256Hex(first)),
                new MatonKeyChanged(user, sha256Hex(second)),
                new MatonKeyChanged(user, sha256Hex(second)));
        assertThat(vault.credentials(user)).isEmpty();
        assertThat(vault.status(user)).isEmpty();
        assertThat(vault.delete(user)).isFalse();
        assertThat(vault.selectConnection(user, "conn-3")).isFalse();
    }

    @Test
    void deletingTheUserDeletesTheKey() {
        UUID user = user();
        vault.store(user, key(), null, VaultFixtures.verifiedAt());

        jdbc.sql("DELETE FROM users WHERE id = ?").param(user).update();

        assertThat(vault.status(user)).isEmpty();
    }

    @Test
    void theRotationCommandIsOnlyThereWhenAskedFor() {
        assertThat(context.getBeanNamesForType(RotateMasterKeyCommand.class)).isEmpty();
        assertThat(context.getBeanNamesForType(MasterKeyRotation.class)).hasSize(1);
    }

    private KeyVault vaultWith(EnvelopeCipher other) {
        return new KeyVault(repository, other, transactions, publisher, clock);
    }

    /** The master key the application uses: the one generated into the test data folder. */
    private MasterKey currentMasterKey() {
        try {
            String generated = Files.readString(context.getBean(VaultProperties.class).masterKeyFile());
            return MasterKeyLoader.decode(generated, "the generated test master key");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private List<MatonKeyChanged> changes(UUID user) {
        return events.stream(MatonKeyChanged.class).filter(change -> change.userId().equals(user)).toList();
    }

    private static List<String> warningsAbout(CapturedOutput output, UUID user) {
        return output.getAll()
            .lines()
            .filter(line -> line.contains("WARN") && line.contains(user.toString()) && line.contains("cannot be decrypted"))
            .toList();
    }

    private Map<String, Object> row(UUID user) {
        return jdbc.sql("SELECT * FROM maton_keys WHERE user_id = ?").param(user).query().singleRow();
    }

    private UUID user() {
        UUID user = VaultFixtures.insertUser(jdbc);
        users.add(user);
        return user;
    }

    private String key() {
        String key = VaultFixtures.randomApiKey();
        keys.add(key);
        return key;
    }

    /** The hash computed independently of the code under test: lowercase hex SHA-256 of the UTF-8 bytes. */
    private static String sha256Hex(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
