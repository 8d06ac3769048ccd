package dev.togglbff.tracking;

import java.util.List;
import java.util.UUID;

import dev.togglbff.teams.TeamAccess;
import dev.togglbff.upstream.QuotaScope;
import dev.togglbff.upstream.TogglClient;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Everything a team-scoped Toggl call needs, resolved once per request as a handler argument:
 * the team the guard let the caller into, the caller's key session, and the quota bucket that
 * calls about the team's workspace spend.
 *
 * @param team           the team and the caller's role in it
 * @param session        the caller's Maton key (unlocked only when Toggl must be called)
 * @param workspaceScope the bucket of the team's workspace (its organization when known)
 */
record TeamCall(TeamAccess team, Session session, QuotaScope workspaceScope) {

    long workspaceId() {
        return team.workspaceId();
    }

    String keyHash() {
        return session.keyHash();
    }

    UUID userId() {
        return team.userId();
    }

    /** Registers the argument resolver. */
    @Configuration(proxyBeanMethods = false)
    static class Resolver implements WebMvcConfigurer, HandlerMethodArgumentResolver {

        private final Sessions sessions;
        private final TogglClient toggl;

        Resolver(Sessions sessions, TogglClient toggl) {
            this.sessions = sessions;
            this.toggl = toggl;
        }

        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
            resolvers.add(this);
        }

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == TeamCall.class;
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
                NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
            TeamAccess team = TeamAccess.of(request);
            return new TeamCall(team, sessions.open(team.userId()),
                    toggl.scopeOf(team.workspaceId(), team.organizationId()));
        }
    }
}
