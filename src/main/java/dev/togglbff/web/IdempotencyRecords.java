package dev.togglbff.web;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The {@code idempotency_records} table: one row per caller and {@code Idempotency-Key}, claimed
 * ({@code IN_PROGRESS}) by the first request and completed with its answer. The primary key makes
 * exactly one of several concurrent requests win the claim.
 */
@Component
class IdempotencyRecords {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyRecords.class);

    enum State {
        IN_PROGRESS, COMPLETED
    }

    /** A stored record; the answer fields are set once it is {@link State#COMPLETED}. */
    record Stored(String fingerprint, State state, int status, @Nullable String contentType,
            @Nullable String location, byte[] body, Instant createdAt, Instant expiresAt) {
    }

    /** The answer of a completed first request. */
    record Answer(int status, @Nullable String contentType, @Nullable String location, byte[] body) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    IdempotencyRecords(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Claims the key for a first request; false when a record for it exists already. */
    boolean claim(String caller, String key, String fingerprint, Instant now, Instant expiresAt) {
        try {
            jdbc.sql("INSERT INTO idempotency_records (caller, idem_key, request_fingerprint, state, created_at, "
                    + "expires_at) VALUES (:caller, :key, :fingerprint, :state, :createdAt, :expiresAt)")
                .param("caller", caller)
                .param("key", key)
                .param("fingerprint", fingerprint)
                .param("state", State.IN_PROGRESS.name())
                .param("createdAt", Timestamp.from(now))
                .param("expiresAt", Timestamp.from(expiresAt))
                .update();
            return true;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    Optional<Stored> find(String caller, String key) {
        return jdbc.sql("SELECT request_fingerprint, state, status, content_type, location, response_body, created_at, "
                + "expires_at "
                + "FROM idempotency_records WHERE caller = :caller AND idem_key = :key")
            .param("caller", caller)
            .param("key", key)
            .query((rs, n) -> {
                byte[] body = rs.getBytes("response_body");
                return new Stored(rs.getString("request_fingerprint"), State.valueOf(rs.getString("state")),
                        rs.getInt("status"), rs.getString("content_type"), rs.getString("location"),
                        body != null ? body : new byte[0], rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant());
            })
            .optional();
    }

    /** Stores the answer of the request that claimed the key. */
    void complete(String caller, String key, Answer answer) {
        jdbc.sql("UPDATE idempotency_records SET state = :completed, status = :status, content_type = :contentType, "
                + "location = :location, response_body = :body "
                + "WHERE caller = :caller AND idem_key = :key AND state = :inProgress")
            .param("completed", State.COMPLETED.name())
            .param("status", answer.status())
            .param("contentType", answer.contentType())
            .param("location", answer.location())
            .param("body", answer.body())
            .param("caller", caller)
            .param("key", key)
            .param("inProgress", State.IN_PROGRESS.name())
            .update();
    }

    /** Gives up a claim whose request did not finish, so that the caller can try again. */
    void release(String caller, String key) {
        jdbc.sql("DELETE FROM idempotency_records WHERE caller = :caller AND idem_key = :key AND state = :inProgress")
            .param("caller", caller)
            .param("key", key)
            .param("inProgress", State.IN_PROGRESS.name())
            .update();
    }

    /**
     * Deletes a claim made before {@code claimedBefore} that never completed: its request died with
     * the instance that ran it, and would otherwise block the key until it expires.
     */
    void deleteIfAbandoned(String caller, String key, Instant claimedBefore) {
        jdbc.sql("DELETE FROM idempotency_records WHERE caller = :caller AND idem_key = :key AND state = :inProgress "
                + "AND created_at <= :before")
            .param("caller", caller)
            .param("key", key)
            .param("inProgress", State.IN_PROGRESS.name())
            .param("before", Timestamp.from(claimedBefore))
            .update();
    }

    /** Deletes the record of a key if it has expired by {@code now}. */
    void deleteIfExpired(String caller, String key, Instant now) {
        jdbc.sql("DELETE FROM idempotency_records WHERE caller = :caller AND idem_key = :key AND expires_at <= :now")
            .param("caller", caller)
            .param("key", key)
            .param("now", Timestamp.from(now))
            .update();
    }

    /** Deletes every expired record; runs every {@code bff.web.idempotency.cleanup-interval}. */
    @Scheduled(initialDelayString = "${bff.web.idempotency.cleanup-interval}",
            fixedDelayString = "${bff.web.idempotency.cleanup-interval}")
    int deleteExpired() {
        int deleted = jdbc.sql("DELETE FROM idempotency_records WHERE expires_at <= :now")
            .param("now", Timestamp.from(clock.instant()))
            .update();
        if (deleted > 0) {
            log.debug("Deleted {} expired idempotency records", deleted);
        }
        return deleted;
    }
}
