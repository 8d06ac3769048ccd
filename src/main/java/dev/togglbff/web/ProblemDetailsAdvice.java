package dev.togglbff.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where exceptions become problem details. Spring MVC's own errors (404, 405, 415,
 * unreadable bodies, validation) get the API's {@code code} too, and nothing an exception says
 * about internals reaches the caller.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException ex, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(ex.code(), ex.status(), ex.getMessage(), request.getRequestURI());
        Problems.addFieldErrors(problem, ex.fieldErrors());
        HttpHeaders headers = new HttpHeaders();
        if (ex.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Problems.retryAfterSeconds(ex.retryAfter()));
        }
        return problemResponse(problem, headers);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        ProblemDetail problem = Problems.of(ErrorCode.INTERNAL_ERROR, 500,
                "The service failed to handle the request.", request.getRequestURI());
        return problemResponse(problem, new HttpHeaders());
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors()
            .forEach(error -> errors.add(new FieldError(error.getField(), message(error))));
        ex.getBindingResult().getGlobalErrors()
            .forEach(error -> errors.add(new FieldError(error.getObjectName(), message(error))));
        return validationProblem("The request has invalid fields.", errors, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            if (result instanceof ParameterErrors body && body.hasFieldErrors()) {
                // A request body: name its fields, as a body validated on its own would.
                body.getFieldErrors().forEach(error -> errors.add(new FieldError(error.getField(), message(error))));
                continue;
            }
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors()
                .forEach(error -> errors.add(new FieldError(name != null ? name : "request", message(error))));
        }
        return validationProblem("The request has invalid parameters.", errors, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : ex.getPropertyName();
        String field = name != null ? name : "request";
        return validationProblem("The request has invalid parameters.",
                List.of(new FieldError(field, "has the wrong format")), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return validationProblem("The request has invalid parameters.",
                List.of(new FieldError(ex.getParameterName(), "is required")), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestBodyLimitFilter.BodyTooLargeException tooLarge = findCause(ex,
                RequestBodyLimitFilter.BodyTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, 413, tooLarge.getMessage(),
                    path(request));
            return problemResponse(problem, new HttpHeaders());
        }
        // Jackson's own messages quote the input, which may hold a password: say only where it broke.
        DatabindException databind = findCause(ex, DatabindException.class);
        if (databind != null && !databind.getPath().isEmpty()) {
            String field = fieldPath(databind);
            return validationProblem("The request body has a field of the wrong type.",
                    List.of(new FieldError(field, "has the wrong type or format")), request);
        }
        JacksonException parse = findCause(ex, JacksonException.class);
        String detail = parse != null && parse.getLocation() != null
                ? "The request body is not valid JSON (line " + parse.getLocation().getLineNr() + ", column "
                        + parse.getLocation().getColumnNr() + ")."
                : "The request body is missing or is not valid JSON.";
        return validationProblem(detail, List.of(), request);
    }

    /** An unknown path: Spring's own detail would say that no static resource matched it. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(ErrorCode.NOT_FOUND, 404, "No such resource.", path(request));
        return problemResponse(problem, headers);
    }

    /** Every other Spring MVC error: keep its status and give it the matching code. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : ProblemDetail.forStatus(statusCode);
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            Problems.decorate(problem, ErrorCode.forStatus(statusCode.value()), path(request));
        }
        return problemResponse(problem, headers);
    }

    private ResponseEntity<Object> validationProblem(String detail, List<FieldError> errors, WebRequest request) {
        ProblemDetail problem = Problems.of(ErrorCode.VALIDATION_FAILED, 400, detail, path(request));
        Problems.addFieldErrors(problem, errors);
        return problemResponse(problem, new HttpHeaders());
    }

    private static ResponseEntity<Object> problemResponse(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus())
            .headers(headers)
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(problem);
    }

    private static String message(MessageSourceResolvable error) {
        String message = error.getDefaultMessage();
        return message != null ? message : "is invalid";
    }

    private static String fieldPath(DatabindException ex) {
        StringBuilder path = new StringBuilder();
        for (var reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static @Nullable String path(WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            return servlet.getRequest().getRequestURI();
        }
        if (request instanceof NativeWebRequest nativeRequest) {
            HttpServletRequest servlet = nativeRequest.getNativeRequest(HttpServletRequest.class);
            return servlet != null ? servlet.getRequestURI() : null;
        }
        return null;
    }

    private static <T extends Throwable> @Nullable T findCause(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
