/**
 * Teams, memberships and roles, and the guard every team-scoped route goes through.
 */
@ApplicationModule(displayName = "Teams", allowedDependencies = { "auth", "vault", "upstream::client", "shared" })
@NullMarked
package dev.togglbff.teams;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
