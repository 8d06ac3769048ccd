package dev.togglbff.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.togglbff.auth.AuthApi.RegisterRequest;
import dev.togglbff.auth.AuthApi.TokenResponse;
import dev.togglbff.auth.AuthApi.UserResponse;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import dev.togglbff.web.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.function.SingletonSupplier;

/** Registration, sign-in, token refresh and sign-out. */
@Service
class AuthService {

    private static final Logger log = LoggerFactory.getLogger(AuthService.class);
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final String BAD_CREDENTIALS = "The username or password is wrong.";

    private final UserRepository users;
    private final RefreshTokens refreshTokens;
    private final AccessTokens accessTokens;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    private final AuthProperties properties;
    private final Clock clock;
    /**
     * Compared against when the username is unknown, so that both cases cost one hash check. Made
     * by the first password check of any kind (known user or not), so that start-up does not pay
     * for a hash and the first check costs the same whichever the username.
     */
    private final SingletonSupplier<String> unknownUserHash;

    AuthService(UserRepository users, RefreshTokens refreshTokens, AccessTokens accessTokens,
            PasswordEncoder passwords, LoginThrottle throttle, AuthProperties properties, Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.passwords = passwords;
        this.throttle = throttle;
        this.properties = properties;
        this.clock = clock;
        this.unknownUserHash = SingletonSupplier.of(() -> passwords.encode(UUID.randomUUID().toString()));
    }

    @Transactional
    UserResponse register(RegisterRequest request) {
        if (!properties.selfRegistration()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Self-registration is switched off.");
        }
        if (request.password().getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw ApiException.validation("The request has invalid fields.",
                    List.of(new FieldError("password", "must be at most 72 bytes in UTF-8")));
        }
        String username = normalize(request.username());
        String displayName = request.displayName() == null || request.displayName().isBlank() ? username
                : request.displayName().strip();
        Instant now = clock.instant();
        User user = new User(UUID.randomUUID(), username, displayName, passwords.encode(request.password()), null,
                null, now, now);
        if (users.usernameTaken(username)) {
            throw usernameTaken();
        }
        try {
            users.insert(user);
        }
        catch (DuplicateKeyException ex) {
            throw usernameTaken();
        }
        log.info("Registered user {} ({})", user.id(), username);
        return new UserResponse(user.id(), user.username(), user.displayName());
    }

    @Transactional
    TokenResponse signIn(String rawUsername, String password, String clientAddress) {
        User signedIn = checkPassword(rawUsername, password, clientAddress);
        return tokens(signedIn, refreshTokens.issueNewFamily(signedIn.id()));
    }

    /**
     * The user the username and password name, with the same throttling, timing and answers as a
     * token sign-in: {@code 429} while throttled, {@code 401} for a wrong password or unknown user.
     */
    @Transactional
    User checkPassword(String rawUsername, String password, String clientAddress) {
        String username = normalize(rawUsername);
        Optional<Duration> blocked = throttle.blockedFor(username, clientAddress);
        if (blocked.isPresent()) {
            log.info("Refused a login for {} from {}: too many failures", username, clientAddress);
            throw ApiException.retryable(ErrorCode.TOO_MANY_REQUESTS,
                    "Too many failed logins; try again later.", blocked.get());
        }
        String unknown = unknownUserHash.obtain();
        Optional<User> user = users.findByUsername(username);
        String hash = user.map(User::passwordHash).orElse(null);
        boolean matches = passwords.matches(password, hash != null ? hash : unknown) && hash != null;
        if (!matches) {
            throttle.recordFailure(username, clientAddress);
            log.info("Failed login for {} from {}", username, clientAddress);
            throw new ApiException(ErrorCode.UNAUTHENTICATED, BAD_CREDENTIALS);
        }
        throttle.recordSuccess(username);
        return user.get();
    }

    Optional<User> user(UUID id) {
        return users.findById(id);
    }

    @Transactional(noRollbackFor = ApiException.class)
    TokenResponse refresh(String refreshToken) {
        RefreshTokens.Rotation rotation = refreshTokens.rotate(refreshToken)
            .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED,
                    "The refresh token is invalid, expired or revoked."));
        User user = users.findById(rotation.userId())
            .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "The user no longer exists."));
        return tokens(user, rotation.nextToken());
    }

    void signOut(String refreshToken) {
        refreshTokens.revokeFamilyOf(refreshToken);
    }

    private TokenResponse tokens(User user, String refreshToken) {
        return new TokenResponse(accessTokens.issue(user.id(), user.username()), "Bearer",
                accessTokens.lifetimeSeconds(), refreshToken);
    }

    static String normalize(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }

    private static ApiException usernameTaken() {
        return new ApiException(ErrorCode.CONFLICT, "That username is taken.");
    }
}
