package dev.togglbff.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code users} table. */
@Repository
class UserRepository {

    private static final String COLUMNS = "id, username, display_name, password_hash, external_issuer, "
            + "external_subject, created_at, updated_at";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a user; a taken username or external identity raises {@link DuplicateKeyException}. */
    void insert(User user) {
        jdbc.sql("INSERT INTO users (" + COLUMNS + ") VALUES (:id, :username, :displayName, :passwordHash, "
                + ":issuer, :subject, :createdAt, :updatedAt)")
            .param("id", user.id())
            .param("username", user.username())
            .param("displayName", user.displayName())
            .param("passwordHash", user.passwordHash())
            .param("issuer", user.externalIssuer())
            .param("subject", user.externalSubject())
            .param("createdAt", Timestamp.from(user.createdAt()))
            .param("updatedAt", Timestamp.from(user.updatedAt()))
            .update();
    }

    Optional<User> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id").param("id", id).query(this::map)
            .optional();
    }

    boolean exists(UUID id) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE id = :id").param("id", id).query(Long.class).single() > 0;
    }

    List<User> findAllById(Collection<UUID> ids) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id IN (:ids)").param("ids", ids).query(this::map).list();
    }

    Optional<User> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE username = :username")
            .param("username", username)
            .query(this::map)
            .optional();
    }

    Optional<User> findByExternalIdentity(String issuer, String subject) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE external_issuer = :issuer AND external_subject = :subject")
            .param("issuer", issuer)
            .param("subject", subject)
            .query(this::map)
            .optional();
    }

    boolean usernameTaken(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE username = :username")
            .param("username", username)
            .query(Long.class)
            .single() > 0;
    }

    private User map(ResultSet rs, int row) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("display_name"),
                rs.getString("password_hash"), rs.getString("external_issuer"), rs.getString("external_subject"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }
}
