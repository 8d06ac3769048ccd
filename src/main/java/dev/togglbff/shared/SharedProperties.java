package dev.togglbff.shared;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bff.shared.*}: the shared-state mode, on whenever {@code spring.data.redis.host} is set.
 *
 * @param keyPrefix  prefix of every Redis key the service writes (several deployments may share one Redis)
 * @param retryAfter how long Redis is left alone after a failed command before shared mode is tried again
 * @param fetchWait  how long the other instances wait for the one fetching a cold entry or refreshing a
 *                   mirror (and then fetch themselves: the fetching one may have died); also how long
 *                   its marker lives in Redis
 * @param claimLease how long one instance may hold a key's quota claim (check the ledger, send, record)
 *                   before the others claim without it
 */
@Validated
@ConfigurationProperties("bff.shared")
record SharedProperties(@NotBlank String keyPrefix,
        @NotNull @DurationMin(millis = 1) Duration retryAfter, @NotNull @DurationMin(millis = 1) Duration fetchWait,
        @NotNull @DurationMin(millis = 1) Duration claimLease) {
}
