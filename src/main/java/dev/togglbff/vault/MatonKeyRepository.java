package dev.togglbff.vault;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code maton_keys} through plain SQL that runs on PostgreSQL and on H2 in PostgreSQL mode. */
@Repository
class MatonKeyRepository {

    private static final String COLUMNS = "user_id, ciphertext, nonce, wrapped_data_key, data_key_nonce, "
            + "master_key_id, fingerprint, connection_id, verified_at, created_at, updated_at";

    /** A record id and the master key that wraps it: what the rotation scans. */
    record KeyRef(UUID userId, String masterKeyId) {
    }

    private final JdbcClient jdbc;

    MatonKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<MatonKeyRecord> find(UUID userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maton_keys WHERE user_id = ?")
            .param(userId)
            .query(MatonKeyRepository::map)
            .optional();
    }

    /** The record, locked until the end of the current transaction. */
    Optional<MatonKeyRecord> findForUpdate(UUID userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maton_keys WHERE user_id = ? FOR UPDATE")
            .param(userId)
            .query(MatonKeyRepository::map)
            .optional();
    }

    void insert(MatonKeyRecord key) {
        SealedSecret sealed = key.sealed();
        jdbc.sql("INSERT INTO maton_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .params(key.userId(), sealed.ciphertext(), sealed.nonce(), sealed.wrappedDataKey(),
                    sealed.dataKeyNonce(), sealed.masterKeyId(), key.fingerprint(), key.connectionId(),
                    timestamp(key.verifiedAt()), timestamp(key.createdAt()), timestamp(key.updatedAt()))
            .update();
    }

    /** Replaces everything but {@code created_at}. */
    boolean replace(MatonKeyRecord key) {
        SealedSecret sealed = key.sealed();
        return jdbc.sql("""
                UPDATE maton_keys SET ciphertext = ?, nonce = ?, wrapped_data_key = ?, data_key_nonce = ?,
                    master_key_id = ?, fingerprint = ?, connection_id = ?, verified_at = ?, updated_at = ?
                WHERE user_id = ?""")
            .params(sealed.ciphertext(), sealed.nonce(), sealed.wrappedDataKey(), sealed.dataKeyNonce(),
                    sealed.masterKeyId(), key.fingerprint(), key.connectionId(), timestamp(key.verifiedAt()),
                    timestamp(key.updatedAt()), key.userId())
            .update() == 1;
    }

    /** Stores a re-wrapped data key, provided the record is still wrapped by {@code expectedMasterKeyId}. */
    boolean replaceWrapping(UUID userId, String expectedMasterKeyId, SealedSecret rewrapped) {
        return jdbc.sql("""
                UPDATE maton_keys SET wrapped_data_key = ?, data_key_nonce = ?, master_key_id = ?
                WHERE user_id = ? AND master_key_id = ?""")
            .params(rewrapped.wrappedDataKey(), rewrapped.dataKeyNonce(), rewrapped.masterKeyId(), userId,
                    expectedMasterKeyId)
            .update() == 1;
    }

    boolean updateConnection(UUID userId, @Nullable String connectionId, Instant updatedAt) {
        return jdbc.sql("UPDATE maton_keys SET connection_id = ?, updated_at = ? WHERE user_id = ?")
            .params(connectionId, timestamp(updatedAt), userId)
            .update() == 1;
    }

    boolean delete(UUID userId) {
        return jdbc.sql("DELETE FROM maton_keys WHERE user_id = ?").param(userId).update() == 1;
    }

    /** Up to {@code limit} record ids after {@code after} (from the start when null), in id order. */
    List<KeyRef> page(@Nullable UUID after, int limit) {
        JdbcClient.StatementSpec statement = after == null
                ? jdbc.sql("SELECT user_id, master_key_id FROM maton_keys ORDER BY user_id LIMIT ?").param(limit)
                : jdbc.sql("SELECT user_id, master_key_id FROM maton_keys WHERE user_id > ? ORDER BY user_id LIMIT ?")
                    .params(after, limit);
        return statement
            .query((rs, row) -> new KeyRef(rs.getObject("user_id", UUID.class), rs.getString("master_key_id")))
            .list();
    }

    private static MatonKeyRecord map(ResultSet rs, int row) throws SQLException {
        SealedSecret sealed = new SealedSecret(rs.getBytes("ciphertext"), rs.getBytes("nonce"),
                rs.getBytes("wrapped_data_key"), rs.getBytes("data_key_nonce"), rs.getString("master_key_id"));
        return new MatonKeyRecord(rs.getObject("user_id", UUID.class), sealed, rs.getString("fingerprint"),
                rs.getString("connection_id"), instant(rs, "verified_at"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
