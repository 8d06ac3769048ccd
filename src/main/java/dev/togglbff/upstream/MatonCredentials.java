package dev.togglbff.upstream;

import java.util.Objects;

import dev.togglbff.web.Sha256;
import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * The caller's Maton API key and, when chosen, the Maton connection to use. Only the vault
 * creates these (from a decrypted key) and only the upstream client reads the key: the key has
 * no public accessor and never appears in {@link #toString()}.
 */
@NamedInterface({ "client", "connections", "sandbox" })
public final class MatonCredentials {

    /** What every sandbox key starts with. */
    public static final String SANDBOX_PREFIX = "sandbox_";

    private final String apiKey;
    private final @Nullable String connectionId;
    private final String keyHash;

    private MatonCredentials(String apiKey, @Nullable String connectionId) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.connectionId = connectionId;
        this.keyHash = Sha256.hex(apiKey);
    }

    public static MatonCredentials of(String apiKey, @Nullable String connectionId) {
        return new MatonCredentials(apiKey, connectionId);
    }

    /** The key itself: for the upstream client's {@code Authorization} header only. */
    String apiKey() {
        return apiKey;
    }

    public @Nullable String connectionId() {
        return connectionId;
    }

    /**
     * Lowercase hex SHA-256 of the key's UTF-8 bytes: what caches, the quota ledger and the pacer
     * key by, never the key itself.
     */
    public String keyHash() {
        return keyHash;
    }

    /**
     * Whether this is a key of the built-in sandbox ({@value #SANDBOX_PREFIX}…): such a key is only
     * ever sent to the sandbox, never to Maton.
     */
    public boolean sandbox() {
        return apiKey.startsWith(SANDBOX_PREFIX);
    }

    /** The last four characters of the key: what may be shown or logged. */
    public String fingerprint() {
        return apiKey.length() <= 4 ? "…" : "…" + apiKey.substring(apiKey.length() - 4);
    }

    /** The same key with another connection choice. */
    MatonCredentials withConnection(@Nullable String connection) {
        return new MatonCredentials(apiKey, connection);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MatonCredentials that && apiKey.equals(that.apiKey)
                && Objects.equals(connectionId, that.connectionId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiKey, connectionId);
    }

    @Override
    public String toString() {
        return "MatonCredentials[key=" + fingerprint() + ", connection=" + connectionId + "]";
    }
}
