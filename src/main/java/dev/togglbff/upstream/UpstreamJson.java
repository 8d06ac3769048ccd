package dev.togglbff.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.togglbff.web.ErrorCode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lenient reading of Maton's and Toggl's answers: unknown fields are ignored, a {@code null} or
 * empty body is "nothing", and a list where one object was expected yields its first element.
 */
final class UpstreamJson {

    private final JsonMapper mapper;

    UpstreamJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    static JsonMapper lenientMapper() {
        return JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    }

    JsonMapper mapper() {
        return mapper;
    }

    String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    <T> Optional<T> optional(String body, Class<T> type) {
        JsonNode node = parse(body);
        if (node.isArray()) {
            node = node.isEmpty() ? mapper.nullNode() : node.get(0);
        }
        if (node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(convert(node, type));
    }

    <T> T one(String body, Class<T> type) {
        return optional(body, type).orElseThrow(UpstreamJson::unreadable);
    }

    <T> List<T> list(String body, Class<T> type) {
        return list(parse(body), type);
    }

    <T> List<T> list(JsonNode node, Class<T> type) {
        if (node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            return List.of(convert(node, type));
        }
        List<T> items = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            items.add(convert(item, type));
        }
        return List.copyOf(items);
    }

    JsonNode parse(String body) {
        if (body.isBlank()) {
            return mapper.missingNode();
        }
        try {
            return mapper.readTree(body);
        }
        catch (JacksonException ex) {
            throw unreadable();
        }
    }

    private <T> T convert(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        }
        catch (JacksonException ex) {
            throw unreadable();
        }
    }

    private static UpstreamException unreadable() {
        return new UpstreamException(ErrorCode.UPSTREAM_UNAVAILABLE, "Toggl answered with data the service cannot read.",
                200);
    }
}
