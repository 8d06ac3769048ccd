package dev.togglbff.upstream;

import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Turns an upstream error body into text fit for a problem's {@code detail}: the message of a
 * JSON string or object, or plain text; never HTML, never control characters, never longer than
 * configured, and never the caller's key.
 */
final class ErrorDetails {

    static final String GENERIC = "Toggl rejected the request without an explanation.";

    private final JsonMapper json;
    private final int maxLength;

    ErrorDetails(JsonMapper json, int maxLength) {
        this.json = json;
        this.maxLength = maxLength;
    }

    String describe(String body, HttpHeaders headers, MatonCredentials credentials) {
        String text = body.strip();
        if (text.isEmpty() || looksLikeHtml(text, headers)) {
            return GENERIC;
        }
        if (text.startsWith("\"") || text.startsWith("{")) {
            text = fromJson(text);
        }
        text = text.replace(credentials.apiKey(), credentials.fingerprint())
            .replaceAll("[\\p{Cntrl}&&[^\\t]]+", " ")
            .strip();
        if (text.isEmpty() || looksLikeHtml(text, HttpHeaders.EMPTY)) {
            return GENERIC;
        }
        return text.length() <= maxLength ? text : text.substring(0, maxLength - 1) + "…";
    }

    private String fromJson(String text) {
        try {
            JsonNode node = json.readTree(text);
            if (node.isString()) {
                return node.asString();
            }
            for (String field : new String[] { "message", "error", "error_message", "detail" }) {
                JsonNode value = node.path(field);
                if (value.isString()) {
                    return value.asString();
                }
                if (value.isObject() && value.path("message").isString()) {
                    return value.path("message").asString();
                }
            }
            return GENERIC;
        }
        catch (JacksonException ex) {
            return text;
        }
    }

    private static boolean looksLikeHtml(String text, HttpHeaders headers) {
        MediaType type = headers.getContentType();
        if (type != null && type.isCompatibleWith(MediaType.TEXT_HTML)) {
            return true;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("<") || lower.contains("<html") || lower.contains("<body") || lower.contains("</");
    }
}
