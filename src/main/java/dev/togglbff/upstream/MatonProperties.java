package dev.togglbff.upstream;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bff.maton.*}: where Maton is, how long to wait for it, and how politely to call it.
 *
 * @param baseUrl              Maton's base URL; Toggl is reached under {@code /toggl-track/api/v9}
 * @param connectTimeout       time allowed to open a connection
 * @param responseTimeout      time allowed for an answer once the request is sent
 * @param createdWith          the {@code created_with} value Toggl requires on created time entries
 * @param maxResponseSize      largest answer body read into memory
 * @param errorDetailMaxLength longest upstream error text passed on as a problem's detail
 * @param projectsPageSize     {@code per_page} used when listing every project (Toggl allows at most 200)
 * @param listAllMaxPages      most pages fetched when listing every project
 * @param quotaResetFallback   how long a spent quota is assumed to last when Toggl does not say
 * @param backoff              retries on 429, 5xx and dropped connections
 * @param pacing               requests per Maton key over time
 */
@Validated
@ConfigurationProperties("bff.maton")
record MatonProperties(@NotNull URI baseUrl, @NotNull @DurationMin(millis = 1) Duration connectTimeout,
        @NotNull @DurationMin(millis = 1) Duration responseTimeout, @NotBlank String createdWith,
        @NotNull DataSize maxResponseSize, @Min(16) int errorDetailMaxLength, @Min(1) @Max(200) int projectsPageSize,
        @Min(1) int listAllMaxPages, @NotNull @DurationMin(seconds = 1) Duration quotaResetFallback,
        @Valid @NotNull Backoff backoff, @Valid @NotNull Pacing pacing) {

    /**
     * Exponential backoff with full jitter: the n-th wait is random in {@code [0, min(cap, base * 2^(n-1))]}
     * unless the upstream sent {@code Retry-After}.
     *
     * @param base        first backoff ceiling
     * @param cap         largest backoff ceiling
     * @param maxAttempts most attempts of one call, the first included
     * @param maxTotal    most time spent on one call across attempts and waits
     */
    record Backoff(@NotNull @DurationMin(millis = 1) Duration base, @NotNull @DurationMin(millis = 1) Duration cap,
            @Min(1) int maxAttempts, @NotNull @DurationMin(millis = 1) Duration maxTotal) {
    }

    /**
     * At most one request per {@code interval} per Maton key; a call that would wait longer than
     * {@code maxWait} for its turn is refused with {@code 429 TOO_MANY_REQUESTS}.
     *
     * @param interval time between two requests with the same key (zero turns pacing off)
     * @param maxWait  longest a call queues for its turn
     */
    record Pacing(@NotNull @DurationMin(nanos = 0) Duration interval, @NotNull @DurationMin(nanos = 0) Duration maxWait) {
    }
}
