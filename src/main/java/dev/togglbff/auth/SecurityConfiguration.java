package dev.togglbff.auth;

import dev.togglbff.web.ErrorCode;
import dev.togglbff.web.Problems;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * HTTP security: the API under {@code /api/v1} with bearer tokens or a browser session cookie
 * (plus the CSRF header), public documentation and health probes, problem+json answers for 401
 * and 403, and the standard security headers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * Spring Security's request firewall, with header values checked by a plain loop instead of
     * its regular expression: the same rule (assigned, non-control characters only), without
     * running a regex over every bearer token on every read of the header.
     */
    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(SecurityConfiguration::assignedAndNotControl);
        return firewall;
    }

    static boolean assignedAndNotControl(String value) {
        for (int i = 0; i < value.length();) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                // Printable ASCII (every bearer token, most headers): assigned and not a control character.
                i++;
                continue;
            }
            int codePoint = value.codePointAt(i);
            if (!Character.isDefined(codePoint) || Character.getType(codePoint) == Character.CONTROL) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /**
     * No observation per security filter: it costs every request more than it tells (the
     * {@code http.server.requests} observation still measures each request), and without it the
     * filter chain runs undecorated.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, Problems problems,
            AuthenticationManagerResolver<HttpServletRequest> bearerTokenResolver, BrowserSessions browserSessions,
            LiveUsers liveUsers, AuthProperties properties) throws Exception {
        String sessionCookie = properties.session().cookieName();
        AuthenticationEntryPoint unauthenticated = (request, response, ex) -> {
            // A bearer challenge only where a bearer token is the way in: a caller that brought the
            // session cookie (and no Authorization header) is a web page that must sign in again
            // for a new session, never send a bearer token.
            if (request.getHeader(HttpHeaders.AUTHORIZATION) != null
                    || !BrowserSessionFilter.hasCookie(request, sessionCookie)) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            }
            problems.write(request, response, ErrorCode.UNAUTHENTICATED, 401,
                    "A valid bearer access token or browser session is required.", null);
        };
        AccessDeniedHandler denied = (request, response, ex) -> problems.write(request, response,
                ErrorCode.FORBIDDEN, 403, "The caller may not do this.", null);
        // Spring Security's token CSRF protection is off: bearer calls need none, and cookie calls
        // are guarded by the required X-CSRF header (BrowserSessionFilter).
        http.csrf(csrf -> csrf.disable())
            .cors(Customizer.withDefaults())
            // Security never keeps its context in the session: a browser session is read by BrowserSessionFilter.
            // The id changes at sign-in (BrowserSessions.start), not on every cookie-authenticated call.
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                .sessionFixation(fixation -> fixation.none()))
            .addFilterBefore(new BrowserSessionFilter(browserSessions, liveUsers, problems, properties.session()),
                    BearerTokenAuthenticationFilter.class)
            .httpBasic(basic -> basic.disable())
            .formLogin(form -> form.disable())
            .logout(logout -> logout.disable())
            .requestCache(cache -> cache.disable())
            .anonymous(Customizer.withDefaults())
            .headers(headers -> headers
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                .contentSecurityPolicy(csp -> csp.policyDirectives("frame-ancestors 'none'")))
            .oauth2ResourceServer(resourceServer -> resourceServer
                .bearerTokenResolver(new HeaderBearerTokenResolver())
                .authenticationManagerResolver(bearerTokenResolver)
                .authenticationEntryPoint(unauthenticated)
                .accessDeniedHandler(denied))
            .exceptionHandling(exceptions -> exceptions
                .authenticationEntryPoint(unauthenticated)
                .accessDeniedHandler(denied))
            .authorizeHttpRequests(auth -> auth
                .requestMatchers(HttpMethod.OPTIONS, "/api/**").permitAll()
                .requestMatchers(HttpMethod.POST, "/api/v1/auth/register", "/api/v1/auth/token",
                        "/api/v1/auth/refresh", "/api/v1/auth/logout", BrowserSessionFilter.SIGN_IN_PATH).permitAll()
                // The OIDC sign-in, its callback and the provider's back-channel logout.
                .requestMatchers(OidcLogin.BASE_PATH + "/**").permitAll()
                .requestMatchers("/api/**").authenticated()
                // Documentation, health probes, metrics (only health and prometheus are exposed),
                // the error page and unknown paths (which answer 404) are public.
                .anyRequest().permitAll());
        return http.build();
    }
}
