package dev.togglbff.web;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bff.web.*}: limits and browser-facing settings of the HTTP API.
 *
 * @param maxRequestBody largest request body accepted; larger ones get {@code 413 PAYLOAD_TOO_LARGE}
 * @param cors           cross-origin settings for web frontends
 */
@Validated
@ConfigurationProperties("bff.web")
public record WebProperties(@NotNull DataSize maxRequestBody, @Valid @NotNull Cors cors) {

    /**
     * @param allowedOrigins exact origins allowed to call the API from a browser (none by default)
     * @param maxAgeSeconds  how long browsers may cache a preflight answer
     */
    public record Cors(@NotNull List<String> allowedOrigins, long maxAgeSeconds) {
    }
}
