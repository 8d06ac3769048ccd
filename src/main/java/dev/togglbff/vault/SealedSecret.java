package dev.togglbff.vault;

/**
 * A secret as it is stored: encrypted under a data key, and the data key wrapped by the master
 * key {@code masterKeyId}. None of it is readable without that master key.
 *
 * @param ciphertext     the secret encrypted with the data key (AES-GCM, tag appended)
 * @param nonce          the nonce of {@code ciphertext}
 * @param wrappedDataKey the data key encrypted with the master key (AES-GCM, tag appended)
 * @param dataKeyNonce   the nonce of {@code wrappedDataKey}
 * @param masterKeyId    id of the master key that wrapped the data key
 */
record SealedSecret(byte[] ciphertext, byte[] nonce, byte[] wrappedDataKey, byte[] dataKeyNonce,
        String masterKeyId) {

    /** The same secret with its data key wrapped again. */
    SealedSecret withWrappedDataKey(byte[] wrapped, byte[] wrapNonce, String wrappingKeyId) {
        return new SealedSecret(ciphertext, nonce, wrapped, wrapNonce, wrappingKeyId);
    }
}
