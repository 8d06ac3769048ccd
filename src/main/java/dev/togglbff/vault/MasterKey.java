package dev.togglbff.vault;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.togglbff.web.Sha256;

/**
 * An AES-256 master key and its id. The id is the hex of the first 8 bytes of the SHA-256 of
 * the raw key bytes (what {@code echo "$BFF_VAULT_MASTER_KEY" | base64 -d | sha256sum | cut -c1-16}
 * prints): stable for the same key wherever it is configured, and useless for recovering it.
 * {@link #toString()} shows the id only.
 */
final class MasterKey {

    static final int KEY_BYTES = 32;
    private static final int ID_BYTES = 8;

    private final String id;
    private final SecretKey key;

    private MasterKey(String id, SecretKey key) {
        this.id = id;
        this.key = key;
    }

    /** A master key from its raw bytes, which must be exactly {@value #KEY_BYTES} long. */
    static MasterKey of(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("a master key must be exactly " + KEY_BYTES + " bytes");
        }
        return new MasterKey(idOf(raw), new SecretKeySpec(raw, EnvelopeCipher.KEY_ALGORITHM));
    }

    String id() {
        return id;
    }

    SecretKey secretKey() {
        return key;
    }

    private static String idOf(byte[] raw) {
        return Sha256.hex(raw).substring(0, 2 * ID_BYTES);
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + id + "]";
    }
}
