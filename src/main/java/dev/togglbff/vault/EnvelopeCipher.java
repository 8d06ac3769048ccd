package dev.togglbff.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM envelope encryption with the JDK's provider. Every secret gets a fresh random
 * 256-bit data key and 96-bit nonce; the data key is wrapped by the current master key with
 * AES-GCM and its own nonce. The owner's user id is the associated data of both layers, so a
 * record moved to another user fails authentication.
 */
final class EnvelopeCipher {

    static final String KEY_ALGORITHM = "AES";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKeys masterKeys;
    private final SecureRandom random;

    EnvelopeCipher(MasterKeys masterKeys, SecureRandom random) {
        this.masterKeys = masterKeys;
        this.random = random;
    }

    String currentMasterKeyId() {
        return masterKeys.current().id();
    }

    SealedSecret seal(byte[] secret, UUID owner) {
        byte[] dataKey = randomBytes(MasterKey.KEY_BYTES);
        try {
            byte[] nonce = randomBytes(NONCE_BYTES);
            byte[] ciphertext = encrypt(new SecretKeySpec(dataKey, KEY_ALGORITHM), nonce, secret, owner);
            MasterKey master = masterKeys.current();
            byte[] wrapNonce = randomBytes(NONCE_BYTES);
            byte[] wrapped = encrypt(master.secretKey(), wrapNonce, dataKey, owner);
            return new SealedSecret(ciphertext, nonce, wrapped, wrapNonce, master.id());
        }
        finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The secret; the caller should clear the returned array once it has used it. */
    byte[] open(SealedSecret sealed, UUID owner) {
        byte[] dataKey = unwrap(sealed, owner);
        try {
            return decrypt(new SecretKeySpec(dataKey, KEY_ALGORITHM), sealed.nonce(), sealed.ciphertext(), owner,
                    "the secret does not authenticate under its data key: altered, or copied from another user");
        }
        finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    boolean isCurrent(SealedSecret sealed) {
        return sealed.masterKeyId().equals(currentMasterKeyId());
    }

    /** The same secret with its data key wrapped by the current master key; the ciphertext is unchanged. */
    SealedSecret rewrap(SealedSecret sealed, UUID owner) {
        byte[] dataKey = unwrap(sealed, owner);
        try {
            MasterKey master = masterKeys.current();
            byte[] wrapNonce = randomBytes(NONCE_BYTES);
            byte[] wrapped = encrypt(master.secretKey(), wrapNonce, dataKey, owner);
            return sealed.withWrappedDataKey(wrapped, wrapNonce, master.id());
        }
        finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private byte[] unwrap(SealedSecret sealed, UUID owner) {
        MasterKey master = masterKeys.byId(sealed.masterKeyId())
            .orElseThrow(() -> new VaultDecryptionException("the record was wrapped by an unknown master key; "
                    + "list that key in bff.vault.previous-master-keys"));
        byte[] dataKey = decrypt(master.secretKey(), sealed.dataKeyNonce(), sealed.wrappedDataKey(), owner,
                "the data key does not authenticate under its master key: "
                + "altered, or copied from another user");
        if (dataKey.length != MasterKey.KEY_BYTES) {
            Arrays.fill(dataKey, (byte) 0);
            throw new VaultDecryptionException("the unwrapped data key has the wrong length");
        }
        return dataKey;
    }

    private static byte[] encrypt(SecretKey key, byte[] nonce, byte[] plaintext, UUID owner) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(owner));
            return cipher.doFinal(plaintext);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM encryption is not available", ex);
        }
    }

    private static byte[] decrypt(SecretKey key, byte[] nonce, byte[] ciphertext, UUID owner, String failure) {
        if (nonce.length != NONCE_BYTES) {
            throw new VaultDecryptionException(failure + " (bad nonce length)");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(owner));
            return cipher.doFinal(ciphertext);
        }
        catch (GeneralSecurityException ex) {
            throw new VaultDecryptionException(failure, ex);
        }
    }

    private static byte[] associatedData(UUID owner) {
        return owner.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
