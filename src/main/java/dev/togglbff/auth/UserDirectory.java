package dev.togglbff.auth;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

/** Read access to the users of the service, for the other modules. */
@Service
public class UserDirectory {

    /** What other modules may know of a user. */
    public record UserSummary(UUID id, String username, String displayName) {
    }

    private final UserRepository users;

    UserDirectory(UserRepository users) {
        this.users = users;
    }

    public Optional<UserSummary> findById(UUID id) {
        return users.findById(id).map(UserDirectory::summary);
    }

    /** Looks a username up the way sign-in does (case-insensitively). */
    public Optional<UserSummary> findByUsername(String username) {
        return users.findByUsername(AuthService.normalize(username)).map(UserDirectory::summary);
    }

    public Map<UUID, UserSummary> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<User> found = users.findAllById(ids);
        return found.stream().map(UserDirectory::summary).collect(Collectors.toMap(UserSummary::id, Function.identity()));
    }

    private static UserSummary summary(User user) {
        return new UserSummary(user.id(), user.username(), user.displayName());
    }
}
