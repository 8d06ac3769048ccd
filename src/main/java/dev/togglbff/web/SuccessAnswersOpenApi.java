package dev.togglbff.web;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Per handler, what the OpenAPI document cannot guess from annotations alone: a handler without a
 * body ({@code void}, {@code ResponseEntity<Void>}) answers {@code 204 No Content}, never a
 * {@code 200} (unless it documents a redirect instead); a {@code 204} has no content; and an {@code operationId} given on the handler is
 * marked, so that {@link OperationIdsOpenApi} keeps it instead of deriving one from the path. An
 * operation without a description is described by its summary (modules may add to it later).
 */
@Component
@Order(0)
class SuccessAnswersOpenApi implements OperationCustomizer {

    static final String EXPLICIT_ID = "x-explicit-operation-id";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        io.swagger.v3.oas.annotations.Operation annotation = handler
            .getMethodAnnotation(io.swagger.v3.oas.annotations.Operation.class);
        if (annotation != null && StringUtils.hasText(annotation.operationId())) {
            operation.addExtension(EXPLICIT_ID, true);
        }
        if (!StringUtils.hasText(operation.getDescription())) {
            operation.setDescription(operation.getSummary() + ".");
        }
        ApiResponses responses = operation.getResponses();
        if (responses == null) {
            responses = new ApiResponses();
            operation.setResponses(responses);
        }
        boolean redirects = responses.keySet().stream().anyMatch(status -> status.startsWith("3"));
        if (hasNoBody(handler) && !redirects) {
            responses.remove("200");
            responses.putIfAbsent("204", new ApiResponse().description("No Content"));
        }
        ApiResponse noContent = responses.get("204");
        if (noContent != null) {
            noContent.setContent(null);
        }
        return operation;
    }

    private static boolean hasNoBody(HandlerMethod handler) {
        Type type = handler.getReturnType().getGenericParameterType();
        if (type == void.class || type == Void.class) {
            return true;
        }
        return type instanceof ParameterizedType parameterized && parameterized.getRawType() == ResponseEntity.class
                && parameterized.getActualTypeArguments()[0] == Void.class;
    }
}
