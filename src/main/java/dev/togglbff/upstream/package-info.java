/**
 * The only code that talks to Maton and Toggl Track: typed client, backoff, pacing, quota ledger and error mapping.
 * <p>
 * Other modules see it through named interfaces: {@code client} (the Toggl client and the Toggl
 * types it answers with), {@code quota} (the ledger and the budget), {@code connections} (Maton's
 * connection list, for the vault's key check) and {@code sandbox} (where the sandbox listens).
 */
@ApplicationModule(displayName = "Upstream", allowedDependencies = { "shared" })
@NullMarked
package dev.togglbff.upstream;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
