package dev.togglbff.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Where the master keys come from, and how a bad one is reported (without its value). */
@ExtendWith(OutputCaptureExtension.class)
class MasterKeyLoaderTests {

    private static final int BATCH_SIZE = 100;

    private final MasterKeyLoader loader = new MasterKeyLoader(new SecureRandom());

    @TempDir
    Path dataDir;

    @Test
    void withoutAMasterKeyOneIsGeneratedOnceAndReused(CapturedOutput output) throws IOException {
        Path file = dataDir.resolve("nested").resolve("vault-master.key");

        MasterKeys first = loader.load(properties(null, List.of(), file));
        String generated = Files.readString(file);
        MasterKeys second = loader.load(properties("  ", List.of(), file));

        assertThat(second.current().id()).isEqualTo(first.current().id());
        assertThat(Files.readString(file)).isEqualTo(generated);
        assertThat(Base64.getDecoder().decode(generated)).hasSize(MasterKey.KEY_BYTES);
        assertThat(MasterKeyLoader.decode(generated, "file").id()).isEqualTo(first.current().id());
        assertThat(output.getAll()).containsOnlyOnce("Generated a new vault master key")
            .contains("WARN")
            .contains("uses the generated master key in " + file.toAbsolutePath())
            .doesNotContain(generated.strip());
        assertThat(output.getAll().lines().filter(line -> line.contains("uses the generated master key")))
            .hasSize(2);
    }

    @Test
    void theGeneratedFileIsReadableByItsOwnerOnly() throws IOException {
        assumeThat(dataDir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path file = dataDir.resolve("vault-master.key");

        loader.load(properties(null, List.of(), file));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aConfiguredMasterKeyIsUsedAndNoFileIsWritten() {
        String configured = VaultFixtures.randomMasterKeyBase64();
        String previous = VaultFixtures.randomMasterKeyBase64();
        Path file = dataDir.resolve("vault-master.key");

        MasterKeys keys = loader.load(properties(configured, List.of(previous, ""), file));

        assertThat(keys.current().id()).isEqualTo(MasterKeyLoader.decode(configured, "key").id());
        assertThat(keys.byId(MasterKeyLoader.decode(previous, "key").id())).isPresent();
        assertThat(file).doesNotExist();
    }

    @Test
    void theMasterKeyIdIsTheStartOfTheSha256OfTheKey() {
        byte[] raw = new byte[MasterKey.KEY_BYTES];
        // sha256 of 32 zero bytes: 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925
        assertThat(MasterKey.of(raw).id()).isEqualTo("66687aadf862bd77");
        assertThat(MasterKey.of(raw).toString()).isEqualTo("MasterKey[id=66687aadf862bd77]");
    }

    @Test
    void aMalformedMasterKeyIsRejectedWithoutEchoingIt() {
        String notBase64 = "this-is-not-base64!!secret-ish";
        String tooShort = Base64.getEncoder().encodeToString(new byte[16]);
        Path file = dataDir.resolve("vault-master.key");

        assertThatThrownBy(() -> loader.load(properties(notBase64, List.of(), file)))
            .isInstanceOf(MasterKeyLoader.InvalidMasterKeyException.class)
            .hasMessageContaining("BFF_VAULT_MASTER_KEY")
            .hasMessageContaining("not valid base64")
            .hasNoCause()
            .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain(notBase64).doesNotContain("secret"));
        assertThatThrownBy(() -> loader.load(properties(tooShort, List.of(), file)))
            .hasMessageContaining("BFF_VAULT_MASTER_KEY")
            .hasMessageContaining("decodes to 16 bytes")
            .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain(tooShort));
        assertThatThrownBy(() -> loader.load(properties(VaultFixtures.randomMasterKeyBase64(), List.of(tooShort),
                file)))
            .hasMessageContaining("BFF_VAULT_PREVIOUS_MASTER_KEYS")
            .hasMessageContaining("entry 1")
            .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain(tooShort));
        assertThat(file).doesNotExist();
    }

    @Test
    void aDamagedKeyFileIsRejectedAndLeftAlone() throws IOException {
        Path file = dataDir.resolve("vault-master.key");
        Files.writeString(file, "");

        assertThatThrownBy(() -> loader.load(properties(null, List.of(), file)))
            .hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).isEmpty();
    }

    @Test
    void thePropertiesNeverShowAKey() {
        String key = VaultFixtures.randomMasterKeyBase64();

        String shown = properties(key, List.of(key), dataDir).toString();

        assertThat(shown).doesNotContain(key).contains("masterKey=set").contains("previousMasterKeys=1");
    }

    private static VaultProperties properties(String masterKey, List<String> previous, Path file) {
        return new VaultProperties(masterKey, previous, file, BATCH_SIZE);
    }
}
