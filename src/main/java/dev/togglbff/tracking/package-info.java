/**
 * Team-scoped Toggl data: projects, clients, tags, time entries, the timer and summaries.
 */
@ApplicationModule(displayName = "Tracking", allowedDependencies = { "auth", "vault", "teams", "upstream::client", "upstream::quota", "shared" })
@NullMarked
package dev.togglbff.tracking;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
