/**
 * Per-user Maton keys: envelope encryption, fingerprints, verification and master-key rotation. The only module that sees a plaintext key.
 */
@ApplicationModule(displayName = "Vault", allowedDependencies = { "auth", "upstream::connections" })
@NullMarked
package dev.togglbff.vault;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
