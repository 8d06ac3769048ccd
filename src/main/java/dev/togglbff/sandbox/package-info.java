/**
 * The built-in sandbox: a stateful, in-memory stand-in for Maton and Toggl Track v9, served by
 * this application under {@code /sandbox} so that the real upstream client talks to it when a
 * user stores a {@code sandbox_...} key. Nothing else depends on this module; the upstream client
 * reaches it only through {@link dev.togglbff.upstream.SandboxEndpoint}.
 */
@ApplicationModule(displayName = "Sandbox", allowedDependencies = { "upstream::sandbox" })
@NullMarked
package dev.togglbff.sandbox;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
