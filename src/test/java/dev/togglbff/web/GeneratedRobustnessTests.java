package dev.togglbff.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MatonStub;
import dev.togglbff.support.TogglStubs;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalid requests generated from the live {@code /v3/api-docs}, for every operation: bad path ids,
 * query values of the wrong type or out of range, bodies of the wrong JSON type, with missing,
 * {@code null}, unknown, oversized or control-character fields, bad tokens, headers and content
 * types. Every answer must be a 4xx problem document with a {@code code} (never a 5xx, never HTML,
 * never a success), and none may reach Maton or Toggl (the WireMock journal stays as it was). A
 * valid request that asks for an answer in a format other than JSON, or sends its body as YAML or
 * XML, is refused the same way.
 * Form bodies ({@code application/x-www-form-urlencoded}, the OIDC back-channel logout) get missing,
 * empty, repeated, oversized, control-character and forged values. The caller is a team owner with
 * a stored key, so each request gets as far as input checks go. The OIDC endpoints answer as
 * configured (the tests' identity provider), not as a disabled feature's 404.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedRobustnessTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final String CONTROL = "a\u0000b\u001bc";

    @LocalServerPort
    int port;

    ApiClient api;
    JsonNode document;
    TogglStubs.TeamOwner owner;
    String teamId;
    final AtomicInteger cases = new AtomicInteger();
    @Nullable CapturedOutput output;

    /** One generated request and why it is invalid. */
    record Case(String why, String method, String path, @Nullable String body, String[] headers) {
    }

    @BeforeAll
    void setUp() {
        api = new ApiClient(port);
        owner = TogglStubs.teamOwner(api, "robust", 8801, 9801);
        teamId = owner.teamPath().substring(owner.teamPath().lastIndexOf('/') + 1);
        ApiClient.Response docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        document = docs.json();
    }

    @AfterAll
    void report() {
        System.out.println("Generated robustness cases: " + cases.get());
    }

    @TestFactory
    Stream<DynamicTest> everyOperationRefusesInvalidInput(CapturedOutput output) {
        this.output = output;
        List<DynamicTest> tests = new ArrayList<>();
        document.path("paths").properties().forEach(path -> METHODS.forEach(method -> {
            JsonNode operation = path.getValue().path(method);
            if (!operation.isMissingNode()) {
                tests.add(DynamicTest.dynamicTest(method.toUpperCase(Locale.ROOT) + " " + path.getKey(),
                        () -> check(method, path.getKey(), operation)));
            }
        }));
        assertThat(tests).hasSizeGreaterThan(40);
        return tests.stream();
    }

    private void check(String method, String template, JsonNode operation) {
        List<Case> generated = cases(method.toUpperCase(Locale.ROOT), template, operation);
        // An operation that takes nothing (no parameter, body or credentials; the OIDC sign-in start)
        // can only be sent a broken query or a body it does not take: three cases.
        boolean takesNothing = !operation.has("requestBody") && operation.path("parameters").isEmpty()
                && operation.has("security") && operation.path("security").isEmpty();
        assertThat(generated).as("cases").hasSizeGreaterThanOrEqualTo(takesNothing ? 3 : 6);
        List<String> failures = new ArrayList<>();
        int logged = output != null ? output.getAll().length() : 0;
        for (Case c : generated) {
            long before = upstreamRequests();
            ApiClient.Response response = api.send(c.method(), c.path(), c.body(), c.headers());
            cases.incrementAndGet();
            String problem = verdict(response);
            if (problem == null && upstreamRequests() != before) {
                problem = "reached Maton/Toggl";
            }
            if (problem != null) {
                failures.add(c.why() + " [" + c.method() + " " + c.path() + " " + c.body() + "] -> " + response.status()
                        + ": " + problem + " " + abbreviated(response.body()));
            }
        }
        assertThat(failures).as("invalid requests not refused properly").isEmpty();
        if (output != null) {
            String log = output.getAll().substring(logged);
            assertThat(log).as("client mistakes are logged without ERROR or stack traces")
                .doesNotContain(" ERROR ")
                .doesNotContain("\n\tat ");
        }
    }

    private static @Nullable String verdict(ApiClient.Response response) {
        if (response.status() >= 500) {
            return "server error";
        }
        if (response.status() < 400) {
            return "accepted";
        }
        if (!response.contentType().startsWith("application/problem+json")) {
            return "not problem+json (" + response.contentType() + ")";
        }
        JsonNode body = JSON.readTree(response.body());
        if (body.path("code").asString("").isEmpty() || body.path("status").asInt() != response.status()) {
            return "problem without code or status";
        }
        return null;
    }

    private long upstreamRequests() {
        WireMockServer maton = MatonStub.server();
        return maton.countRequestsMatching(RequestPatternBuilder.allRequests().build()).getCount();
    }

    // --- generation ---------------------------------------------------------------------------

    private List<Case> cases(String method, String template, JsonNode operation) {
        List<Case> cases = new ArrayList<>();
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, JsonNode> queryParameters = new LinkedHashMap<>();
        for (JsonNode parameter : operation.path("parameters")) {
            String name = parameter.path("name").asString();
            switch (parameter.path("in").asString()) {
                case "path" -> pathValues.put(name, validPathValue(name, parameter.path("schema")));
                case "query" -> queryParameters.put(name, parameter);
                default -> {
                }
            }
        }
        String validPath = fill(template, pathValues);
        boolean secured = !operation.has("security") || !operation.path("security").isEmpty();
        JsonNode bodySchema = bodySchema(operation);
        String baseBody = bodySchema != null ? JSON.writeValueAsString(example(bodySchema)) : null;
        String[] auth = owner.user().bearer();

        // Path ids: only plain decimal digits (or the team's UUID) name something.
        pathValues.forEach((name, value) -> {
            for (String bad : badPathValues(name)) {
                Map<String, String> values = new LinkedHashMap<>(pathValues);
                values.put(name, bad);
                cases.add(new Case("path " + name + "=" + bad, method, fill(template, values), baseBody, auth));
            }
        });
        // Query parameters of the wrong type or out of range; a query that does not decode.
        queryParameters.forEach((name, parameter) -> {
            for (String bad : badQueryValues(parameter.path("schema"), parameter.path("required").asBoolean())) {
                cases.add(new Case("query " + name + "=" + bad, method, validPath + "?" + requiredQuery(queryParameters, name)
                        + name + "=" + bad, baseBody, auth));
            }
        });
        cases.add(new Case("query that does not decode", method, validPath + "?x=%e9", baseBody, auth));
        // Who calls.
        if (secured) {
            cases.add(new Case("no token", method, validPath, baseBody, new String[0]));
            cases.add(new Case("forged token", method, validPath, baseBody,
                    new String[] { "Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl" }));
            cases.add(new Case("basic credentials", method, validPath, baseBody,
                    new String[] { "Authorization", "Basic dXNlcjpwYXNz" }));
            cases.add(new Case("empty bearer token", method, validPath, baseBody,
                    new String[] { "Authorization", "Bearer " }));
            cases.add(new Case("token with trailing text", method, validPath, baseBody,
                    new String[] { "Authorization", auth[1] + " extra" }));
            cases.add(new Case("two Authorization headers, both valid", method, validPath, baseBody,
                    concat(auth, "Authorization", auth[1])));
            cases.add(new Case("two Authorization headers, the second forged", method, validPath, baseBody,
                    concat(auth, "Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")));
        }
        cases.add(new Case("body of type application/*", method, validPath, "{}",
                concat(auth, "Content-Type", "application/*")));
        if (answersJson(operation)) {
            // Valid in every other way: only the answer's format is refused, before any handler work.
            cases.add(new Case("only YAML accepted", method, validPath, baseBody,
                    concat(auth, "Accept", "application/yaml")));
            cases.add(new Case("only XML accepted", method, validPath, baseBody,
                    concat(auth, "Accept", "application/xml, text/xml")));
        }
        cases.add(new Case("query that does not decode, HTML accepted only", method, validPath + "?x=%e9", baseBody,
                concat(auth, "Accept", "text/html")));
        if (bodySchema != null) {
            bodyCases(method, validPath, bodySchema, operation, auth, cases);
        }
        JsonNode formSchema = formSchema(operation);
        if (formSchema != null) {
            formCases(method, validPath, formSchema, auth, cases);
        }
        if (operation.path("parameters").toString().contains("Idempotency-Key")) {
            cases.add(new Case("Idempotency-Key too long", method, validPath, "[]",
                    concat(auth, "Idempotency-Key", "k".repeat(256))));
        }
        return cases;
    }

    private void bodyCases(String method, String path, JsonNode schema, JsonNode operation, String[] auth,
            List<Case> cases) {
        ObjectNode base = (ObjectNode) example(schema);
        boolean bodyRequired = operation.path("requestBody").path("required").asBoolean(false);
        for (String notJson : List.of("{bad", "[]", "1", "\"text\"", "{\"a\":1}{", "{\"x\":1,\"x\":2}")) {
            cases.add(new Case("body " + notJson, method, path, notJson, auth));
        }
        if (bodyRequired) {
            cases.add(new Case("body missing", method, path, null, auth));
            cases.add(new Case("body null", method, path, "null", auth));
        }
        ObjectNode extra = base.deepCopy();
        extra.put("unexpectedField", 1);
        cases.add(new Case("unknown field", method, path, extra.toString(), auth));
        cases.add(new Case("unknown field, HTML accepted only", method, path, extra.toString(),
                concat(auth, "Accept", "text/html")));
        cases.add(new Case("Content-Type application/*", method, path, base.toString(),
                concat(auth, "Content-Type", "application/*")));
        cases.add(new Case("Content-Type text/plain", method, path, base.toString(),
                concat(auth, "Content-Type", "text/plain")));
        // JSON is valid YAML: the same body, declared as YAML or XML, is still not taken.
        cases.add(new Case("Content-Type application/yaml", method, path, base.toString(),
                concat(auth, "Content-Type", "application/yaml")));
        cases.add(new Case("Content-Type application/xml", method, path, base.toString(),
                concat(auth, "Content-Type", "application/xml")));
        cases.add(new Case("Content-Type unparseable", method, path, base.toString(),
                concat(auth, "Content-Type", "json;;=")));
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").properties().iterator();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            String name = property.getKey();
            boolean nullable = types(property.getValue()).contains("null");
            if (required.contains(name)) {
                ObjectNode missing = base.deepCopy();
                missing.remove(name);
                cases.add(new Case("missing " + name, method, path, missing.toString(), auth));
                ObjectNode nulled = base.deepCopy();
                nulled.putNull(name);
                cases.add(new Case(name + " null", method, path, nulled.toString(), auth));
            }
            for (JsonNode bad : badValues(resolve(property.getValue()))) {
                ObjectNode changed = base.deepCopy();
                changed.set(name, bad);
                if (!(nullable && bad.isNull())) {
                    cases.add(new Case(name + "=" + abbreviated(bad.toString()), method, path, changed.toString(), auth));
                }
            }
        }
    }

    /** Whether a success answer of the operation is a JSON document. */
    private static boolean answersJson(JsonNode operation) {
        for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
            if (response.getKey().startsWith("2") && response.getValue().path("content").has("application/json")) {
                return true;
            }
        }
        return false;
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    private @Nullable JsonNode formSchema(JsonNode operation) {
        JsonNode schema = operation.path("requestBody").path("content").path(FORM).path("schema");
        return schema.isMissingNode() ? null : resolve(schema);
    }

    /** A form body missing, empty, of another type, and each field empty, repeated, too long or forged. */
    private void formCases(String method, String path, JsonNode schema, String[] auth, List<Case> cases) {
        String[] form = concat(auth, "Content-Type", FORM);
        cases.add(new Case("form body missing", method, path, null, form));
        cases.add(new Case("form body empty", method, path, "", form));
        cases.add(new Case("form body of unknown fields only", method, path, "unexpectedField=1", form));
        List<String> names = new ArrayList<>();
        schema.path("properties").propertyNames().forEach(names::add);
        String first = names.isEmpty() ? "field" : names.get(0);
        cases.add(new Case("JSON instead of a form", method, path, "{\"" + first + "\":\"x\"}", auth));
        cases.add(new Case("text instead of a form", method, path, first + "=x",
                concat(auth, "Content-Type", "text/plain")));
        for (String name : names) {
            JsonNode property = resolve(schema.path("properties").path(name));
            List<String> bad = new ArrayList<>(List.of("", "%00", "a%00b%1Bc", "%E9", "%20"));
            if (property.has("maxLength")) {
                bad.add("x".repeat(property.path("maxLength").asInt() + 1));
            }
            if (name.endsWith("token")) {
                bad.addAll(List.of("not-a-token", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl",
                        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "a.b.c", "...."));
            }
            for (String value : bad) {
                cases.add(new Case(name + "=" + abbreviated(value), method, path, name + "=" + value, form));
            }
            cases.add(new Case(name + " twice", method, path, name + "=a&" + name + "=b", form));
        }
    }

    /** Values of the wrong JSON type or shape for a property, and out-of-range ones. */
    private List<JsonNode> badValues(JsonNode schema) {
        List<JsonNode> bad = new ArrayList<>();
        List<String> types = types(schema);
        if (types.contains("integer")) {
            bad.addAll(List.of(NODES.numberNode(1001.7), NODES.stringNode("1"), NODES.booleanNode(true),
                    NODES.stringNode("0x10"), NODES.stringNode("\uff11\uff12"), NODES.numberNode(new java.math.BigInteger(
                            "123456789012345678901234567890")), NODES.objectNode(), NODES.arrayNode()));
            if (schema.has("minimum") || schema.has("exclusiveMinimum")) {
                bad.add(NODES.numberNode(-5));
            }
            if (schema.has("maximum")) {
                bad.add(NODES.numberNode(schema.path("maximum").asLong() + 1));
            }
        }
        else if (types.contains("boolean")) {
            bad.addAll(List.of(NODES.stringNode("true"), NODES.numberNode(1), NODES.numberNode(0),
                    NODES.stringNode(""), NODES.arrayNode()));
        }
        else if (types.contains("array")) {
            bad.addAll(List.of(NODES.stringNode("1"), NODES.numberNode(1), NODES.objectNode()));
            ArrayNode wrongItems = NODES.arrayNode();
            wrongItems.add(1.5);
            bad.add(wrongItems);
            ArrayNode textItems = NODES.arrayNode();
            textItems.add("x");
            bad.add(textItems);
            if (schema.has("maxItems")) {
                ArrayNode tooMany = NODES.arrayNode();
                for (int i = 0; i <= schema.path("maxItems").asInt(); i++) {
                    tooMany.add(i + 1);
                }
                bad.add(tooMany);
            }
            if (schema.path("uniqueItems").asBoolean(false)) {
                ArrayNode repeated = NODES.arrayNode();
                repeated.add(1);
                repeated.add(2);
                repeated.add(1);
                bad.add(repeated);
            }
        }
        else if (types.contains("string")) {
            bad.addAll(List.of(NODES.numberNode(123), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode(),
                    NODES.stringNode(CONTROL)));
            if (schema.has("enum")) {
                bad.addAll(List.of(NODES.numberNode(0), NODES.stringNode("NOT_ONE_OF_THEM"),
                        NODES.stringNode(schema.path("enum").get(0).asString().toLowerCase(Locale.ROOT) + "x")));
            }
            if ("date-time".equals(schema.path("format").asString())) {
                bad.addAll(List.of(NODES.numberNode(1_700_000_000), NODES.stringNode(""), NODES.stringNode("   "),
                        NODES.stringNode("2026-13-01T00:00:00Z"), NODES.stringNode("+10000-01-01T00:00:00Z"),
                        NODES.stringNode("2026-11-23T09:00:00"), NODES.stringNode("1969-12-31T23:59:59Z")));
            }
            if (schema.has("maxLength")) {
                bad.add(NODES.stringNode("x".repeat(schema.path("maxLength").asInt() + 1)));
            }
            if (schema.path("minLength").asInt(0) > 0) {
                bad.add(NODES.stringNode(""));
            }
        }
        return bad;
    }

    private static List<String> badQueryValues(JsonNode schema, boolean required) {
        List<String> bad = new ArrayList<>(List.of("%00", "x".repeat(300)));
        List<String> types = types(schema);
        if (types.contains("integer")) {
            bad.addAll(List.of("1.5", "abc", "0x10", "%EF%BC%91", "-1", "99999999999999999999", "1e3", "+5", "%201"));
        }
        if ("date".equals(schema.path("format").asString())) {
            bad.addAll(List.of("2026-13-45", "%2B10000-01-01", "20261101", "1969-12-31", "yesterday"));
        }
        if (schema.has("pattern") || schema.has("enum")) {
            bad.add("not-allowed");
        }
        if (!types.contains("integer") && !schema.has("pattern") && !schema.has("enum") && !schema.has("maxLength")
                && !"date".equals(schema.path("format").asString())) {
            return List.of();
        }
        if (schema.has("maxLength")) {
            return List.of("x".repeat(schema.path("maxLength").asInt() + 1));
        }
        return bad;
    }

    private static String requiredQuery(Map<String, JsonNode> parameters, String except) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, parameter) -> {
            if (!name.equals(except) && parameter.path("required").asBoolean()) {
                query.append(name).append('=').append(validQueryValue(parameter.path("schema"))).append('&');
            }
        });
        return query.toString();
    }

    private static String validQueryValue(JsonNode schema) {
        return "date".equals(schema.path("format").asString()) ? "2026-11-02" : "1";
    }

    private List<String> badPathValues(String name) {
        if ("teamId".equals(name)) {
            return List.of("0x10", "not-a-team", "00000000-0000-0000-0000-000000000000", "%20" + teamId);
        }
        if ("connectionId".equals(name)) {
            return List.of("bad%20id", "a%3Bb", "x".repeat(200), "%C3%A9");
        }
        return List.of("0x10", "%EF%BC%91%EF%BC%92", "1.5", "-1", "0", "abc", "99999999999999999999", "%201", "1e3",
                "+5");
    }

    private String validPathValue(String name, JsonNode schema) {
        if ("teamId".equals(name)) {
            return teamId;
        }
        return types(schema).contains("integer") ? "1" : "conn-1";
    }

    private static String fill(String template, Map<String, String> values) {
        String path = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        return path;
    }

    private @Nullable JsonNode bodySchema(JsonNode operation) {
        JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
        return schema.isMissingNode() ? null : resolve(schema);
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    /** A plausible value of a schema (its example when it has one). */
    private JsonNode example(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        if (resolved.has("example")) {
            return resolved.path("example");
        }
        List<String> types = types(resolved);
        if (resolved.has("enum")) {
            return resolved.path("enum").get(0);
        }
        if (types.contains("object") || resolved.has("properties")) {
            ObjectNode object = NODES.objectNode();
            resolved.path("properties").properties()
                .forEach(property -> object.set(property.getKey(), example(property.getValue())));
            return object;
        }
        if (types.contains("array")) {
            ArrayNode array = NODES.arrayNode();
            array.add(example(resolved.path("items")));
            return array;
        }
        if (types.contains("integer")) {
            return NODES.numberNode(1);
        }
        if (types.contains("boolean")) {
            return NODES.booleanNode(true);
        }
        if ("date-time".equals(resolved.path("format").asString())) {
            return NODES.stringNode("2026-11-23T09:00:00Z");
        }
        return NODES.stringNode("value");
    }

    private static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        }
        else if (type.isString()) {
            types.add(type.asString());
        }
        return types;
    }

    private static String[] concat(String[] headers, String name, String value) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = name;
        all[headers.length + 1] = value;
        return all;
    }

    private static String abbreviated(String text) {
        return text.length() > 160 ? text.substring(0, 157) + "..." : text;
    }
}
