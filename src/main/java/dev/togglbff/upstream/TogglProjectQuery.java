package dev.togglbff.upstream;

import org.jspecify.annotations.Nullable;

/**
 * Filters of {@code GET /workspaces/{id}/projects}. Toggl pages with {@code page}/{@code per_page}
 * (default 151, at most 200) and sends no paging headers: a short page is the last.
 */
public record TogglProjectQuery(@Nullable Active active, @Nullable Long since, @Nullable String name,
        @Nullable Integer page, @Nullable Integer perPage) {

    /** Toggl's {@code active} filter: active projects, archived ones, or both. */
    public enum Active {
        TRUE, FALSE, BOTH;

        /** The value Toggl expects in the query string. */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    TogglProjectQuery withPage(int newPage, int newPerPage) {
        return new TogglProjectQuery(active, since, name, newPage, newPerPage);
    }
}
