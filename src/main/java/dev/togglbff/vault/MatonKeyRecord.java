package dev.togglbff.vault;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One row of {@code maton_keys}. */
record MatonKeyRecord(UUID userId, SealedSecret sealed, String fingerprint, @Nullable String connectionId,
        Instant verifiedAt, Instant createdAt, Instant updatedAt) {
}
