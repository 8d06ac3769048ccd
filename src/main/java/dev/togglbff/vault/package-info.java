/**
 * Per-user Maton keys: envelope encryption, fingerprints, verification and master-key rotation. The only module that sees a plaintext key.
 */
@NullMarked
package dev.togglbff.vault;

import org.jspecify.annotations.NullMarked;
