package dev.togglbff.upstream;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * One logical call to Maton or Toggl, before retries.
 *
 * @param operation  stable name for metrics and logs
 * @param method     HTTP method
 * @param path       path template under the base URL, with {@code {name}} placeholders
 * @param variables  values of the path placeholders
 * @param query      query parameters (absent values are left out)
 * @param body       JSON body, if any
 * @param repeatable whether repeating the call after a 5xx or dropped connection is harmless
 * @param scope      the quota bucket the call spends, or {@code null} for Maton's own API
 */
record UpstreamCall(String operation, HttpMethod method, String path, Map<String, Object> variables,
        Map<String, String> query, @Nullable String body, boolean repeatable, @Nullable QuotaScope scope) {

    UpstreamCall {
        variables = Map.copyOf(variables);
        query = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** The path with its placeholders filled in, for logs. */
    String expandedPath() {
        String expanded = path;
        for (Map.Entry<String, Object> variable : variables.entrySet()) {
            expanded = expanded.replace("{" + variable.getKey() + "}", String.valueOf(variable.getValue()));
        }
        return expanded;
    }
}
