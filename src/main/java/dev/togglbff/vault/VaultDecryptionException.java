package dev.togglbff.vault;

/**
 * A stored record could not be decrypted: unknown master key, wrong user (associated data),
 * or altered bytes. The message names the cause in general terms only, never any key material.
 */
final class VaultDecryptionException extends RuntimeException {

    VaultDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }

    VaultDecryptionException(String message) {
        super(message);
    }
}
