package dev.togglbff.web;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Builds the RFC 9457 problem documents of the API and writes them where Spring MVC is not in
 * charge (servlet filters, the security entry points).
 */
@Component
public class Problems {

    private static final String TYPE_PREFIX = "urn:toggl-bff:problem:";

    private final JsonMapper jsonMapper;

    Problems(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /** A problem with the given code, status and detail; {@code instance} is the request path. */
    public static ProblemDetail of(ErrorCode code, int status, String detail, @Nullable String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        decorate(problem, code, path);
        return problem;
    }

    /** Adds {@code type}, {@code title}, {@code instance} and {@code code} to a problem. */
    static void decorate(ProblemDetail problem, ErrorCode code, @Nullable String path) {
        problem.setType(URI.create(TYPE_PREFIX + code.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        HttpStatus status = HttpStatus.resolve(problem.getStatus());
        if (problem.getTitle() == null || problem.getTitle().isBlank()) {
            problem.setTitle(status != null ? status.getReasonPhrase() : "Error");
        }
        if (path != null) {
            problem.setInstance(URI.create(path));
        }
        problem.setProperty("code", code.name());
    }

    static void addFieldErrors(ProblemDetail problem, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
    }

    static String retryAfterSeconds(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return Long.toString(seconds);
    }

    /** Writes a problem straight to the servlet response (for filters and security handlers). */
    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, int status,
            String detail, @Nullable Duration retryAfter) throws java.io.IOException {
        write(request, response, code, status, detail, retryAfter, List.of());
    }

    /** Writes a problem naming rejected fields (or headers) straight to the servlet response. */
    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, int status,
            String detail, @Nullable Duration retryAfter, List<FieldError> fieldErrors) throws java.io.IOException {
        if (response.isCommitted()) {
            return;
        }
        ProblemDetail problem = of(code, status, detail, request.getRequestURI());
        addFieldErrors(problem, fieldErrors);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
        }
        jsonMapper.writeValue(response.getOutputStream(), asMap(problem));
    }

    /** The problem as the JSON members RFC 9457 names, extension members flattened in. */
    static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }
}
