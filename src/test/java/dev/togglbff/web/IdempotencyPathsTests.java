package dev.togglbff.web;

import dev.togglbff.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency-Key is honoured on exactly the create handlers marked {@link IdempotentCreate}: every
 * {@code POST} of the API that answers {@code 201}, including the team and Maton connection creates.
 */
@IntegrationTest
class IdempotencyPathsTests {

    @Autowired
    IdempotencyPaths paths;

    @Test
    void everyCreateIsCollectedFromItsHandler() {
        assertThat(paths.patterns()).containsExactlyInAnyOrder("/api/v1/teams", "/api/v1/teams/{teamId}/members",
                "/api/v1/me/connections", "/api/v1/teams/{teamId}/projects", "/api/v1/teams/{teamId}/clients",
                "/api/v1/teams/{teamId}/tags", "/api/v1/teams/{teamId}/time-entries",
                "/api/v1/teams/{teamId}/timer/start");
    }

    @Test
    void createPathsMatch() {
        String team = "/api/v1/teams/5b0f8a4e-3c1d-4f7a-9e2b-7d6c5a4b3f21";
        assertThat(paths.matches("/api/v1/teams")).isTrue();
        assertThat(paths.matches("/api/v1/me/connections")).isTrue();
        assertThat(paths.matches(team + "/time-entries")).isTrue();
        assertThat(paths.matches(team + "/timer/start")).isTrue();
        assertThat(paths.matches(team + "/projects")).isTrue();
        assertThat(paths.matches(team + "/clients")).isTrue();
        assertThat(paths.matches(team + "/tags")).isTrue();
        assertThat(paths.matches(team + "/members")).isTrue();
    }

    @Test
    void otherPathsDoNotMatch() {
        assertThat(paths.matches("/api/v1/teams/1/timer/stop")).isFalse();
        assertThat(paths.matches("/api/v1/teams/1/clients/2/archive")).isFalse();
        assertThat(paths.matches("/api/v1/teams/1/time-entries/2")).isFalse();
        assertThat(paths.matches("/api/v1/auth/register")).isFalse();
        assertThat(paths.matches("/api/v1/teams/1/2/tags")).isFalse();
    }
}
