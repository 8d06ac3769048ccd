package dev.togglbff.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;
import org.springframework.modulith.NamedInterface;

/**
 * Maton's connection management for Toggl Track ({@code /connections}, outside the Toggl path).
 * These calls cost no Toggl quota and are not tied to a connection, so they never send
 * {@code Maton-Connection}. Like {@link TogglClient}, every method blocks and throws
 * {@link UpstreamException}; a Maton {@code 401} is {@code MATON_KEY_INVALID}.
 */
@NamedInterface("connections")
public class MatonConnectionsClient {

    static final String APP = "toggl-track";
    private static final String CONNECTIONS = "/connections";

    private final MatonHttp http;
    private final UpstreamJson json;

    MatonConnectionsClient(MatonHttp http, UpstreamJson json) {
        this.http = http;
        this.json = json;
    }

    /**
     * {@code GET /connections?app=toggl-track}.
     *
     * @param status only connections in this state (such as {@code ACTIVE}), or all when {@code null}
     */
    public List<MatonConnection> list(MatonCredentials credentials, @Nullable String status) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("app", APP);
        if (status != null) {
            query.put("status", status);
        }
        JsonNode answer = json.parse(call(credentials, "connections.list", HttpMethod.GET, CONNECTIONS, Map.of(),
                query, null, true));
        JsonNode items = answer.has("connections") ? answer.get("connections") : answer;
        return json.list(items, MatonConnection.class);
    }

    /** {@code POST /connections} for Toggl Track; the answer's {@code url} is where the user authorizes it. */
    public MatonConnection create(MatonCredentials credentials) {
        String body = json.write(Map.of("app", APP));
        return unwrap(call(credentials, "connections.create", HttpMethod.POST, CONNECTIONS, Map.of(), Map.of(), body,
                false));
    }

    /** {@code GET /connections/{connection_id}}. */
    public MatonConnection get(MatonCredentials credentials, String connectionId) {
        return unwrap(call(credentials, "connections.get", HttpMethod.GET, CONNECTIONS + "/{connection_id}",
                Map.of("connection_id", connectionId), Map.of(), null, true));
    }

    /** {@code DELETE /connections/{connection_id}}. */
    public void delete(MatonCredentials credentials, String connectionId) {
        call(credentials, "connections.delete", HttpMethod.DELETE, CONNECTIONS + "/{connection_id}",
                Map.of("connection_id", connectionId), Map.of(), null, true);
    }

    private MatonConnection unwrap(String body) {
        JsonNode answer = json.parse(body);
        JsonNode connection = answer.has("connection") ? answer.get("connection") : answer;
        return json.one(json.write(connection), MatonConnection.class);
    }

    private String call(MatonCredentials credentials, String operation, HttpMethod method, String path,
            Map<String, Object> variables, Map<String, String> query, @Nullable String body, boolean repeatable) {
        return http.exchange(credentials.withConnection(null),
                new UpstreamCall(operation, method, path, variables, query, body, repeatable, null)).body();
    }
}
