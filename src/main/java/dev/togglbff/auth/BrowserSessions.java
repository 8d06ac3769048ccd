package dev.togglbff.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * Server-side browser sessions, kept by Spring Session in the database so that every replica
 * knows every session. A session holds only the user's id and name, a public handle (the id a
 * user sees when listing sessions; the cookie's value is never shown), the user agent and two
 * times on the service's clock: the sign-in and the last call. The idle and absolute time-outs
 * are checked against those times on every call.
 */
@Component
class BrowserSessions {

    private static final Logger log = LoggerFactory.getLogger(BrowserSessions.class);

    static final String USER_ID = "bff.userId";
    static final String USERNAME = "bff.username";
    static final String HANDLE = "bff.handle";
    static final String CREATED = "bff.createdAt";
    static final String SEEN = "bff.lastSeenAt";
    static final String AGENT = "bff.userAgent";
    private static final int MAX_AGENT = 256;

    /** One session as its owner sees it. */
    record Details(String handle, UUID userId, String username, String userAgent, Instant createdAt,
            Instant lastSeenAt, Instant expiresAt) {
    }

    private final FindByIndexNameSessionRepository<? extends Session> repository;
    private final AuthProperties.Session settings;
    private final Clock clock;

    BrowserSessions(FindByIndexNameSessionRepository<? extends Session> repository, AuthProperties properties,
            Clock clock) {
        this.repository = repository;
        this.settings = properties.session();
        this.clock = clock;
    }

    /**
     * Starts a session for a user who has just proved who they are. Any session the request
     * already names is ended first, so the cookie's value always changes at sign-in (no fixation).
     */
    Details start(HttpServletRequest request, CurrentUser user) {
        HttpSession previous = request.getSession(false);
        if (previous != null) {
            previous.invalidate();
        }
        HttpSession session = request.getSession(true);
        Instant now = clock.instant();
        session.setMaxInactiveInterval((int) settings.idleTimeout().toSeconds());
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user.id().toString());
        session.setAttribute(USER_ID, user.id().toString());
        session.setAttribute(USERNAME, user.username());
        session.setAttribute(HANDLE, UUID.randomUUID().toString());
        session.setAttribute(CREATED, now.toEpochMilli());
        session.setAttribute(SEEN, now.toEpochMilli());
        session.setAttribute(AGENT, userAgent(request));
        Details details = details(session::getAttribute).orElseThrow();
        log.info("Browser session {} started for user {}", details.handle(), user.id());
        return details;
    }

    /**
     * The live session the request names, its last-seen time moved to now; a session past its
     * idle or absolute time-out is ended instead.
     */
    Optional<Details> touch(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        Optional<Details> details = details(session::getAttribute);
        if (details.isEmpty() || expired(details.get())) {
            details.ifPresent(d -> log.info("Browser session {} of user {} timed out", d.handle(), d.userId()));
            session.invalidate();
            return Optional.empty();
        }
        Instant now = clock.instant();
        session.setAttribute(SEEN, now.toEpochMilli());
        Details current = details.get();
        return Optional.of(new Details(current.handle(), current.userId(), current.username(), current.userAgent(),
                current.createdAt(), now, expiry(current.createdAt(), now)));
    }

    /** Ends the session the request names, if any. */
    void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            details(session::getAttribute).ifPresent(d -> log.info("Browser session {} of user {} signed out",
                    d.handle(), d.userId()));
            session.invalidate();
        }
    }

    /** The user's live sessions, most recently used first. */
    List<Details> of(UUID userId) {
        return live(userId).values().stream()
            .sorted(Comparator.comparing(Details::lastSeenAt).reversed())
            .toList();
    }

    /** Ends one of the user's sessions by its handle; false when the user has no such session. */
    boolean revoke(UUID userId, String handle) {
        for (Map.Entry<String, Details> session : live(userId).entrySet()) {
            if (session.getValue().handle().equals(handle)) {
                repository.deleteById(session.getKey());
                log.info("Browser session {} of user {} revoked", handle, userId);
                return true;
            }
        }
        return false;
    }

    /** Ends every session of the user (on every device); returns how many were ended. */
    int revokeAll(UUID userId) {
        Map<String, ? extends Session> sessions = repository.findByPrincipalName(userId.toString());
        sessions.keySet().forEach(repository::deleteById);
        log.info("All {} browser sessions of user {} revoked", sessions.size(), userId);
        return sessions.size();
    }

    private Map<String, Details> live(UUID userId) {
        Map<String, Details> live = new java.util.LinkedHashMap<>();
        repository.findByPrincipalName(userId.toString()).forEach((id, session) -> {
            Optional<Details> details = details(session::getAttribute);
            if (details.isEmpty() || expired(details.get())) {
                repository.deleteById(id);
            }
            else if (details.get().userId().equals(userId)) {
                live.put(id, details.get());
            }
        });
        return live;
    }

    private boolean expired(Details details) {
        return !clock.instant().isBefore(details.expiresAt());
    }

    private Instant expiry(Instant created, Instant lastSeen) {
        Instant idle = lastSeen.plus(settings.idleTimeout());
        Instant absolute = created.plus(settings.absoluteTimeout());
        return idle.isBefore(absolute) ? idle : absolute;
    }

    private interface Attributes {

        @Nullable Object get(String name);
    }

    private Optional<Details> details(Attributes attributes) {
        if (!(attributes.get(USER_ID) instanceof String userId) || !(attributes.get(USERNAME) instanceof String username)
                || !(attributes.get(HANDLE) instanceof String handle) || !(attributes.get(CREATED) instanceof Long created)
                || !(attributes.get(SEEN) instanceof Long seen)) {
            return Optional.empty();
        }
        String agent = attributes.get(AGENT) instanceof String value ? value : "";
        Instant createdAt = Instant.ofEpochMilli(created);
        Instant lastSeenAt = Instant.ofEpochMilli(seen);
        return Optional.of(new Details(handle, UUID.fromString(userId), username, agent, createdAt, lastSeenAt,
                expiry(createdAt, lastSeenAt)));
    }

    private static String userAgent(HttpServletRequest request) {
        String agent = request.getHeader(HttpHeaders.USER_AGENT);
        if (agent == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(Math.min(agent.length(), MAX_AGENT));
        agent.codePoints().limit(MAX_AGENT).filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
        return clean.toString();
    }
}
