package dev.togglbff.web;

import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** The paths of {@code bff.web.idempotency.paths}: the create requests that honour {@code Idempotency-Key}. */
@Component
class IdempotencyPaths {

    private final List<PathPattern> patterns;

    IdempotencyPaths(WebProperties properties) {
        this.patterns = properties.idempotency().paths().stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    /** Whether a path within the application (such as {@code /api/v1/teams/7/tags}) is one of them. */
    boolean matches(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return patterns.stream().anyMatch(pattern -> pattern.matches(container));
    }
}
