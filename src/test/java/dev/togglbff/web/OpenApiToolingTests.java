package dev.togglbff.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the committed OpenAPI document (the live one, see {@link OpenApiDocumentTests}) is worth to
 * its users: Spectral's OpenAPI rules find no error in it, and a TypeScript client generated from it
 * compiles with {@code tsc --strict}, every method returning the documented body (only operations
 * answering {@code 204} or a redirect return {@code void}). The tools come from npm through {@code npx}; where {@code npx} is
 * not installed these tests are skipped (reported as such), never passed.
 */
class OpenApiToolingTests {

    private static final Path DOCUMENT = Path.of(OpenApiDocumentTests.COMMITTED).toAbsolutePath();
    private static final Path RULESET = Path.of(".spectral.yaml").toAbsolutePath();
    private static final String SPECTRAL = "@stoplight/spectral-cli@6.16.3";
    private static final String GENERATOR = "@openapitools/openapi-generator-cli@2.35.0";
    private static final String TYPESCRIPT = "typescript@7.0.2";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern METHOD = Pattern
        .compile("^    async (\\w+)\\((?:[^)]*)\\): Promise<(.+)> \\{$", Pattern.MULTILINE);

    private record Result(int exitCode, String output) {
    }

    @BeforeAll
    static void npxIsInstalled() {
        boolean installed;
        try {
            installed = run(Path.of("."), 60, "npx", "--version").exitCode() == 0;
        }
        catch (IOException ex) {
            installed = false;
        }
        assumeTrue(installed, "npx is not installed; the OpenAPI tooling checks need Node.js");
    }

    @Test
    void spectralFindsNoErrors(@TempDir Path work) throws IOException {
        Result lint = run(work, 300, "npx", "--yes", SPECTRAL, "lint", DOCUMENT.toString(), "--ruleset",
                RULESET.toString(), "--format", "json", "--fail-severity", "error", "--quiet");
        int json = lint.output().indexOf('[');
        assertThat(json).as("Spectral's answer: %s", lint.output()).isGreaterThanOrEqualTo(0);
        List<String> errors = new ArrayList<>();
        for (JsonNode finding : JSON.readTree(lint.output().substring(json))) {
            if (finding.path("severity").asInt() == 0) {
                errors.add(finding.path("code").asString() + " at " + finding.path("path") + ": "
                        + finding.path("message").asString());
            }
        }
        assertThat(errors).as("Spectral errors").isEmpty();
        assertThat(lint.exitCode()).as(lint.output()).isZero();
    }

    @Test
    void aGeneratedTypeScriptClientCompilesStrictlyAndReturnsTheDocumentedBodies(@TempDir Path work)
            throws IOException {
        Result generated = run(work, 600, "npx", "--yes", GENERATOR, "generate", "-i", DOCUMENT.toString(), "-g",
                "typescript-fetch", "-o", work.resolve("client").toString());
        assertThat(generated.exitCode()).as(generated.output()).isZero();

        Result compiled = run(work, 300, "npx", "--yes", "-p", TYPESCRIPT, "tsc", "--strict", "--noEmit", "--target",
                "es2020", "--lib", "es2020,dom", "--module", "esnext", "--moduleResolution", "bundler",
                work.resolve("client/index.ts").toString());
        assertThat(compiled.exitCode()).as(compiled.output()).isZero();

        Map<String, String> returned = new HashMap<>();
        try (Stream<Path> apis = Files.list(work.resolve("client/apis"))) {
            for (Path api : apis.filter(file -> !file.endsWith("index.ts")).toList()) {
                Matcher method = METHOD.matcher(Files.readString(api, StandardCharsets.UTF_8));
                while (method.find()) {
                    returned.put(method.group(1), method.group(2));
                }
            }
        }
        JsonNode document = JSON.readTree(DOCUMENT.toFile());
        List<String> wrong = new ArrayList<>();
        document.path("paths").forEach(item -> item.forEach(operation -> {
            String id = operation.path("operationId").asString("");
            if (id.isEmpty()) {
                return;
            }
            // 204 or a redirect (the OIDC sign-in's 302s): no body, so void.
            boolean onlyNoContent = !operation.path("responses").has("200") && !operation.path("responses").has("201");
            String type = returned.get(id);
            if (type == null) {
                wrong.add(id + ": no method in the generated client");
            }
            else if (onlyNoContent != "void".equals(type)) {
                wrong.add(id + " returns Promise<" + type + ">");
            }
        }));
        assertThat(wrong).as("generated client methods").isEmpty();
    }

    private static Result run(Path directory, long timeoutSeconds, String... command) throws IOException {
        Path log = Files.createTempFile("openapi-tool", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!finished) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish in time: " + output);
            }
            return new Result(process.exitValue(), output);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        finally {
            Files.deleteIfExists(log);
        }
    }
}
