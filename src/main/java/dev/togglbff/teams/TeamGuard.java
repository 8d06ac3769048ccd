package dev.togglbff.teams;

import java.util.Map;
import java.util.UUID;

import dev.togglbff.auth.CurrentUser;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The one gate of every {@code /api/v1/teams/{teamId}/**} route: a caller who is not a member
 * gets {@code 404} (the team's existence is not revealed), a member whose role is below the
 * handler's {@link RequiresTeamRole} gets {@code 403}, and a handler without that annotation is
 * refused outright. What it established reaches handlers as a {@link TeamAccess} parameter.
 */
@Configuration(proxyBeanMethods = false)
class TeamGuard implements WebMvcConfigurer {

    private final TeamRepository teams;

    TeamGuard(TeamRepository teams) {
        this.teams = teams;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Interceptor()).addPathPatterns("/api/v1/teams/*", "/api/v1/teams/*/**");
    }

    @Override
    public void addArgumentResolvers(java.util.List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new AccessResolver());
    }

    TeamAccess check(UUID teamId, UUID userId, TeamRole required) {
        TeamRepository.Membership membership = teams.membership(teamId, userId).orElseThrow(TeamGuard::notFound);
        if (!membership.role().atLeast(required)) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    "This needs the " + required + " role in the team; the caller is " + membership.role() + ".");
        }
        Team team = membership.team();
        return new TeamAccess(team.id(), team.name(), team.workspaceId(), team.organizationId(), userId,
                membership.role());
    }

    static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND, "No such team.");
    }

    private final class Interceptor implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (!(handler instanceof HandlerMethod method)) {
                return true;
            }
            RequiresTeamRole required = method.getMethodAnnotation(RequiresTeamRole.class);
            if (required == null) {
                throw new IllegalStateException("Team route without @RequiresTeamRole: " + method.getShortLogMessage());
            }
            @SuppressWarnings("unchecked")
            Map<String, String> variables = (Map<String, String>) request
                .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            String rawTeamId = variables != null ? variables.get("teamId") : null;
            if (rawTeamId == null) {
                throw new IllegalStateException("Team route without a {teamId}: " + method.getShortLogMessage());
            }
            UUID teamId = parse(rawTeamId);
            request.setAttribute(TeamAccess.ATTRIBUTE, check(teamId, caller().id(), required.value()));
            return true;
        }
    }

    private static final class AccessResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == TeamAccess.class;
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
                NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
            return TeamAccess.of(request);
        }
    }

    private static UUID parse(String teamId) {
        try {
            return UUID.fromString(teamId);
        }
        catch (IllegalArgumentException ex) {
            throw notFound();
        }
    }

    static CurrentUser caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof CurrentUser user) {
            return user;
        }
        throw new ApiException(ErrorCode.UNAUTHENTICATED, "A valid bearer access token is required.");
    }
}
