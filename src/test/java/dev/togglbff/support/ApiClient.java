package dev.togglbff.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests against the running service: sends exactly the bytes and
 * headers given and never turns an error status into an exception.
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** The answer: status, headers and body text. */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }
    }

    public Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Response post(String path, @Nullable String json, String... headers) {
        return send("POST", path, json, headers);
    }

    /** Sends a JSON body (or none) with the given header name/value pairs. */
    public Response send(String method, String path, @Nullable String json, String... headers) {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
        return exchange(method, path, body, json != null, headers);
    }

    /** Sends a body without {@code Content-Length} (chunked transfer encoding). */
    public Response sendChunked(String method, String path, byte[] bytes, String... headers) {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers
            .ofInputStream(() -> new ByteArrayInputStream(bytes));
        return exchange(method, path, body, true, headers);
    }

    private Response exchange(String method, String path, HttpRequest.BodyPublisher body, boolean jsonBody,
            String... headers) {
        Map<String, String> defaults = new LinkedHashMap<>();
        if (jsonBody) {
            defaults.put("content-type", "application/json");
        }
        defaults.put("accept", "application/json, application/problem+json");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body);
        // A header given replaces its default; one given twice is sent twice.
        for (int i = 0; i + 1 < headers.length; i += 2) {
            defaults.remove(headers[i].toLowerCase(Locale.ROOT));
        }
        defaults.forEach(request::header);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers(), response.body());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
