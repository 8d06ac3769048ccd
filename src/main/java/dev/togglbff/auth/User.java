package dev.togglbff.auth;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A user row. {@code passwordHash} is null for users provisioned from an external issuer. */
record User(UUID id, String username, String displayName, @Nullable String passwordHash,
        @Nullable String externalIssuer, @Nullable String externalSubject, Instant createdAt, Instant updatedAt) {

    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + "]";
    }
}
