package dev.togglbff.teams;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bff.teams.*}.
 *
 * @param membershipTtl     how long the team guard may reuse a looked-up membership; changes made
 *                          through this instance take effect at once, changes made through another
 *                          instance within this time
 * @param membershipEntries memberships remembered at most
 */
@Validated
@ConfigurationProperties("bff.teams")
record TeamsProperties(@NotNull Duration membershipTtl, @Min(1) long membershipEntries) {
}
