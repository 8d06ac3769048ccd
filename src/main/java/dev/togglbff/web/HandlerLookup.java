package dev.togglbff.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Finding the handler of a request compares it with every route that has a path variable (all
 * team routes do), and each comparison asks the request for its method, through every request
 * wrapper the filter chain put around it. The lookup here reads the method once per request and
 * answers those questions from it; the routes and their matching rules are Spring MVC's own.
 */
@Configuration(proxyBeanMethods = false)
class HandlerLookup implements WebMvcRegistrations {

    @Override
    public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new RequestMappingHandlerMapping() {

            @Override
            protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
                    throws Exception {
                return super.lookupHandlerMethod(lookupPath, new MethodReadOnce(request));
            }
        };
    }

    /** The request with its method read once. */
    private static final class MethodReadOnce extends HttpServletRequestWrapper {

        private final String method;

        MethodReadOnce(HttpServletRequest request) {
            super(request);
            this.method = request.getMethod();
        }

        @Override
        public String getMethod() {
            return method;
        }
    }
}
