package dev.togglbff.web;

import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * CORS for browser frontends: only the exact origins in {@code bff.web.cors.allowed-origins}
 * (none by default), with the headers the API reads and sends. Credentials are bearer tokens in
 * a header, never cookies, so credentialed CORS stays off.
 */
@Configuration(proxyBeanMethods = false)
class CorsSettings {

    @Bean
    CorsConfigurationSource corsConfigurationSource(WebProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.cors().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
                HttpHeaders.IF_NONE_MATCH, "Idempotency-Key", RequestIdFilter.HEADER));
        cors.setExposedHeaders(List.of(HttpHeaders.ETAG, HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION,
                "Cache-Status", "Idempotent-Replayed", RequestIdFilter.HEADER, "X-Toggl-Quota-Remaining",
                "X-Toggl-Quota-Resets-In"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofSeconds(properties.cors().maxAgeSeconds()));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return source;
    }
}
