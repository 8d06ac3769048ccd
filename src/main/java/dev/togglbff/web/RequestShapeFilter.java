package dev.togglbff.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests whose shape no handler could take, before anything reads them, on every path
 * (API, actuator, documentation): a query string that does not decode (a bad percent-escape such
 * as {@code %zz}, or bytes that are not UTF-8) is {@code 400 VALIDATION_FAILED}; a body whose
 * {@code Content-Type} is not one concrete media type ({@code application/*}, {@code * / *}, or
 * unparseable) is {@code 415}; a second {@code Authorization} header is {@code 400} (which one names
 * the caller would depend on who reads it: this service takes the first, a proxy may take the last).
 * All are client mistakes, logged at DEBUG.
 */
@Component
class RequestShapeFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestShapeFilter.class);

    private final Problems problems;

    RequestShapeFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && !decodes(query)) {
            log.debug("Refused a query string that does not decode on {}", request.getRequestURI());
            problems.write(request, response, ErrorCode.VALIDATION_FAILED, 400,
                    "The query string is malformed (a bad percent-escape or bytes that are not UTF-8).", null,
                    List.of(new FieldError("query", "does not decode")));
            return;
        }
        if (repeated(request, HttpHeaders.AUTHORIZATION)) {
            log.debug("Refused a request with more than one Authorization header on {}", request.getRequestURI());
            problems.write(request, response, ErrorCode.VALIDATION_FAILED, 400,
                    "A request carries one Authorization header at most.", null,
                    List.of(new FieldError("Authorization", "is repeated")));
            return;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && hasBody(request) && !concrete(contentType)) {
            log.debug("Refused a body of content type '{}' on {}", contentType, request.getRequestURI());
            problems.write(request, response, ErrorCode.VALIDATION_FAILED, 415,
                    "The Content-Type must be one concrete media type, such as application/json.", null);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether every percent-escape is two hex digits and the decoded bytes are UTF-8. */
    static boolean decodes(String query) {
        byte[] bytes = new byte[query.length()];
        int length = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length()) {
                    return false;
                }
                int high = Character.digit(query.charAt(i + 1), 16);
                int low = Character.digit(query.charAt(i + 2), 16);
                if (high < 0 || low < 0 || query.charAt(i + 1) > 'f' || query.charAt(i + 2) > 'f') {
                    return false;
                }
                bytes[length++] = (byte) (high << 4 | low);
                i += 2;
            }
            else if (c > 0x7F) {
                return false;
            }
            else {
                bytes[length++] = (byte) c;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, length));
            return true;
        }
        catch (CharacterCodingException ex) {
            return false;
        }
    }

    /** Whether the request carries the header more than once. */
    private static boolean repeated(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return false;
        }
        values.nextElement();
        return values.hasMoreElements();
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static boolean concrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isConcrete();
        }
        catch (InvalidMediaTypeException ex) {
            return false;
        }
    }
}
