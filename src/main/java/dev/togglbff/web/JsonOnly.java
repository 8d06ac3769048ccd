package dev.togglbff.web;

import java.lang.reflect.Type;
import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.ResourceHttpMessageConverter;
import org.springframework.http.converter.ResourceRegionHttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API reads and writes JSON only. Spring MVC would also read and write every format whose
 * library happens to be on the classpath, and springdoc brings two: Jackson 2's YAML module and the
 * JAXB API. A YAML body would then be read by a Jackson 2 mapper that knows nothing of
 * {@link StrictJson} (a quoted number taken for a number), and {@code Accept: application/yaml}
 * would get YAML. So:
 * <ul>
 * <li>the message converters are those of JSON (Jackson 3), text, bytes and resources (the
 * OpenAPI document and Swagger UI); a body of any other type is {@code 415};</li>
 * <li>an {@code /api/**} handler that answers with a body is not run when the {@code Accept}
 * header allows no JSON: {@code 406} before it can spend Toggl quota on an answer the caller would
 * refuse. Handlers that answer without a body (a redirect, {@code 204}) run as before.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class JsonOnly implements WebMvcConfigurer {

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(converters -> converters.removeIf(converter -> !kept(converter)));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AcceptCheck()).addPathPatterns("/api/**");
    }

    /** Whether a converter stays: bytes, text and resources as they are, and JSON. */
    static boolean kept(HttpMessageConverter<?> converter) {
        return converter instanceof ByteArrayHttpMessageConverter || converter instanceof StringHttpMessageConverter
                || converter instanceof ResourceHttpMessageConverter
                || converter instanceof ResourceRegionHttpMessageConverter
                || converter.getSupportedMediaTypes().stream().allMatch(JsonOnly::json);
    }

    private static boolean json(MediaType type) {
        return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                || "application".equals(type.getType()) && type.getSubtype().endsWith("+json");
    }

    /** Refuses, before the handler runs, a request for a JSON answer whose Accept allows no JSON. */
    static final class AcceptCheck implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            // The Accept header first: nearly every request passes it, and the handler's return
            // type is then never looked at.
            ApiException refusal = refusal(request);
            if (refusal != null && handler instanceof HandlerMethod method && answersWithBody(method)) {
                throw refusal;
            }
            return true;
        }

        /**
         * The {@code 406 VALIDATION_FAILED} for a request whose {@code Accept} allows no JSON, or
         * nothing when it allows JSON (or says nothing). Checked here for every answer, stored JSON
         * included (it goes out with its type set, which Spring MVC does not negotiate again).
         */
        static @Nullable ApiException refusal(HttpServletRequest request) {
            Enumeration<String> headers = request.getHeaders(HttpHeaders.ACCEPT);
            boolean any = false;
            while (headers != null && headers.hasMoreElements()) {
                String header = headers.nextElement();
                if (header.isBlank()) {
                    continue;
                }
                any = true;
                try {
                    for (MediaType type : MediaType.parseMediaTypes(header)) {
                        if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                            return null;
                        }
                    }
                }
                catch (InvalidMediaTypeException ex) {
                    return ApiException.withStatus(ErrorCode.VALIDATION_FAILED, 406, "The Accept header is not valid.");
                }
            }
            return any ? ApiException.withStatus(ErrorCode.VALIDATION_FAILED, 406,
                    "The answer is application/json, which the Accept header does not allow.") : null;
        }

        /** Whether the handler's declared answer has a body: not void and not an entity of Void. */
        static boolean answersWithBody(HandlerMethod method) {
            Class<?> type = method.getReturnType().getParameterType();
            if (type == void.class || type == Void.class) {
                return false;
            }
            if (HttpEntity.class.isAssignableFrom(type)) {
                Type body = ResolvableType.forMethodParameter(method.getReturnType()).as(HttpEntity.class)
                    .getGeneric(0).getType();
                return body != Void.class;
            }
            return true;
        }
    }
}
