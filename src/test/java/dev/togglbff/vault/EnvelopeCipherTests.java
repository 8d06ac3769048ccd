package dev.togglbff.vault;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The envelope itself: sizes, freshness, and what must not decrypt. */
class EnvelopeCipherTests {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;

    private final MasterKey master = VaultFixtures.randomMasterKey();
    private final EnvelopeCipher cipher = VaultFixtures.cipher(master);
    private final UUID owner = UUID.randomUUID();
    private final byte[] secret = VaultFixtures.randomApiKey().getBytes(StandardCharsets.UTF_8);

    @Test
    void sealsWithAFreshDataKeyAndNoncesEveryTime() {
        SealedSecret first = cipher.seal(secret, owner);
        SealedSecret second = cipher.seal(secret, owner);

        assertThat(first.nonce()).hasSize(NONCE_BYTES).isNotEqualTo(second.nonce());
        assertThat(first.dataKeyNonce()).hasSize(NONCE_BYTES).isNotEqualTo(second.dataKeyNonce());
        assertThat(first.ciphertext()).hasSize(secret.length + TAG_BYTES).isNotEqualTo(second.ciphertext());
        assertThat(first.wrappedDataKey()).hasSize(MasterKey.KEY_BYTES + TAG_BYTES)
            .isNotEqualTo(second.wrappedDataKey());
        assertThat(first.masterKeyId()).isEqualTo(master.id());
        assertThat(cipher.open(first, owner)).isEqualTo(secret);
        assertThat(cipher.open(second, owner)).isEqualTo(secret);
    }

    @Test
    void anotherOwnerCannotOpenIt() {
        SealedSecret sealed = cipher.seal(secret, owner);

        assertThatThrownBy(() -> cipher.open(sealed, UUID.randomUUID())).isInstanceOf(VaultDecryptionException.class)
            .hasMessageContaining("copied from another user");
    }

    @Test
    void anotherMasterKeyCannotOpenItEvenUnderTheSameId() {
        SealedSecret sealed = cipher.seal(secret, owner);
        MasterKey other = VaultFixtures.randomMasterKey();
        SealedSecret relabelled = sealed.withWrappedDataKey(sealed.wrappedDataKey(), sealed.dataKeyNonce(),
                other.id());

        assertThatThrownBy(() -> VaultFixtures.cipher(other).open(sealed, owner))
            .isInstanceOf(VaultDecryptionException.class)
            .hasMessageContaining("unknown master key");
        assertThatThrownBy(() -> VaultFixtures.cipher(other).open(relabelled, owner))
            .isInstanceOf(VaultDecryptionException.class)
            .hasMessageContaining("does not authenticate under its master key");
    }

    @Test
    void rewrappingKeepsTheCiphertextAndMovesTheDataKeyToTheCurrentMasterKey() {
        SealedSecret sealed = cipher.seal(secret, owner);
        MasterKey next = VaultFixtures.randomMasterKey();
        EnvelopeCipher rotated = VaultFixtures.cipher(next, master);

        SealedSecret rewrapped = rotated.rewrap(sealed, owner);

        assertThat(rewrapped.ciphertext()).isEqualTo(sealed.ciphertext());
        assertThat(rewrapped.nonce()).isEqualTo(sealed.nonce());
        assertThat(rewrapped.masterKeyId()).isEqualTo(next.id());
        assertThat(rotated.isCurrent(rewrapped)).isTrue();
        assertThat(rotated.isCurrent(sealed)).isFalse();
        assertThat(VaultFixtures.cipher(next).open(rewrapped, owner)).isEqualTo(secret);
    }
}
