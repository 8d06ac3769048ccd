package dev.togglbff.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for browser frontends: only the exact origins in {@code bff.web.cors.allowed-origins}
 * (none by default), with the headers the API reads and sends. Credentialed requests are allowed
 * from those origins, so that a web frontend there can use the browser session cookie (with the
 * {@code X-CSRF} header, which only an allowed origin's preflight lets through).
 */
@Configuration(proxyBeanMethods = false)
class CorsSettings {

    @Bean
    CorsConfigurationSource corsConfigurationSource(WebProperties properties,
            @Value("${bff.auth.session.csrf-header}") String csrfHeader) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.cors().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
                HttpHeaders.IF_NONE_MATCH, "Idempotency-Key", RequestIdFilter.HEADER, csrfHeader));
        cors.setExposedHeaders(List.of(HttpHeaders.ETAG, HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION,
                "Cache-Status", "Idempotent-Replayed", RequestIdFilter.HEADER, QuotaHeaders.REMAINING,
                QuotaHeaders.RESETS_IN));
        cors.setAllowCredentials(true);
        cors.setMaxAge(Duration.ofSeconds(properties.cors().maxAgeSeconds()));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return source;
    }

    /**
     * The CORS filter Spring Security runs (it takes the bean named {@code corsFilter}): a refused
     * cross-origin request gets a {@code 403 FORBIDDEN} problem document instead of a plain-text
     * "Invalid CORS request".
     */
    @Bean
    CorsFilter corsFilter(CorsConfigurationSource corsConfigurationSource, JsonMapper jsonMapper) {
        CorsFilter filter = new CorsFilter(corsConfigurationSource);
        filter.setCorsProcessor(new ProblemCorsProcessor(jsonMapper));
        return filter;
    }

    /** Keeps the filter out of the servlet chain: it runs once, inside the security chain. */
    @Bean
    FilterRegistrationBean<CorsFilter> corsFilterRegistration(CorsFilter corsFilter) {
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(corsFilter);
        registration.setEnabled(false);
        return registration;
    }

    private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

        private final JsonMapper jsonMapper;

        ProblemCorsProcessor(JsonMapper jsonMapper) {
            this.jsonMapper = jsonMapper;
        }

        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            response.getBody().write(jsonMapper.writeValueAsBytes(Problems.asMap(Problems.of(ErrorCode.FORBIDDEN, 403,
                    "This origin, method or header is not allowed to call the API from a browser.", null))));
            response.flush();
        }
    }
}
