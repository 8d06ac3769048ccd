package dev.togglbff.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import dev.togglbff.support.ProdSettings;
import dev.togglbff.upstream.MatonCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The vault's master key in the two runtime modes: generated once and reused by the embedded
 * default; required, and checked, by {@code prod}.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultStartupTests {

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedDefaultGeneratesItsMasterKeyOnceAndReusesItAfterARestart(CapturedOutput output)
            throws IOException {
        Path keyFile = dataDir.resolve("vault-master.key");
        String apiKey = VaultFixtures.randomApiKey();
        UUID user;
        String generated;
        try (ConfigurableApplicationContext first = start(Map.of("bff.data-dir", dataDir.toString()))) {
            generated = Files.readString(keyFile);
            user = VaultFixtures.insertUser(first.getBean(JdbcClient.class));
            first.getBean(KeyVault.class).store(user, apiKey, null, VaultFixtures.verifiedAt());
        }

        try (ConfigurableApplicationContext second = start(Map.of("bff.data-dir", dataDir.toString()))) {
            assertThat(Files.readString(keyFile)).isEqualTo(generated);
            assertThat(second.getBean(KeyVault.class).credentials(user)).contains(MatonCredentials.of(apiKey, null));
        }
        assertThat(output.getAll()).containsOnlyOnce("Generated a new vault master key")
            .contains("uses the generated master key")
            .doesNotContain(generated.strip())
            .doesNotContain(apiKey);
    }

    @Test
    void prodWithoutAMasterKeyRefusesToStartAndNamesIt() {
        assertThatThrownBy(() -> startProd(prodSettings(null))).hasMessageContaining("BFF_VAULT_MASTER_KEY")
            .hasMessageContaining("bff.vault.master-key");
        assertThat(dataDir.resolve("vault-master.key")).doesNotExist();
    }

    @Test
    void prodWithAMalformedMasterKeyRefusesToStartWithoutEchoingIt(CapturedOutput output) {
        String malformed = "bm90LTMyLWJ5dGVzLWxvbmc=";

        assertThatThrownBy(() -> startProd(prodSettings(malformed))).rootCause()
            .hasMessageContaining("BFF_VAULT_MASTER_KEY")
            .hasMessageContaining("exactly 32");
        assertThat(output.getAll()).contains("BFF_VAULT_MASTER_KEY").doesNotContain(malformed);
    }

    private Map<String, Object> prodSettings(String masterKey) {
        Map<String, Object> settings = ProdSettings.complete(dataDir);
        settings.remove("bff.vault.master-key");
        if (masterKey != null) {
            settings.put("bff.vault.master-key", masterKey);
        }
        return settings;
    }

    private static ConfigurableApplicationContext start(Map<String, Object> settings) {
        return ProdSettings.application(settings).run();
    }

    private static ConfigurableApplicationContext startProd(Map<String, Object> settings) {
        return ProdSettings.application(settings).profiles("prod").run();
    }
}
