/**
 * The shared-state mode: state that decides whether to call Toggl (quota ledger, pacing, cached
 * answers, mirrors, login failures) kept in Redis so that N instances act as one, and the
 * per-instance fallback while Redis is out.
 * <p>
 * Used by {@code upstream}, {@code auth}, {@code teams} and {@code tracking}, which each declare it;
 * it uses no other module.
 */
@ApplicationModule(displayName = "Shared state", allowedDependencies = {})
@NullMarked
package dev.togglbff.shared;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
