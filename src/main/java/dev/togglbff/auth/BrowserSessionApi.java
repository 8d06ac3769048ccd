package dev.togglbff.auth;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** The bodies of the browser-session (cookie mode) API. None of them ever holds a token or the cookie's value. */
final class BrowserSessionApi {

    private BrowserSessionApi() {
    }

    @Schema(description = "The signed-in user and the browser session the cookie names.")
    record CurrentSessionResponse(AuthApi.UserResponse user, SessionResponse session) {
    }

    @Schema(description = "A browser session. Its id is a public handle for listing and revoking, not the cookie's value.")
    record SessionResponse(@Schema(example = "3f0c1f5e-8d7a-4a53-9f0e-2a4f7f0b8c11") UUID id,
            @Schema(description = "the User-Agent the session signed in with (at most 256 characters)") String userAgent,
            Instant createdAt, Instant lastSeenAt,
            @Schema(description = "when the session ends unless used again (idle time-out), or at the latest (absolute time-out)")
            Instant expiresAt,
            @Schema(description = "whether this is the session of the call") boolean current) {
    }
}
