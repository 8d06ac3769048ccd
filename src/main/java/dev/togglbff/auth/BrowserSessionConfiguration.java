package dev.togglbff.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The browser session cookie: {@code __Host-} prefixed, HttpOnly, Secure, SameSite from
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
}
