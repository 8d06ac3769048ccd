package dev.togglbff.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.togglbff.web.Sha256;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * Server-side browser sessions, kept by Spring Session in the database so that every replica
 * knows every session. A session holds only the user's id and name, a public handle (the id a
 * user sees when listing sessions; the cookie's value is never shown), the user agent and two
 * times on the service's clock: the sign-in and the last call (stored again once it lags by a
 * thirtieth of the idle time-out, at most a minute). The idle and absolute time-outs are checked
 * against those times on every call. A session signed in through an OIDC provider
 * also holds the provider's issuer, subject and session id ({@code sid}), and two marker
 * attributes named after hashes of them, by which a back-channel logout finds it.
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
    static final String OIDC_ISSUER = "bff.oidc.issuer";
    static final String OIDC_SUBJECT = "bff.oidc.subject";
    static final String OIDC_SID = "bff.oidc.sid";
    private static final String SID_MARKER = "bff.oidc.sid#";
    private static final String SUBJECT_MARKER = "bff.oidc.sub#";
    private static final int MAX_AGENT = 256;
    private static final Duration MAX_SEEN_LAG = Duration.ofMinutes(1);

    /** The provider-side identity of a session signed in through OIDC. */
    record OidcIdentity(String issuer, String subject, @Nullable String sid) {
    }

    /** One session as its owner sees it. */
    record Details(String handle, UUID userId, String username, String userAgent, Instant createdAt,
            Instant lastSeenAt, Instant expiresAt) {
    }

    private final FindByIndexNameSessionRepository<? extends Session> repository;
    private final AuthProperties.Session settings;
    private final Clock clock;
    private final JdbcClient jdbc;

    BrowserSessions(FindByIndexNameSessionRepository<? extends Session> repository, AuthProperties properties,
            Clock clock, JdbcClient jdbc) {
        this.repository = repository;
        this.settings = properties.session();
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /**
     * Starts a session for a user who has just proved who they are. Any session the request
     * already names is ended first, so the cookie's value always changes at sign-in (no fixation).
     */
    Details start(HttpServletRequest request, CurrentUser user) {
        return start(request, user, null);
    }

    /** Starts a session, as above, for a user signed in through an OIDC provider when {@code oidc} is given. */
    Details start(HttpServletRequest request, CurrentUser user, @Nullable OidcIdentity oidc) {
        HttpSession previous = request.getSession(false);
        if (previous != null) {
            previous.invalidate();
        }
        HttpSession session = request.getSession(true);
        Instant now = clock.instant();
        // The store's own expiry: the idle time-out plus the lag its last-access time may have.
        session.setMaxInactiveInterval((int) settings.idleTimeout().plus(seenGranularity()).toSeconds());
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user.id().toString());
        session.setAttribute(USER_ID, user.id().toString());
        session.setAttribute(USERNAME, user.username());
        session.setAttribute(HANDLE, UUID.randomUUID().toString());
        session.setAttribute(CREATED, now.toEpochMilli());
        session.setAttribute(SEEN, now.toEpochMilli());
        session.setAttribute(AGENT, userAgent(request));
        if (oidc != null) {
            session.setAttribute(OIDC_ISSUER, oidc.issuer());
            session.setAttribute(OIDC_SUBJECT, oidc.subject());
            session.setAttribute(SUBJECT_MARKER + digest(oidc.issuer(), oidc.subject()), Boolean.TRUE);
            if (oidc.sid() != null) {
                session.setAttribute(OIDC_SID, oidc.sid());
                session.setAttribute(SID_MARKER + digest(oidc.issuer(), oidc.sid()), Boolean.TRUE);
            }
        }
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
        Details current = details.get();
        if (!now.isBefore(current.lastSeenAt().plus(seenGranularity()))) {
            session.setAttribute(SEEN, now.toEpochMilli());
        }
        return Optional.of(new Details(current.handle(), current.userId(), current.username(), current.userAgent(),
                current.createdAt(), now, expiry(current.createdAt(), now)));
    }

    /** The OIDC identity of the session the request names, when it was signed in through a provider. */
    Optional<OidcIdentity> oidcIdentity(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(OIDC_ISSUER) instanceof String issuer)
                || !(session.getAttribute(OIDC_SUBJECT) instanceof String subject)) {
            return Optional.empty();
        }
        return Optional.of(new OidcIdentity(issuer, subject,
                session.getAttribute(OIDC_SID) instanceof String sid ? sid : null));
    }

    /**
     * Ends the sessions a provider's back-channel logout names: those of its session id when
     * {@code sid} is given (and of its subject, when that is given too), else every session of its
     * subject. Returns how many were ended.
     */
    int endOidc(String issuer, @Nullable String sid, @Nullable String subject) {
        String marker = sid != null ? SID_MARKER + digest(issuer, sid)
                : SUBJECT_MARKER + digest(issuer, java.util.Objects.requireNonNull(subject));
        List<String> ids = jdbc.sql("""
                SELECT s.session_id FROM spring_session s
                JOIN spring_session_attributes a ON a.session_primary_id = s.primary_id
                WHERE a.attribute_name = :marker""")
            .param("marker", marker)
            .query(String.class)
            .list();
        int ended = 0;
        for (String id : ids) {
            Session session = repository.findById(id);
            if (session != null && (subject == null || subject.equals(session.getAttribute(OIDC_SUBJECT)))) {
                repository.deleteById(id);
                ended++;
            }
        }
        log.info("Back-channel logout from {} ended {} browser session(s)", issuer, ended);
        return ended;
    }

    private static String digest(String issuer, String value) {
        byte[] hash = Sha256.digest((issuer + '\n' + value).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
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

    private Duration seenGranularity() {
        return storeGranularity(settings.idleTimeout());
    }

    /**
     * How far a stored time of a session's last call may lag behind the call: a thirtieth of the
     * idle time-out, at most a minute. Both the session's last-seen time and the store's last-access
     * time ({@link CoarseAccessSessionRepository}) are written again only once they lag by this much:
     * writing them on every call would add a database write to every cookie request. A busy session
     * writes about once a minute, and an idle time-out ends a session at most that much early.
     */
    static Duration storeGranularity(Duration idleTimeout) {
        Duration share = idleTimeout.dividedBy(30);
        return share.compareTo(MAX_SEEN_LAG) < 0 ? share : MAX_SEEN_LAG;
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
