package dev.togglbff.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;

/** A session is written when it is new or changed, or when its stored access time lags by the granularity. */
class CoarseAccessSessionRepositoryTests {

    static final Duration GRANULARITY = Duration.ofMinutes(1);
    static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

    /** An in-memory store that counts its writes and hands out copies, as a database does. */
    static final class CountingStore implements FindByIndexNameSessionRepository<MapSession> {

        final Map<String, MapSession> rows = new HashMap<>();
        int writes;
        int reads;

        @Override
        public MapSession createSession() {
            MapSession session = new MapSession();
            session.setLastAccessedTime(START);
            return session;
        }

        @Override
        public void save(MapSession session) {
            writes++;
            rows.put(session.getId(), new MapSession(session));
        }

        @Override
        public @Nullable MapSession findById(String id) {
            reads++;
            MapSession row = rows.get(id);
            return row == null ? null : new MapSession(row);
        }

        @Override
        public void deleteById(String id) {
            rows.remove(id);
        }

        @Override
        public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            Map<String, MapSession> found = new HashMap<>();
            rows.forEach((id, row) -> {
                if (indexValue.equals(row.getAttribute(indexName))) {
                    found.put(id, new MapSession(row));
                }
            });
            return found;
        }
    }

    final CountingStore store = new CountingStore();
    final CoarseAccessSessionRepository<MapSession> repository = new CoarseAccessSessionRepository<>(store, GRANULARITY);

    String newSession() {
        CoarseAccessSessionRepository.Tracked<MapSession> session = repository.createSession();
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "user-1");
        repository.save(session);
        return session.getId();
    }

    /** One request: the session found by id, its access time moved as Spring Session's filter does, then saved. */
    CoarseAccessSessionRepository.Tracked<MapSession> request(String id, Instant at) {
        CoarseAccessSessionRepository.Tracked<MapSession> session = repository.findById(id);
        assertThat(session).isNotNull();
        session.setLastAccessedTime(at);
        return session;
    }

    @Test
    void aNewSessionIsWritten() {
        String id = newSession();
        assertThat(store.writes).isEqualTo(1);
        assertThat(store.rows).containsKey(id);
    }

    @Test
    void aRequestThatOnlyMovesTheAccessTimeWithinTheGranularityWritesNothing() {
        String id = newSession();
        for (int seconds = 1; seconds < 60; seconds += 7) {
            repository.save(request(id, START.plusSeconds(seconds)));
        }
        assertThat(store.writes).isEqualTo(1);
        assertThat(store.rows.get(id).getLastAccessedTime()).isEqualTo(START);
    }

    @Test
    void theAccessTimeIsWrittenOnceItLagsByTheGranularity() {
        String id = newSession();
        repository.save(request(id, START.plusSeconds(59)));
        repository.save(request(id, START.plusSeconds(60)));
        assertThat(store.writes).isEqualTo(2);
        assertThat(store.rows.get(id).getLastAccessedTime()).isEqualTo(START.plusSeconds(60));
        repository.save(request(id, START.plusSeconds(119)));
        assertThat(store.writes).as("the lag counts from the last write").isEqualTo(2);
    }

    @Test
    void anAttributeChangeIsWrittenWithTheAccessTime() {
        String id = newSession();
        CoarseAccessSessionRepository.Tracked<MapSession> session = request(id, START.plusSeconds(5));
        session.setAttribute("bff.lastSeenAt", 5L);
        repository.save(session);
        session = request(id, START.plusSeconds(6));
        session.removeAttribute("bff.lastSeenAt");
        repository.save(session);
        assertThat(store.writes).isEqualTo(3);
        assertThat(store.rows.get(id).getLastAccessedTime()).isEqualTo(START.plusSeconds(6));
        assertThat(store.rows.get(id).getAttributeNames()).doesNotContain("bff.lastSeenAt");
    }

    @Test
    void aNewIdOrTimeOutIsWrittenAndAnUnchangedTimeOutIsNot() {
        String id = newSession();
        CoarseAccessSessionRepository.Tracked<MapSession> session = request(id, START.plusSeconds(1));
        session.setMaxInactiveInterval(session.getMaxInactiveInterval());
        repository.save(session);
        assertThat(store.writes).isEqualTo(1);

        session = request(id, START.plusSeconds(2));
        session.setMaxInactiveInterval(Duration.ofMinutes(31));
        repository.save(session);
        assertThat(store.writes).isEqualTo(2);

        session = request(id, START.plusSeconds(3));
        String newId = session.changeSessionId();
        repository.save(session);
        assertThat(store.writes).isEqualTo(3);
        assertThat(store.rows).containsKey(newId);
    }

    @Test
    void lookupsByIndexAndDeletionReachTheStore() {
        String id = newSession();
        assertThat(repository.findByIndexNameAndIndexValue(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME,
                "user-1")).containsOnlyKeys(id);
        repository.deleteById(id);
        assertThat(repository.findById(id)).isNull();
    }

    /** A cookie call through Spring Session's filter, whose handler reads the session and commits its answer. */
    MockHttpServletResponse cookieCall(String id, Filter... filters) throws ServletException, IOException {
        HttpServlet handler = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                HttpSession session = request.getSession(false);
                assertThat(session).as("the request's session").isNotNull();
                response.getWriter().write(String.valueOf((Object) session.getAttribute(
                        FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME)));
                response.flushBuffer();
            }
        };
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
        request.setCookies(new Cookie("SESSION",
                Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8))));
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MockFilterChain(handler, filters).doFilter(request, response);
        return response;
    }

    @Test
    void withinTheRequestScopeACookieCallReadsItsSessionFromTheStoreOnce() throws Exception {
        String id = newSession();
        int writes = 0;
        for (int call = 1; call <= 3; call++) {
            int before = store.reads;
            MockHttpServletResponse response = cookieCall(id, new CoarseAccessSessionRepository.RequestScope(),
                    new SessionRepositoryFilter<>(repository));
            assertThat(response.getContentAsString()).isEqualTo("user-1");
            assertThat(response.getCookie("SESSION")).as("no new cookie for the session the call brought").isNull();
            assertThat(store.reads - before).as("store reads of call %d", call).isEqualTo(1);
            if (call == 1) {
                writes = store.writes;
            }
        }
        assertThat(store.writes).as("the access time stored by the first call (the session's is days old), then nothing")
            .isEqualTo(writes).isEqualTo(2);
    }

    /** What the scope saves: Spring Session, committing the answer and then ending the request, looks the session up twice. */
    @Test
    void withoutTheRequestScopeSpringSessionReadsTheSessionTwicePerCall() throws Exception {
        String id = newSession();
        int before = store.reads;
        cookieCall(id, new SessionRepositoryFilter<>(repository));
        assertThat(store.reads - before).isEqualTo(2);
    }

    @Test
    void theScopeEndsWithItsRequestAndForgetsADeletedSession() throws Exception {
        String id = newSession();
        CoarseAccessSessionRepository.RequestScope scope = new CoarseAccessSessionRepository.RequestScope();
        new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                CoarseAccessSessionRepository.Tracked<MapSession> session = request(id, START.plusSeconds(1));
                repository.save(session);
                int before = store.reads;
                assertThat(repository.findById(id)).as("the session this request saved").isSameAs(session);
                assertThat(store.reads).isEqualTo(before);
                repository.deleteById(id);
                assertThat(repository.findById(id)).as("after its deletion").isNull();
                repository.save(session);
                assertThat(repository.findById(id)).as("saved unchanged after its deletion: not in the store")
                    .isNull();
            }
        }, scope).doFilter(new MockHttpServletRequest(), new MockHttpServletResponse());

        String other = newSession();
        int before = store.reads;
        assertThat(repository.findById(other)).isNotNull();
        assertThat(repository.findById(other)).as("outside a request scope, every lookup reads the store").isNotNull();
        assertThat(store.reads - before).isEqualTo(2);
    }
}
