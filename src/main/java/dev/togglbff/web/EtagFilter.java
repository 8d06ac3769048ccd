package dev.togglbff.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

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
 * Cached reads answer from stored JSON ({@link StoredJson}): they set their own tag and
 * {@code Cache-Control} and decide {@code If-None-Match} before producing a body, and pass through
 * here unbuffered.
 * <p>
 * It runs outside Spring Security so that it sees, and replaces, the security chain's
 * {@code no-store} headers. Errors, other methods and other statuses pass through unchanged; nothing
 * outside {@code /api/} is buffered.
 */
@Component
class EtagFilter extends OncePerRequestFilter {

    static final String CACHE_CONTROL = StoredJson.CACHE_CONTROL;

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
        Tagging existing = WebUtils.getNativeResponse(response, Tagging.class);
        Tagging tagging = existing != null ? existing : new Tagging(request, response);
        chain.doFilter(request, tagging);
        if (!isAsyncStarted(request)) {
            finish(request, tagging);
        }
    }

    private static void finish(HttpServletRequest request, Tagging tagging) throws IOException {
        if (tagging.passesThrough()) {
            // A stored answer: tagged, conditional and written by its handler.
            return;
        }
        ContentCachingResponseWrapper response = tagging.buffered();
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
            if (StoredJson.notModified(request, etag)) {
                response.resetBuffer();
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                response.setContentType(null);
            }
        }
        response.copyBodyToResponse();
    }

    /** The strong entity tag of a body: {@code "} + base64url of the first 16 bytes of its SHA-256 + {@code "}. */
    static String tagOf(byte[] body) {
        return StoredJson.strongTag(body);
    }

    /**
     * The response as the chain sees it: passed straight through when the handler answered from
     * stored JSON ({@link StoredJson#markTagged}, known before any body or length is written),
     * otherwise buffered so that the body can be tagged. The buffer is made only when needed.
     */
    static final class Tagging extends HttpServletResponseWrapper {

        private final HttpServletRequest request;
        private @Nullable HttpServletResponse target;

        Tagging(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        boolean passesThrough() {
            return target() == getResponse();
        }

        ContentCachingResponseWrapper buffered() {
            return (ContentCachingResponseWrapper) target();
        }

        private HttpServletResponse target() {
            HttpServletResponse chosen = target;
            if (chosen == null) {
                HttpServletResponse raw = (HttpServletResponse) getResponse();
                chosen = request.getAttribute(StoredJson.TAGGED) != null ? raw : new ContentCachingResponseWrapper(raw);
                target = chosen;
            }
            return chosen;
        }

        private static boolean isLength(String name) {
            return HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name);
        }

        @Override
        public void sendError(int sc) throws IOException {
            target().sendError(sc);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            target().sendError(sc, msg);
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            target().sendRedirect(location);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            return target().getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            return target().getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            target().flushBuffer();
        }

        @Override
        public void setContentLength(int len) {
            target().setContentLength(len);
        }

        @Override
        public void setContentLengthLong(long len) {
            target().setContentLengthLong(len);
        }

        @Override
        public boolean containsHeader(String name) {
            return isLength(name) ? target().containsHeader(name) : super.containsHeader(name);
        }

        @Override
        public void setHeader(String name, @Nullable String value) {
            if (isLength(name)) {
                target().setHeader(name, value);
            }
            else {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, @Nullable String value) {
            if (isLength(name)) {
                target().addHeader(name, value);
            }
            else {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setIntHeader(String name, int value) {
            if (isLength(name)) {
                target().setIntHeader(name, value);
            }
            else {
                super.setIntHeader(name, value);
            }
        }

        @Override
        public void addIntHeader(String name, int value) {
            if (isLength(name)) {
                target().addIntHeader(name, value);
            }
            else {
                super.addIntHeader(name, value);
            }
        }

        @Override
        public @Nullable String getHeader(String name) {
            return isLength(name) ? target().getHeader(name) : super.getHeader(name);
        }

        @Override
        public Collection<String> getHeaders(String name) {
            return isLength(name) ? target().getHeaders(name) : super.getHeaders(name);
        }

        @Override
        public Collection<String> getHeaderNames() {
            return target().getHeaderNames();
        }

        @Override
        public void setBufferSize(int size) {
            target().setBufferSize(size);
        }

        @Override
        public void resetBuffer() {
            target().resetBuffer();
        }

        @Override
        public void reset() {
            target().reset();
        }
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
