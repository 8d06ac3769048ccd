package dev.togglbff.web;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bff.web.*}: limits and browser-facing settings of the HTTP API.
 *
 * @param maxRequestBody largest request body accepted; larger ones get {@code 413 PAYLOAD_TOO_LARGE}
 * @param cors           cross-origin settings for web frontends
 * @param idempotency    how {@code Idempotency-Key} is honoured on create requests
 */
@Validated
@ConfigurationProperties("bff.web")
record WebProperties(@NotNull DataSize maxRequestBody, @Valid @NotNull Cors cors,
        @Valid @NotNull Idempotency idempotency) {

    /**
     * @param allowedOrigins exact origins allowed to call the API from a browser (none by default). Since
     *                       these origins may send credentialed (cookie) requests, {@code *} and other
     *                       patterns are refused at start-up
     * @param maxAgeSeconds  how long browsers may cache a preflight answer
     */
    public record Cors(@NotNull List<@Pattern(regexp = "https?://[^/*\\s?#@]+/?", message = "must be one exact origin "
            + "such as https://app.example.com: '*' and other patterns are refused, because these origins may send "
            + "credentialed (session cookie) requests") String> allowedOrigins, long maxAgeSeconds) {
    }

    /**
     * @param ttl             how long a key and its recorded answer are kept
     * @param maxWait         ({@code wait}) how long a repeat waits for the first request with its key to
     *                        finish before it gets {@code 409 CONFLICT}
     * @param pollInterval    how often a waiting repeat looks at the first request's record
     * @param cleanupInterval how often expired records are deleted
     */
    public record Idempotency(@NotNull Duration ttl,
            @Name("wait") @NotNull Duration maxWait, @NotNull Duration pollInterval,
            @NotNull Duration cleanupInterval, @NotNull Duration abandonAfter) {
    }
}
