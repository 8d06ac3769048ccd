package dev.togglbff.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import java.util.UUID;

/** The request and response bodies of the sign-in API. */
final class AuthApi {

    private AuthApi() {
    }

    @Schema(description = "A new account. The username is case-insensitive and stored in lower case.")
    record RegisterRequest(
            @Schema(example = "ada.lovelace", description = "3–64 characters of a–z, 0–9, '.', '_' or '-'")
            @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{3,64}",
                    message = "must be 3 to 64 characters of a-z, 0-9, '.', '_' or '-'") String username,
            @Schema(example = "correct horse battery", description = "at least 12 characters",
                    accessMode = Schema.AccessMode.WRITE_ONLY)
            @NotNull @Size(min = 12, max = 72, message = "must be 12 to 72 characters") String password,
            @Schema(example = "Ada Lovelace") @Size(max = 128, message = "must be at most 128 characters")
            @Nullable String displayName) {

        @Override
        public String toString() {
            return "RegisterRequest[username=" + username + "]";
        }
    }

    record UserResponse(UUID id, String username, String displayName) {
    }

    record TokenRequest(@Schema(example = "ada.lovelace") @NotBlank @Size(max = 64) String username,
            @Schema(example = "correct horse battery", accessMode = Schema.AccessMode.WRITE_ONLY)
            @NotBlank @Size(max = 1024) String password) {

        @Override
        public String toString() {
            return "TokenRequest[username=" + username + "]";
        }
    }

    record RefreshRequest(@NotBlank @Size(max = 256) String refreshToken) {

        @Override
        public String toString() {
            return "RefreshRequest[]";
        }
    }

    @Schema(description = "An access token (JWT, RS256) and the refresh token that renews it.")
    record TokenResponse(String accessToken, @Schema(example = "Bearer") String tokenType,
            @Schema(description = "seconds until the access token expires", example = "900") long expiresIn,
            String refreshToken) {

        @Override
        public String toString() {
            return "TokenResponse[expiresIn=" + expiresIn + "]";
        }
    }
}
