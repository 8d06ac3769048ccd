package dev.togglbff.teams;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A team row. */
record Team(UUID id, String name, long workspaceId, String workspaceName, @Nullable Long organizationId,
        Instant createdAt, Instant updatedAt) {
}
