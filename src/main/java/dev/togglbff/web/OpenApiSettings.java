package dev.togglbff.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description behind Swagger UI: title, version, the bearer scheme that makes
 * "Authorize" work with an access token from {@code POST /api/v1/auth/token}, and the browser
 * session cookie as the second way in (cookie mode, for web frontends).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiSettings {

    /** Name of the bearer security scheme; operations open to anonymous callers clear it. */
    static final String BEARER = "bearerAuth";
    /** Name of the browser-session (cookie mode) security scheme. */
    static final String BROWSER_SESSION = "browserSession";

    @Bean
    OpenAPI togglBffOpenApi(ObjectProvider<BuildProperties> build,
            @Value("${bff.auth.session.cookie-name}") String sessionCookie,
            @Value("${bff.auth.session.csrf-header}") String csrfHeader) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties != null ? properties.getVersion() : "dev";
        return new OpenAPI()
            .info(new Info().title("toggl-bff API")
                .contact(new Contact().name("toggl-bff maintainers"))
                .version(version)
                .description("""
                        A small, team-shaped API over Toggl Track for internal web and mobile frontends. \
                        The service holds each user's Maton key, caches workspace data and spends the \
                        team's Toggl quota sparingly. Errors are application/problem+json with a stable \
                        `code`; sign in with POST /api/v1/auth/token and use the access token as a bearer token."""))
            .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("JWT")
                .description("Access token from POST /api/v1/auth/token"))
                .addSecuritySchemes(BROWSER_SESSION, new SecurityScheme()
                    .type(SecurityScheme.Type.APIKEY)
                    .in(SecurityScheme.In.COOKIE)
                    .name(sessionCookie)
                    .description("Cookie mode for web frontends: the HttpOnly session cookie set by "
                            + "POST /api/v1/auth/session. Every call with it must also send the header "
                            + csrfHeader + ": 1 (else 403 FORBIDDEN).")))
            .addServersItem(new Server().url("/").description("This service"))
            .addSecurityItem(new SecurityRequirement().addList(BEARER))
            .addSecurityItem(new SecurityRequirement().addList(BROWSER_SESSION));
    }
}
