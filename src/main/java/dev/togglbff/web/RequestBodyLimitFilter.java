package dev.togglbff.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code bff.web.max-request-body} with {@code 413 PAYLOAD_TOO_LARGE}
 * before anything else reads them: at once when {@code Content-Length} says so, and while
 * reading for chunked bodies.
 */
@Component
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final Problems problems;
    private final long maxBytes;

    RequestBodyLimitFilter(Problems problems, WebProperties properties) {
        this.problems = problems;
        this.maxBytes = properties.maxRequestBody().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            problems.write(request, response, ErrorCode.PAYLOAD_TOO_LARGE, 413, tooLargeDetail(maxBytes), null);
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    static String tooLargeDetail(long maxBytes) {
        return "The request body is larger than the limit of " + maxBytes + " bytes.";
    }

    /** Thrown while reading a body that turns out to be larger than the limit. */
    static final class BodyTooLargeException extends IOException {

        final long maxBytes;

        BodyTooLargeException(long maxBytes) {
            super(tooLargeDetail(maxBytes));
            this.maxBytes = maxBytes;
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private @Nullable ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long maxBytes;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long maxBytes) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
