package dev.togglbff.auth;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The browser sessions' store in front of Spring Session's JDBC repository, which writes a session's
 * last-access time back on every request that uses it: an {@code UPDATE} per cookie call, each
 * waiting for a pooled connection and the database's commit. This repository skips that write while
 * nothing else about the session changed and the stored time lags the new one by less than the
 * granularity (the same a thirtieth of the idle time-out, at most a minute, at which a session
 * stores its last-seen time; see {@link BrowserSessions}). A new session, a changed attribute, id or
 * time-out, and a lag past the granularity are written as before. The stored expiry can then be
 * early by up to the granularity, so sessions are stored with their idle time-out plus it; the
 * idle time-out itself is enforced by {@link BrowserSessions} on the service's clock.
 * <p>
 * Spring Session's filter saves a request's session twice: when the response is committed (so that
 * the row exists before the client can send the cookie back) and when the request ends. Before the
 * second save it has forgotten the session it read and looks it up in the store again, a second
 * {@code SELECT} per cookie call that only tells it the session's id once more. While
 * {@link RequestScope} is open around Spring Session's filter, the session the request saved is what
 * a lookup of its id finds for the rest of that request, unless the request deleted it. Nothing is
 * kept between requests: every replica reads the same rows.
 */
final class CoarseAccessSessionRepository<S extends Session>
        implements FindByIndexNameSessionRepository<CoarseAccessSessionRepository.Tracked<S>> {

    /** The session the request on this thread saved last, while a {@link RequestScope} is open. */
    private static final ThreadLocal<Saved> SAVED = new ThreadLocal<>();

    private final FindByIndexNameSessionRepository<S> delegate;
    private final Duration granularity;

    CoarseAccessSessionRepository(FindByIndexNameSessionRepository<S> delegate, Duration granularity) {
        this.delegate = delegate;
        this.granularity = granularity;
    }

    @Override
    public Tracked<S> createSession() {
        return new Tracked<>(delegate.createSession(), null);
    }

    @Override
    public void save(Tracked<S> session) {
        if (session.needsWriting(granularity)) {
            delegate.save(session.delegate);
            session.written();
        }
        Saved saved = SAVED.get();
        if (saved != null && !saved.deleted.contains(session.getId())) {
            saved.repository = this;
            saved.session = session;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public @Nullable Tracked<S> findById(String id) {
        Saved saved = SAVED.get();
        if (saved != null && saved.repository == this && saved.holds(id)) {
            return (Tracked<S>) saved.session;
        }
        S found = delegate.findById(id);
        return found == null ? null : Tracked.stored(found);
    }

    @Override
    public void deleteById(String id) {
        Saved saved = SAVED.get();
        if (saved != null) {
            saved.deleted.add(id);
            if (saved.holds(id)) {
                saved.session = null;
            }
        }
        delegate.deleteById(id);
    }

    @Override
    public Map<String, Tracked<S>> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        Map<String, Tracked<S>> found = new LinkedHashMap<>();
        delegate.findByIndexNameAndIndexValue(indexName, indexValue)
            .forEach((id, session) -> found.put(id, Tracked.stored(session)));
        return found;
    }

    /** The session one request saved, the repository it went to, and the ids the request deleted. */
    private static final class Saved {

        private @Nullable CoarseAccessSessionRepository<?> repository;
        private @Nullable Tracked<?> session;
        /** Never remembered again within the request, whatever saves them afterwards. */
        private final Set<String> deleted = new HashSet<>(2);

        private boolean holds(String id) {
            return session != null && session.getId().equals(id);
        }
    }

    /**
     * One request's scope, registered just outside Spring Session's filter: within it, a lookup of
     * the session the request saved finds that session instead of reading the store again.
     */
    static final class RequestScope extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            // Registered for request dispatches, once per request: a forward or include runs
            // within this scope, so no scope ever opens inside another.
            SAVED.set(new Saved());
            try {
                chain.doFilter(request, response);
            }
            finally {
                SAVED.remove();
            }
        }
    }

    /** A session as one request sees it, knowing what of it the request changed. */
    static final class Tracked<S extends Session> implements Session {

        private final S delegate;
        /** The last-access time in the store, or null while the session was never written. */
        private @Nullable Instant storedAccess;
        private boolean changed;

        private Tracked(S delegate, @Nullable Instant storedAccess) {
            this.delegate = delegate;
            this.storedAccess = storedAccess;
        }

        static <S extends Session> Tracked<S> stored(S session) {
            return new Tracked<>(session, session.getLastAccessedTime());
        }

        boolean needsWriting(Duration granularity) {
            Instant stored = storedAccess;
            return stored == null || changed || !delegate.getLastAccessedTime().isBefore(stored.plus(granularity));
        }

        void written() {
            storedAccess = delegate.getLastAccessedTime();
            changed = false;
        }

        @Override
        public String getId() {
            return delegate.getId();
        }

        @Override
        public String changeSessionId() {
            changed = true;
            return delegate.changeSessionId();
        }

        @Override
        public <T> @Nullable T getAttribute(String attributeName) {
            return delegate.getAttribute(attributeName);
        }

        @Override
        public Set<String> getAttributeNames() {
            return delegate.getAttributeNames();
        }

        @Override
        public void setAttribute(String attributeName, @Nullable Object attributeValue) {
            changed = true;
            delegate.setAttribute(attributeName, attributeValue);
        }

        @Override
        public void removeAttribute(String attributeName) {
            changed = true;
            delegate.removeAttribute(attributeName);
        }

        @Override
        public Instant getCreationTime() {
            return delegate.getCreationTime();
        }

        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            delegate.setLastAccessedTime(lastAccessedTime);
        }

        @Override
        public Instant getLastAccessedTime() {
            return delegate.getLastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            if (!interval.equals(delegate.getMaxInactiveInterval())) {
                changed = true;
            }
            delegate.setMaxInactiveInterval(interval);
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return delegate.getMaxInactiveInterval();
        }

        @Override
        public boolean isExpired() {
            return delegate.isExpired();
        }
    }
}
