package dev.togglbff.vault;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bff.vault.*}: the master key that wraps every stored Maton key.
 * <p>
 * The key values are checked when the vault starts (base64 of exactly 32 bytes), not by bean
 * validation, so that a rejected value is never echoed in a start-up report. {@link #toString()}
 * never shows a key.
 *
 * @param masterKey          base64 of the 32-byte AES master key ({@code BFF_VAULT_MASTER_KEY});
 *                           required in {@code prod}, generated into {@link #masterKeyFile} otherwise
 * @param previousMasterKeys earlier master keys, still accepted for decryption while
 *                           {@code --bff.vault.rotate} re-wraps records written under them
 * @param masterKeyFile      where the embedded default keeps its generated master key
 * @param rotationBatchSize  how many record ids the rotation reads per query
 */
@Validated
@ConfigurationProperties("bff.vault")
record VaultProperties(@Nullable String masterKey, @NotNull List<String> previousMasterKeys,
        @NotNull Path masterKeyFile, @Positive int rotationBatchSize) {

    VaultProperties {
        previousMasterKeys = previousMasterKeys == null ? List.of() : List.copyOf(previousMasterKeys);
    }

    @Override
    public String toString() {
        return "VaultProperties[masterKey=" + (masterKey == null || masterKey.isBlank() ? "unset" : "set")
                + ", previousMasterKeys=" + previousMasterKeys.size() + ", masterKeyFile=" + masterKeyFile
                + ", rotationBatchSize=" + rotationBatchSize + "]";
    }
}
