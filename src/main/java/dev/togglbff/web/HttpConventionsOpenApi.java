package dev.togglbff.web;

import java.util.Arrays;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;

import java.util.Map;
import java.util.Objects;

import io.swagger.v3.core.util.Json31;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Documents the shared HTTP behaviours on each operation of the generated OpenAPI: {@code ETag},
 * {@code If-None-Match} and {@code 304} on reads under {@code /api/}, and the optional
 * {@code Idempotency-Key} header on the creates marked {@link IdempotentCreate}. (An
 * {@code OpenApiCustomizer} rather than an {@code OperationCustomizer}, because it needs each
 * operation's path and method.)
 */
@Component
class HttpConventionsOpenApi implements OpenApiCustomizer {

    private final IdempotencyPaths idempotencyPaths;

    HttpConventionsOpenApi(IdempotencyPaths idempotencyPaths) {
        this.idempotencyPaths = idempotencyPaths;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getComponents().addSchemas(PROBLEM, problemSchema());
        openApi.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            item.readOperationsMap().forEach((method, operation) -> documentErrors(path, operation));
            if (item.getGet() != null && responses(item.getGet()).containsKey("200")) {
                // Reads with a body; not the redirects of the OIDC sign-in.
                documentConditionalRead(item.getGet());
            }
            if (item.getPost() != null && idempotencyPaths.matches(path)) {
                documentIdempotencyKey(item.getPost());
            }
            item.readOperationsMap().forEach((method, operation) -> errorsAreProblems(operation));
        });
        removeUnusedSchemas(openApi);
    }

    /** Drops component schemas nothing refers to any more (such as one replaced by {@code Problem}). */
    @SuppressWarnings("rawtypes")
    private static void removeUnusedSchemas(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        boolean removed = true;
        while (removed && schemas != null) {
            String document = Json31.pretty(openApi);
            removed = schemas.keySet().removeIf(name -> !document.contains("\"#/components/schemas/" + name + "\""));
        }
    }

    private static final String PROBLEM = "Problem";
    private static final Pattern TOGGL_BACKED = Pattern.compile(
            "/api/v1/(teams/\\{teamId}/(workspace|projects|clients|tags|time-entries|timer|summary|dashboard).*"
                    + "|me/(toggl|workspaces|connections.*|maton-key.*))");

    /**
     * Adds the error answers every operation of its kind can give (when the operation does not
     * document them itself): 400 for input, 401 outside sign-in, 403/404 on team routes, and the
     * Maton/Toggl errors on calls that reach Toggl.
     */
    private static void documentErrors(String path, Operation operation) {
        ApiResponses responses = responses(operation);
        boolean hasInput = operation.getRequestBody() != null || (operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> !"header".equals(p.getIn())));
        if (hasInput) {
            addProblem(responses, "400", "VALIDATION_FAILED: a field or parameter is missing, malformed or out of range");
        }
        if (!path.startsWith("/api/v1/auth/")) {
            addProblem(responses, "401", "UNAUTHENTICATED: no, expired or invalid access token");
        }
        if (path.startsWith("/api/v1/teams/{teamId}")) {
            addProblem(responses, "403", "FORBIDDEN: the caller's role in the team is too low");
            addProblem(responses, "404", "NOT_FOUND: no such team (or the caller is not a member), or no such item");
        }
        if (TOGGL_BACKED.matcher(path).matches()) {
            addProblem(responses, "409", "MATON_KEY_MISSING: no Maton key stored; MATON_KEY_INVALID: Maton refuses it");
            addProblem(responses, "429", "TOGGL_QUOTA_EXHAUSTED, UPSTREAM_RATE_LIMITED or TOO_MANY_REQUESTS; see Retry-After");
            addProblem(responses, "502", "UPSTREAM_UNAVAILABLE: Maton or Toggl failed (also 503)");
            addProblem(responses, "504", "UPSTREAM_TIMEOUT: no answer from Toggl in time");
        }
    }

    private static void addProblem(ApiResponses responses, String status, String description) {
        responses.putIfAbsent(status, new ApiResponse().description(description).content(problemContent()));
    }

    /**
     * Every error answer, however its handler documented it, is {@code application/problem+json}
     * with the {@code Problem} schema (never the success body's schema).
     */
    private static void errorsAreProblems(Operation operation) {
        responses(operation).forEach((status, response) -> {
            if (!status.startsWith("1") && !status.startsWith("2") && !status.startsWith("3")
                    && response.get$ref() == null) {
                response.setContent(problemContent());
            }
        });
    }

    private static Content problemContent() {
        return new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new io.swagger.v3.oas.models.media.MediaType()
                    .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        ObjectSchema fieldError = new ObjectSchema();
        fieldError.addProperty("field", new StringSchema());
        fieldError.addProperty("message", new StringSchema());
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details with the API's stable code");
        problem.addProperty("type", new StringSchema().example("urn:toggl-bff:problem:validation-failed"));
        problem.addProperty("title", new StringSchema().example("Bad Request"));
        problem.addProperty("status", new IntegerSchema().example(400));
        problem.addProperty("detail", new StringSchema().example("The request has invalid fields."));
        problem.addProperty("instance", new StringSchema().example("/api/v1/teams"));
        problem.addProperty("code", new StringSchema().example("VALIDATION_FAILED")
            ._enum(Arrays.stream(ErrorCode.values()).map(Enum::name).toList()));
        problem.addProperty("errors", new ArraySchema().items(fieldError));
        return problem;
    }

    private static void documentConditionalRead(Operation operation) {
        addHeaderParameter(operation, HttpHeaders.IF_NONE_MATCH, "The ETag of a copy the client holds "
                + "(a list, W/ tags and * are accepted); when it still matches the answer is 304 without a body.", null);
        ApiResponses responses = responses(operation);
        ApiResponse ok = responses.get("200");
        if (ok != null) {
            ok.addHeaderObject(HttpHeaders.ETAG, new Header().description(
                    "Strong entity tag of the body; send it back in If-None-Match to revalidate.")
                .schema(new StringSchema()));
        }
        responses.putIfAbsent("304", new ApiResponse().description("Not Modified: the If-None-Match tag still "
                + "matches. No body; ETag, Cache-Status and quota headers are sent."));
    }

    private static void documentIdempotencyKey(Operation operation) {
        addHeaderParameter(operation, IdempotencyFilter.HEADER, "Makes the create safe to retry: 1 to 255 visible "
                + "ASCII characters, scoped to the caller and kept 24 h. A repeat with the same key and request gets "
                + "the first answer again with Idempotent-Replayed: true; the same key with a different request is "
                + "422 IDEMPOTENCY_KEY_REUSED; a repeat while the first still runs waits for it, or gets 409 with "
                + "Retry-After.", 255);
        responses(operation).putIfAbsent("422", new ApiResponse()
            .description("IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used for a different request."));
    }

    private static void addHeaderParameter(Operation operation, String name, String description,
            @Nullable Integer maxLength) {
        boolean present = operation.getParameters() != null && operation.getParameters()
            .stream()
            .anyMatch(parameter -> "header".equals(parameter.getIn()) && name.equalsIgnoreCase(parameter.getName()));
        if (!present) {
            StringSchema schema = new StringSchema();
            if (maxLength != null) {
                schema.minLength(1).maxLength(maxLength);
            }
            operation.addParametersItem(new Parameter().in("header")
                .name(name)
                .required(false)
                .description(description)
                .schema(schema));
        }
    }

    private static ApiResponses responses(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        return Objects.requireNonNull(operation.getResponses());
    }
}
