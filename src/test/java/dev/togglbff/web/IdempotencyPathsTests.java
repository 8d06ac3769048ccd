package dev.togglbff.web;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The default idempotency paths are the create requests of the team API, and nothing else. */
class IdempotencyPathsTests {

    private static final List<String> DEFAULTS = List.of("/api/v1/teams/*/time-entries",
            "/api/v1/teams/*/timer/start", "/api/v1/teams/*/projects", "/api/v1/teams/*/clients",
            "/api/v1/teams/*/tags");

    private final IdempotencyPaths paths = new IdempotencyPaths(new WebProperties(DataSize.ofKilobytes(64),
            new WebProperties.Cors(List.of(), 0), new WebProperties.Idempotency(DEFAULTS, Duration.ofHours(24),
                    Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1), Duration.ofMinutes(2))));

    @Test
    void createPathsMatch() {
        String team = "/api/v1/teams/5b0f8a4e-3c1d-4f7a-9e2b-7d6c5a4b3f21";
        assertThat(paths.matches(team + "/time-entries")).isTrue();
        assertThat(paths.matches(team + "/timer/start")).isTrue();
        assertThat(paths.matches(team + "/projects")).isTrue();
        assertThat(paths.matches(team + "/clients")).isTrue();
        assertThat(paths.matches(team + "/tags")).isTrue();
    }

    @Test
    void otherPathsDoNotMatch() {
        assertThat(paths.matches("/api/v1/teams/1/timer/stop")).isFalse();
        assertThat(paths.matches("/api/v1/teams/1/clients/2/archive")).isFalse();
        assertThat(paths.matches("/api/v1/teams/1/time-entries/2")).isFalse();
        assertThat(paths.matches("/api/v1/teams")).isFalse();
        assertThat(paths.matches("/api/v1/teams/1/2/tags")).isFalse();
    }
}
