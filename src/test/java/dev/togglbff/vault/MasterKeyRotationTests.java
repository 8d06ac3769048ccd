package dev.togglbff.vault;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.togglbff.support.TestServices;
import dev.togglbff.upstream.MatonCredentials;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Master-key rotation on the real PostgreSQL, in a schema of its own so that it sees exactly
 * the records it wrote: A → B with A still accepted, then A removed.
 */
@ExtendWith(OutputCaptureExtension.class)
class MasterKeyRotationTests {

    private static final int BATCH_SIZE = 2;

    private final MasterKey keyA = VaultFixtures.randomMasterKey();
    private final MasterKey keyB = VaultFixtures.randomMasterKey();
    private final Map<UUID, String> storedKeys = new LinkedHashMap<>();

    private String schema;
    private JdbcClient jdbc;
    private MatonKeyRepository repository;
    private TransactionTemplate transactions;

    @BeforeEach
    void ownSchema() {
        TestServices.Postgres postgres = TestServices.postgres();
        schema = "vault_rotation_" + UUID.randomUUID().toString().replace("-", "");
        String url = postgres.urlWithSchema(schema);
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, postgres.username(), postgres.password());
        Flyway.configure()
            .dataSource(dataSource)
            .schemas(schema)
            .createSchemas(true)
            .locations("classpath:db/migration")
            .load()
            .migrate();
        jdbc = JdbcClient.create(dataSource);
        repository = new MatonKeyRepository(jdbc);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterEach
    void dropSchema(CapturedOutput output) {
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
        storedKeys.values()
            .forEach(key -> VaultFixtures.leakForms(key)
                .forEach(form -> assertThat(output.getAll()).as("log output").doesNotContain(form)));
    }

    @Test
    void rotatesFromAToBAndEveryRecordStillDecryptsOnceAIsGone() {
        EnvelopeCipher underA = VaultFixtures.cipher(keyA);
        EnvelopeCipher underBWithA = VaultFixtures.cipher(keyB, keyA);
        EnvelopeCipher underBOnly = VaultFixtures.cipher(keyB);
        storeKeys(underA, 5);
        // Written after the switch to B, as if an earlier run had crashed half-way.
        storeKeys(underBWithA, 2);
        Map<UUID, byte[]> ciphertextsBefore = ciphertexts();

        RotationResult first = rotation(underBWithA).rotate();

        assertThat(first).isEqualTo(new RotationResult(5, 2, 0));
        assertThat(first.succeeded()).isTrue();
        assertThat(masterKeyIds()).containsOnly(keyB.id());
        ciphertextsBefore.forEach((user, ciphertext) -> assertThat(ciphertexts().get(user)).isEqualTo(ciphertext));
        assertEveryKeyDecryptsWith(underBOnly);

        RotationResult second = rotation(underBOnly).rotate();

        assertThat(second).isEqualTo(new RotationResult(0, 7, 0));
        assertEveryKeyDecryptsWith(underBOnly);
        assertThat(vault(underA).credentials(storedKeys.keySet().iterator().next())).isEmpty();
    }

    @Test
    void aRecordUnderAnUnknownMasterKeyIsCountedAsFailedAndTheOthersAreStillRewrapped(CapturedOutput output) {
        MasterKey lost = VaultFixtures.randomMasterKey();
        storeKeys(VaultFixtures.cipher(keyA), 3);
        UUID orphan = storeKeys(VaultFixtures.cipher(lost), 1).get(0);

        RotationResult result = rotation(VaultFixtures.cipher(keyB, keyA)).rotate();

        assertThat(result).isEqualTo(new RotationResult(3, 0, 1));
        assertThat(result.succeeded()).isFalse();
        assertThat(output.getAll()).contains("Cannot re-wrap the stored Maton key of user " + orphan)
            .contains("re-wrapped 3, already current 0, failed 1");
        assertThat(rotation(VaultFixtures.cipher(keyB, lost)).rotate()).isEqualTo(new RotationResult(1, 3, 0));
        assertEveryKeyDecryptsWith(VaultFixtures.cipher(keyB));
    }

    @Test
    void anEmptyVaultRotatesNothing() {
        assertThat(rotation(VaultFixtures.cipher(keyB, keyA)).rotate()).isEqualTo(new RotationResult(0, 0, 0));
    }

    private List<UUID> storeKeys(EnvelopeCipher cipher, int count) {
        KeyVault vault = vault(cipher);
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID user = VaultFixtures.insertUser(jdbc);
            String key = VaultFixtures.randomApiKey();
            vault.store(user, key, null, VaultFixtures.verifiedAt());
            storedKeys.put(user, key);
            users.add(user);
        }
        return users;
    }

    private void assertEveryKeyDecryptsWith(EnvelopeCipher cipher) {
        KeyVault vault = vault(cipher);
        storedKeys.forEach((user, key) -> assertThat(vault.credentials(user)).as(user.toString())
            .contains(MatonCredentials.of(key, null)));
    }

    private MasterKeyRotation rotation(EnvelopeCipher cipher) {
        VaultProperties properties = new VaultProperties(null, List.of(), Path.of("unused"),
                BATCH_SIZE);
        return new MasterKeyRotation(repository, cipher, transactions, properties);
    }

    private KeyVault vault(EnvelopeCipher cipher) {
        return new KeyVault(repository, cipher, transactions, event -> { }, Clock.systemUTC());
    }

    private List<String> masterKeyIds() {
        return jdbc.sql("SELECT master_key_id FROM maton_keys").query(String.class).list();
    }

    private Map<UUID, byte[]> ciphertexts() {
        Map<UUID, byte[]> ciphertexts = new LinkedHashMap<>();
        jdbc.sql("SELECT user_id, ciphertext FROM maton_keys")
            .query(rs -> {
                ciphertexts.put(rs.getObject("user_id", UUID.class), rs.getBytes("ciphertext"));
            });
        return ciphertexts;
    }
}
