/**
 * Team-scoped Toggl data: projects, clients, tags, time entries, the timer and summaries.
 */
@NullMarked
package dev.togglbff.tracking;

import org.jspecify.annotations.NullMarked;
