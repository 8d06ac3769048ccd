package dev.togglbff.auth;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The browser sessions' store, Boot's Spring Session JDBC repository put behind
 * {@link CoarseAccessSessionRepository} (the bean Spring Session's filter and {@link BrowserSessions}
 * get) with its request scope just outside Spring Session's filter, and the browser session
 * cookie: {@code __Host-} prefixed, HttpOnly, Secure, SameSite from
 * {@code bff.auth.session.same-site}, {@code Path=/}, no {@code Domain}, no {@code Max-Age}
 * (the server enforces the idle and absolute time-outs).
 */
@Configuration(proxyBeanMethods = false)
class BrowserSessionConfiguration {

    @Bean
    CookieSerializer sessionCookieSerializer(AuthProperties properties) {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(properties.session().cookieName());
        cookie.setCookiePath("/");
        cookie.setUseSecureCookie(true);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite(properties.session().sameSite());
        return cookie;
    }

    @Bean
    static BeanPostProcessor coarseSessionAccessTimes(ObjectProvider<AuthProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JdbcIndexedSessionRepository jdbc) {
                    return new CoarseAccessSessionRepository<>(jdbc,
                            BrowserSessions.storeGranularity(properties.getObject().session().idleTimeout()));
                }
                return bean;
            }
        };
    }

    /** The repository's request scope, one place before Spring Session's filter (whose order may be configured). */
    @Bean
    FilterRegistrationBean<CoarseAccessSessionRepository.RequestScope> sessionRequestScope(
            ObjectProvider<SessionProperties> sessions) {
        SessionProperties properties = sessions.getIfAvailable();
        int sessionFilter = properties == null ? SessionRepositoryFilter.DEFAULT_ORDER
                : properties.getServlet().getFilterOrder();
        FilterRegistrationBean<CoarseAccessSessionRepository.RequestScope> registration =
                new FilterRegistrationBean<>(new CoarseAccessSessionRepository.RequestScope());
        // Spring Session's filter at the very first order leaves no place before it: refused at start-up.
        registration.setOrder(Math.subtractExact(sessionFilter, 1));
        return registration;
    }
}
