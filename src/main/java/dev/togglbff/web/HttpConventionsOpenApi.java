package dev.togglbff.web;

import java.util.Objects;

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
import org.springframework.stereotype.Component;

/**
 * Documents the shared HTTP behaviours on each operation of the generated OpenAPI: {@code ETag},
 * {@code If-None-Match} and {@code 304} on reads under {@code /api/}, and the optional
 * {@code Idempotency-Key} header on the creates of {@code bff.web.idempotency.paths}. (An
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
        openApi.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            if (item.getGet() != null) {
                documentConditionalRead(item.getGet());
            }
            if (item.getPost() != null && idempotencyPaths.matches(path)) {
                documentIdempotencyKey(item.getPost());
            }
        });
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
