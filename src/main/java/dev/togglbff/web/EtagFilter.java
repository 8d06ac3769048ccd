package dev.togglbff.web;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/**
 * Conditional {@code GET} for the API: every {@code GET}/{@code HEAD} under {@code /api/} answered
 * {@code 200} with a JSON body gets a strong {@code ETag} (base64url of the first 16 bytes of the
 * SHA-256 of the body, unless the handler set its own) and {@code Cache-Control: private, no-cache},
 * so browsers revalidate and shared caches keep out. When {@code If-None-Match} matches (weak
 * comparison, lists and {@code *} as RFC 9110 says) the answer is {@code 304} without a body but with
 * the headers the handler set ({@code ETag}, {@code Cache-Status}, quota headers).
 * <p>
 * It runs outside Spring Security so that it sees, and replaces, the security chain's
 * {@code no-store} headers. Errors, other methods and other statuses pass through unchanged; nothing
 * outside {@code /api/} is buffered.
 */
@Component
class EtagFilter extends OncePerRequestFilter {

    static final String CACHE_CONTROL = "private, no-cache";
    private static final int TAG_BYTES = 16;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return true;
        }
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        // An async handler finishes on the async dispatch; the tag is computed there.
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper existing = WebUtils.getNativeResponse(response,
                ContentCachingResponseWrapper.class);
        ContentCachingResponseWrapper buffered = existing != null ? existing
                : new ContentCachingResponseWrapper(response);
        chain.doFilter(request, buffered);
        if (!isAsyncStarted(request)) {
            finish(request, buffered);
        }
    }

    private static void finish(HttpServletRequest request, ContentCachingResponseWrapper response)
            throws IOException {
        if (response.getStatus() == HttpServletResponse.SC_OK && isJson(response.getContentType())
                && !response.isCommitted()) {
            String etag = response.getHeader(HttpHeaders.ETAG);
            if (etag == null) {
                etag = tagOf(response.getContentAsByteArray());
                response.setHeader(HttpHeaders.ETAG, etag);
            }
            response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
            response.setHeader(HttpHeaders.PRAGMA, null);
            response.setHeader(HttpHeaders.EXPIRES, null);
            if (matches(request, etag)) {
                response.resetBuffer();
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                response.setContentType(null);
            }
        }
        response.copyBodyToResponse();
    }

    /** The strong entity tag of a body: {@code "} + base64url of the first 16 bytes of its SHA-256 + {@code "}. */
    static String tagOf(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, TAG_BYTES))
                    + '"';
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Whether any {@code If-None-Match} entity tag matches the current one (weak comparison, or {@code *}). */
    private static boolean matches(HttpServletRequest request, String currentTag) {
        ETag current = ETag.create(currentTag);
        for (String header : Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH))) {
            for (ETag candidate : ETag.parse(header)) {
                if (candidate.isWildcard() || candidate.compare(current, false)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isJson(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
        }
        catch (InvalidMediaTypeException ex) {
            return false;
        }
    }
}
