package dev.togglbff.upstream;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * Which of a user's Toggl quota buckets a request spends. Toggl counts requests about the user
 * alone ({@code /me}, {@code /me/...}) in one bucket and workspace requests per organization.
 * When a workspace's organization is not yet known (it is learnt from workspace answers), the
 * workspace itself stands in for it.
 *
 * @param value {@code user}, {@code organization:<id>} or {@code workspace:<id>}
 */
@NamedInterface({ "client", "quota" })
public record QuotaScope(String value) {

    private static final QuotaScope USER = new QuotaScope("user");

    public QuotaScope {
        Objects.requireNonNull(value, "value");
    }

    /** The bucket of requests about the user alone. */
    public static QuotaScope user() {
        return USER;
    }

    static QuotaScope organization(long organizationId) {
        return new QuotaScope("organization:" + organizationId);
    }

    public static QuotaScope workspace(long workspaceId) {
        return new QuotaScope("workspace:" + workspaceId);
    }

    /** The bucket a workspace's calls spend: its organization's when known, else the workspace's own. */
    static QuotaScope ofWorkspace(long workspaceId, @Nullable Long organizationId) {
        return organizationId != null ? organization(organizationId) : workspace(workspaceId);
    }

    /**
     * The scopes a workspace's quota readings are recorded under: its organization's (when known)
     * and its own (readings taken before the organization was learnt).
     */
    public static List<QuotaScope> recordedFor(long workspaceId, @Nullable Long organizationId) {
        return organizationId != null ? List.of(organization(organizationId), workspace(workspaceId))
                : List.of(workspace(workspaceId));
    }

    /** The part before the colon: {@code user}, {@code organization} or {@code workspace}. */
    public String kind() {
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    @Override
    public String toString() {
        return value;
    }
}
