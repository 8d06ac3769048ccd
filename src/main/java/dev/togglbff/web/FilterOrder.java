package dev.togglbff.web;

import jakarta.servlet.Filter;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The order of this module's servlet filters, in one place. Around Spring Security's chain (at
 * {@link SecurityFilterProperties#DEFAULT_FILTER_ORDER}, -100):
 * <ol>
 * <li>{@link RequestIdFilter} first, so every answer (a rejection too) and every log line carries the request id;
 * <li>{@link RequestShapeFilter}, which refuses requests no handler could take before anything reads them;
 * <li>{@link RequestBodyLimitFilter}, which caps the bodies the rest read;
 * <li>the tracking module's {@code RepeatReads} (at {@code HIGHEST_PRECEDENCE + 15}, registered there),
 * which answers a repeat of a cached read before anything below runs;
 * <li>{@link EtagFilter}, outside security, so that it sees and replaces the chain's {@code no-store} headers;
 * <li>the security chain;
 * <li>{@link IdempotencyFilter}, after it, because a replay is kept per signed-in caller.
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
class FilterOrder {

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilterRegistration(RequestIdFilter filter) {
        return at(filter, Ordered.HIGHEST_PRECEDENCE);
    }

    @Bean
    FilterRegistrationBean<RequestShapeFilter> requestShapeFilterRegistration(RequestShapeFilter filter) {
        return at(filter, Ordered.HIGHEST_PRECEDENCE + 5);
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilterRegistration(RequestBodyLimitFilter filter) {
        return at(filter, Ordered.HIGHEST_PRECEDENCE + 10);
    }

    @Bean
    FilterRegistrationBean<EtagFilter> etagFilterRegistration(EtagFilter filter) {
        return at(filter, Ordered.HIGHEST_PRECEDENCE + 20);
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilterRegistration(IdempotencyFilter filter) {
        return at(filter, 0);
    }

    private static <F extends Filter> FilterRegistrationBean<F> at(F filter, int order) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(order);
        return registration;
    }
}
