package dev.togglbff.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The committed OpenAPI document ({@value #COMMITTED}) is the live one, so every change of the
 * contract shows up as a reviewed diff. When the API changes on purpose, regenerate it with
 * {@code ./mvnw -B test -Dtest=OpenApiDocumentTests -Dopenapi.write=true} and commit the file.
 * Only {@code info.version} (the build's version) is left out of the comparison.
 */
@IntegrationTest
class OpenApiDocumentTests {

    static final String COMMITTED = "src/main/resources/openapi/api-v1.json";
    static final String REGENERATE = "./mvnw -B test -Dtest=OpenApiDocumentTests -Dopenapi.write=true";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @LocalServerPort
    int port;

    @Test
    void theCommittedDocumentIsTheLiveOne() throws IOException {
        ApiClient.Response docs = new ApiClient(port).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        Path committed = Path.of(COMMITTED);
        if (Boolean.getBoolean("openapi.write")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, canonical(docs.json(), true), StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(committed)) {
            fail(COMMITTED + " is missing; generate it with: " + REGENERATE);
        }
        String live = canonical(docs.json(), false);
        String stored = canonical(JSON.readTree(Files.readString(committed, StandardCharsets.UTF_8)), false);
        if (!stored.equals(live)) {
            List<String> differences = new ArrayList<>();
            differences(JSON.readTree(stored), JSON.readTree(live), "", differences);
            fail("The live OpenAPI document differs from " + COMMITTED + " at " + differences.size()
                    + " place(s):\n  " + String.join("\n  ", differences.subList(0, Math.min(20, differences.size())))
                    + "\nIf the change is intended, regenerate it with: " + REGENERATE + " and commit the file.");
        }
    }

    /** The document with object keys sorted (stable diffs), with or without the build's version. */
    static String canonical(JsonNode document, boolean withVersion) {
        JsonNode copy = document.deepCopy();
        if (!withVersion && copy.path("info") instanceof ObjectNode info) {
            info.remove("version");
        }
        return JSON.writeValueAsString(sorted(copy)) + "\n";
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(field -> fields.put(field.getKey(), sorted(field.getValue())));
            ObjectNode result = JSON.createObjectNode();
            fields.forEach(result::set);
            return result;
        }
        if (node.isArray()) {
            var array = JSON.createArrayNode();
            node.forEach(item -> array.add(sorted(item)));
            return array;
        }
        return node;
    }

    private static void differences(JsonNode stored, JsonNode live, String pointer, List<String> found) {
        if (stored.equals(live)) {
            return;
        }
        if (stored.isObject() && live.isObject()) {
            for (Iterator<String> names = stored.propertyNames().iterator(); names.hasNext();) {
                String name = names.next();
                String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!live.has(name)) {
                    found.add("- " + child + " (only in the committed file)");
                }
                else {
                    differences(stored.get(name), live.get(name), child, found);
                }
            }
            for (Iterator<String> names = live.propertyNames().iterator(); names.hasNext();) {
                String name = names.next();
                if (!stored.has(name)) {
                    found.add("+ " + pointer + "/" + name.replace("~", "~0").replace("/", "~1") + " (only in the live document)");
                }
            }
            return;
        }
        found.add("~ " + (pointer.isEmpty() ? "/" : pointer) + ": committed " + abbreviated(stored) + ", live "
                + abbreviated(live));
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
