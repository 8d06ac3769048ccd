package dev.togglbff.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;

/** A session is written when it is new or changed, or when its stored access time lags by the granularity. */
class CoarseAccessSessionRepositoryTests {

    static final Duration GRANULARITY = Duration.ofMinutes(1);
    static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

    /** An in-memory store that counts its writes and hands out copies, as a database does. */
    static final class CountingStore implements FindByIndexNameSessionRepository<MapSession> {

        final Map<String, MapSession> rows = new HashMap<>();
        int writes;

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
}
