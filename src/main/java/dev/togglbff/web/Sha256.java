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

    private Sha256() {
    }

    /** The digest of the parts, one after the other. */
    public static byte[] digest(byte[]... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
        }
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
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
