/**
 * Start-up checks for the runtime modes (embedded default and {@code prod}). No other module uses
 * it, and it uses none.
 */
@ApplicationModule(displayName = "Config", allowedDependencies = {})
@NullMarked
package dev.togglbff.config;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
