package dev.togglbff.sandbox;

import java.net.URI;

import dev.togglbff.upstream.SandboxEndpoint;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Wires the sandbox: where the upstream client finds it, and the security of {@code /sandbox/**}.
 */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    /**
     * {@code /sandbox/**} is not the API: callers authenticate with a sandbox key as Maton's
     * callers do, which the API's access-token check must not reject. This chain is in place even
     * while the sandbox is off, so that those paths then answer {@code 404} whatever the caller sends.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain sandboxSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/sandbox/**")
            .csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache(cache -> cache.disable())
            .httpBasic(basic -> basic.disable())
            .formLogin(form -> form.disable())
            .logout(logout -> logout.disable())
            .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /** This application's own address, unless {@code bff.sandbox.base-url} names another. */
    @Bean
    @Profile("!prod")
    @ConditionalOnBooleanProperty("bff.sandbox.enabled")
    SandboxEndpoint sandboxEndpoint(SandboxProperties properties, Environment environment) {
        return () -> {
            URI configured = properties.baseUrl();
            if (configured != null) {
                return configured;
            }
            return URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port")
                    + environment.getProperty("server.servlet.context-path", "") + SandboxUpstreamController.BASE);
        };
    }
}
