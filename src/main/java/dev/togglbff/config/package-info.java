/**
 * Start-up checks for the runtime modes (embedded default and {@code prod}).
 */
@NullMarked
package dev.togglbff.config;

import org.jspecify.annotations.NullMarked;
