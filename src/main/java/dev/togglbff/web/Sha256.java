package dev.togglbff.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the service's one digest: what keys, tokens and user names are stored or keyed by
 * instead of themselves, master-key ids and request fingerprints.
 */
public final class Sha256 {

    /** Copied for each digest: cheaper than looking the algorithm up among the providers each time. */
    private static final MessageDigest PROTOTYPE;

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
        }
    }

    private Sha256() {
    }

    /** The digest of the parts, one after the other. */
    public static byte[] digest(byte[]... parts) {
        MessageDigest digest = copy();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    private static MessageDigest copy() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        }
        catch (CloneNotSupportedException ex) {
            // A provider whose digests cannot be copied: a new one each time.
            try {
                return MessageDigest.getInstance("SHA-256");
            }
            catch (NoSuchAlgorithmException missing) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", missing);
            }
        }
    }

    /** Lowercase hex of the digest of the parts, one after the other. */
    public static String hex(byte[]... parts) {
        return HexFormat.of().formatHex(digest(parts));
    }

    /** Lowercase hex of the digest of a text's UTF-8 bytes. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
