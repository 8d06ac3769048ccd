package dev.togglbff.sandbox;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bff.sandbox.*}: the built-in stand-in for Maton and Toggl (never served in {@code prod}).
 *
 * @param enabled     whether {@code /sandbox/**} is served and {@code sandbox_...} keys are accepted
 * @param baseUrl     where the upstream client reaches the sandbox; unset, this application's own
 *                    loopback address and port ({@code http://127.0.0.1:<port>/sandbox/maton})
 * @param defaultPlan the Toggl plan a new sandbox account starts on (sets the workspace quota)
 * @param maxAccounts most sandbox accounts (keys) kept in memory; the least recently used goes first
 * @param stall       how long a queued "slow answer" fault holds the answer back; longer than
 *                    {@code bff.maton.response-timeout} so that the client gives up first
 */
@Validated
@ConfigurationProperties("bff.sandbox")
record SandboxProperties(boolean enabled, @Nullable URI baseUrl, @NotNull Plan defaultPlan, @Min(1) int maxAccounts,
        @NotNull @DurationMin(millis = 1) @DurationMax(seconds = 25) Duration stall) {
}
