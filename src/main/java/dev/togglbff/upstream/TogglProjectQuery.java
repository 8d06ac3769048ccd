package dev.togglbff.upstream;

import org.jspecify.annotations.Nullable;

/**
 * Filters of {@code GET /workspaces/{id}/projects}. Toggl pages with {@code page}/{@code per_page}
 * (default 151, at most 200) and sends no paging headers: a short page is the last.
 */
public record TogglProjectQuery(@Nullable Boolean active, @Nullable Long since, @Nullable String name,
        @Nullable Integer page, @Nullable Integer perPage) {

    public static TogglProjectQuery none() {
        return new TogglProjectQuery(null, null, null, null, null);
    }

    TogglProjectQuery withPage(int newPage, int newPerPage) {
        return new TogglProjectQuery(active, since, name, newPage, newPerPage);
    }
}
