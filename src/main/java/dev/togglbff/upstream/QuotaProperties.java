package dev.togglbff.upstream;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bff.quota.*}: the Toggl quota each key is assumed to have until Toggl's own readings say
 * more, and the share of it that reads may spend.
 *
 * @param userLimit      requests per window in the user bucket ({@code /me...}): 30 on every plan
 * @param workspaceLimit requests per window per organization: 30 on Free (240 Starter, 600 Premium);
 *                       a larger limit is learnt from Toggl's quota headers
 * @param budgetShare    share of a bucket that reads and refreshes may spend; the rest is kept for writes
 * @param window         Toggl's sliding quota window
 */
@Validated
@ConfigurationProperties("bff.quota")
record QuotaProperties(@Min(1) long userLimit, @Min(1) long workspaceLimit,
        @DecimalMin("0.05") @DecimalMax("1.0") double budgetShare,
        @NotNull @DurationMin(seconds = 1) Duration window) {

    /** The assumed limit of a bucket before any reading. */
    long limitOf(QuotaScope scope) {
        return QuotaScope.user().equals(scope) ? userLimit : workspaceLimit;
    }
}
