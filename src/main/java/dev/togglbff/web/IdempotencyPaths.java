package dev.togglbff.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The paths of the {@code POST} handlers marked {@link IdempotentCreate}: the create requests that
 * honour {@code Idempotency-Key}. Collected once, when every handler is known.
 */
@Component
class IdempotencyPaths implements SmartInitializingSingleton {

    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private volatile List<PathPattern> patterns = List.of();

    IdempotencyPaths(ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<PathPattern> found = new ArrayList<>();
        mappings.orderedStream().forEach(mapping -> mapping.getHandlerMethods().forEach((info, method) -> {
            if (method.hasMethodAnnotation(IdempotentCreate.class)) {
                found.addAll(postPatterns(info, method.getShortLogMessage()));
            }
        }));
        patterns = List.copyOf(found);
    }

    private static List<PathPattern> postPatterns(RequestMappingInfo info, String handler) {
        if (!info.getMethodsCondition().getMethods().equals(java.util.Set.of(RequestMethod.POST))
                || info.getPathPatternsCondition() == null) {
            throw new IllegalStateException("@IdempotentCreate on a handler that is not a POST mapping: " + handler);
        }
        return List.copyOf(info.getPathPatternsCondition().getPatterns());
    }

    /** Whether a path within the application (such as {@code /api/v1/teams/7/tags}) is one of them. */
    boolean matches(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return patterns.stream().anyMatch(pattern -> pattern.matches(container));
    }

    /** The patterns, as written on the handlers (such as {@code /api/v1/teams/{teamId}/tags}). */
    List<String> patterns() {
        return patterns.stream().map(PathPattern::getPatternString).toList();
    }
}
