/**
 * The only code that talks to Maton and Toggl Track: typed client, backoff, pacing, quota ledger and error mapping.
 */
@NullMarked
package dev.togglbff.upstream;

import org.jspecify.annotations.NullMarked;
